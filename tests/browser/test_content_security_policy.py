"""The back office and the API docs work under their Content-Security-Policy, and load nothing
from anywhere but this site."""

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Page as WagtailPage

from qihub.core.models import User

pytestmark = pytest.mark.browser

# Recorded before any page script runs, so a violation during loading is caught too.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def _visit(page: Page, path: str, elsewhere: list[str], origin: str) -> list[str]:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert not [url for url in elsewhere if not url.startswith(origin)], elsewhere
    return page.evaluate("window.__cspViolations")


def test_the_back_office_works_under_its_policy(
    page: Page, sign_in: Callable[[User], None], qi_team_user: User, live_server
):
    sign_in(qi_team_user)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(WATCH_VIOLATIONS)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(live_server.url))
    home = WagtailPage.objects.filter(depth=2).first()
    assert home is not None
    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home.pk}/edit/",
        "/admin/snippets/core/person/",
        "/admin/images/multiple/add/",
        "/admin/reports/site-history/",
    ]:
        assert _visit(page, path, requested, origin) == [], path
    # The editor's live preview is a frame of the back office.
    page.goto(f"/admin/pages/{home.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    page.wait_for_load_state("networkidle")
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate("window.__cspViolations") == []


def test_the_api_docs_load_swagger_from_this_site(page: Page, live_server):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(WATCH_VIOLATIONS)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(live_server.url))
    assert _visit(page, "/api/v1/docs", requested, origin) == []
    expect(page.get_by_text("/api/v1/directorates")).to_be_visible()
