"""The roster upload's page in a browser: it follows a large file without JavaScript."""

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from qihub.core.models import RosterUpload, RosterUploadStatus, User
from qihub.core.roster import RosterReport

from .conftest import axe_violations


def _running_upload(user: User) -> RosterUpload:
    return RosterUpload.objects.create(
        uploaded_by=user,
        source_name="roster.csv",
        data=b"employee_number\r\n",
        full_roster=False,
        dry_run=True,
        status=RosterUploadStatus.RUNNING,
        rows_total=50_000,
        rows_done=20_000,
    )


@pytest.fixture
def qi_team_page_without_js(
    browser: Browser, site: LiveServer, qi_team_user: User
) -> Iterator[Page]:
    context = browser.new_context(base_url=site.url, java_script_enabled=False)
    client = Client()
    client.force_login(qi_team_user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site.url}])
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_the_upload_page_follows_a_large_file_without_javascript(
    qi_team_page_without_js: Page, qi_team_user: User
) -> None:
    page = qi_team_page_without_js
    upload = _running_upload(qi_team_user)
    kept = RosterUpload.objects.filter(pk=upload.pk)
    page.goto(f"/admin/roster/upload/{upload.pk}/")
    expect(page.get_by_text("Checked 20,000 of 50,000 rows")).to_be_visible()

    kept.update(rows_done=45_000)
    expect(page.get_by_text("Checked 45,000 of 50,000 rows")).to_be_visible(timeout=10_000)

    kept.update(
        status=RosterUploadStatus.DONE,
        rows_done=50_000,
        report=RosterReport(rows=50_000, unchanged=50_000, dry_run=True).to_data(),
    )
    heading = page.get_by_role("heading", name="Preview: nothing has been changed")
    expect(heading).to_be_visible(timeout=10_000)


@pytest.mark.browser
def test_the_upload_page_passes_axe(
    page: Page, sign_in: Callable[[User], None], qi_team_user: User
) -> None:
    sign_in(qi_team_user)
    upload = _running_upload(qi_team_user)
    page.goto(f"/admin/roster/upload/{upload.pk}/?refresh=off")
    expect(page.get_by_text("Checked 20,000 of 50,000 rows")).to_be_visible()
    assert axe_violations(page) == ""
