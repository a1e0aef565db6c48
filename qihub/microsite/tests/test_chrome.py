"""The NHS header, navigation and footer: cached between requests, fresh after a change."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtailnhsukfrontend.settings.models import FooterSettings, HeaderSettings, NavigationLink

from qihub.core.demo import TRUST_NAME
from qihub.microsite.chrome import chrome_version
from qihub.microsite.demo import demo_site_build
from qihub.microsite.models import ContentPage

pytestmark = pytest.mark.django_db

CHROME_TABLES = ("wagtailnhsukfrontendsettings_", "wagtailcore_site", "wagtailcore_page")


@pytest.fixture
def demo_site() -> Site:
    demo_site_build(organisation_name=TRUST_NAME)
    return Site.objects.get(is_default_site=True)


def _page(title: str) -> ContentPage:
    return ContentPage.objects.get(title=title)


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def _without_csrf_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_visitor_gets_a_page_outside_wagtail_with_no_query_once_the_chrome_is_cached(
    client, demo_site, django_assert_num_queries
):
    first = client.get("/spc/").content.decode()
    with django_assert_num_queries(0):
        second = client.get("/spc/").content.decode()
    assert _without_csrf_tokens(second) == _without_csrf_tokens(first)
    assert "<title>Make an SPC chart – Improving together</title>" in second
    assert 'href="/about-the-programme/">About the programme</a>' in second
    assert 'href="/accessibility-statement/">Accessibility statement</a>' in second


def test_a_signed_in_page_outside_wagtail_queries_only_the_session_and_user(
    client, demo_site, staff_user
):
    client.force_login(staff_user)
    client.get("/spc/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/spc/")
    # Each query's table, from its first column.
    tables = [re.findall(r'^SELECT "(\w+)"', q["sql"]) for q in queries.captured_queries]
    # The session, and the user (with their person and whether they are on the QI team, for the
    # "Back office" link: core.auth_backends).
    assert tables == [["django_session"], ["core_user"]]
    assert not [q for q in queries.captured_queries if any(t in q["sql"] for t in CHROME_TABLES)]
    assert len(queries.captured_queries) == 2
    assert "Improving together</a>" in response.content.decode()


def test_the_navigation_marks_the_current_item_for_each_path(client, demo_site):
    about = client.get("/about-the-programme/").content.decode()
    aims = client.get("/our-aims/").content.decode()
    spc = client.get("/spc/").content.decode()
    assert 'href="/about-the-programme/" aria-current="page"' in about
    assert 'href="/our-aims/" aria-current' not in about
    assert 'href="/our-aims/" aria-current="page"' in aims
    assert 'href="/about-the-programme/" aria-current' not in aims
    assert 'href="/spc/" aria-current="page"' in spc
    assert "aria-current" not in spc.replace('href="/spc/" aria-current="page"', "")


def test_a_new_service_name_shows_on_the_next_request(
    client, demo_site, django_capture_on_commit_callbacks
):
    assert "Improving together</a>" in client.get("/spc/").content.decode()
    header = HeaderSettings.for_site(demo_site)
    header.service_name = "Better together"
    with django_capture_on_commit_callbacks(execute=True):
        header.save()
    page = client.get("/spc/").content.decode()
    assert "<title>Make an SPC chart – Better together</title>" in page
    assert ">Better together</a>" in page
    assert "Improving together" not in page


def test_a_renamed_navigation_link_shows_on_the_next_request(
    client, demo_site, django_capture_on_commit_callbacks
):
    client.get("/spc/")
    link = NavigationLink.objects.get(label="Our aims")
    link.label = "What we aim for"
    with django_capture_on_commit_callbacks(execute=True):
        link.save()
    page = client.get("/spc/").content.decode()
    assert 'href="/our-aims/">What we aim for</a>' in page
    assert ">Our aims</a>" not in page


def test_a_changed_footer_link_shows_on_the_next_request(
    client, demo_site, django_capture_on_commit_callbacks
):
    client.get("/spc/")
    link = FooterSettings.for_site(demo_site).footer_links.get()
    link.link_url = "https://trust.example/accessibility/"
    with django_capture_on_commit_callbacks(execute=True):
        link.save()
    assert 'href="https://trust.example/accessibility/"' in client.get("/spc/").content.decode()


def test_the_qi_team_editing_the_header_in_the_back_office_shows_on_the_next_request(
    client, demo_site, qi_team_user, django_capture_on_commit_callbacks
):
    """Through Wagtail's settings form, which saves the header and its links together."""
    client.force_login(qi_team_user)
    client.get("/spc/")
    links = list(HeaderSettings.for_site(demo_site).navigation_links.order_by("sort_order"))
    data = nested_form_data(
        {
            "service_name": "Better together",
            "organisation_name": TRUST_NAME,
            "navigation_links": inline_formset(
                [
                    {"id": links[0].pk, "label": "About us", "page": links[0].page_id},
                    {"id": links[1].pk, "label": links[1].label, "page": links[1].page_id},
                    {"id": links[2].pk, "label": "", "page": "", "DELETE": "1"},
                ],
                initial=3,
            ),
        }
    )
    url = reverse(
        "wagtailsettings:edit",
        args=["wagtailnhsukfrontendsettings", "headersettings", demo_site.pk],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    page = client.get("/spc/").content.decode()
    assert ">Better together</a>" in page
    assert 'href="/about-the-programme/">About us</a>' in page
    assert 'href="/get-involved/"' not in page


def test_a_published_page_title_and_slug_show_on_the_next_request(
    client, demo_site, django_capture_on_commit_callbacks
):
    client.get("/about-the-programme/")
    client.get("/spc/")
    about = _page("About the programme")
    about.title = "About our programme"
    about.slug = "about"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    page = client.get("/about/").content.decode()
    assert "<title>About our programme – Improving together</title>" in page
    assert 'href="/about/" aria-current="page"' in page
    assert 'href="/about/">About the programme</a>' in client.get("/spc/").content.decode()


def test_a_moved_page_shows_at_its_new_address_under_its_new_parent(
    client, demo_site, django_capture_on_commit_callbacks
):
    client.get("/spc/")
    with django_capture_on_commit_callbacks(execute=True):
        _page("Our aims").move(_page("About the programme"), pos="last-child")
    assert (
        'href="/about-the-programme/our-aims/">Our aims</a>' in client.get("/spc/").content.decode()
    )
    page = client.get("/about-the-programme/our-aims/").content.decode()
    assert 'href="/about-the-programme/" aria-current="true"' in page
    assert 'href="/about-the-programme/our-aims/" aria-current="page"' in page


def test_a_deleted_page_leaves_the_navigation(
    client, demo_site, django_capture_on_commit_callbacks
):
    assert 'href="/get-involved/"' in client.get("/spc/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _page("Get involved").delete()
    assert 'href="/get-involved/"' not in client.get("/spc/").content.decode()


def test_changing_a_site_or_unpublishing_a_page_starts_a_new_version(
    demo_site, django_capture_on_commit_callbacks
):
    before = chrome_version()
    with django_capture_on_commit_callbacks(execute=True):
        demo_site.site_name = "Improving together, again"
        demo_site.save()
    after_site = chrome_version()
    with django_capture_on_commit_callbacks(execute=True):
        _page("Our aims").unpublish()
    assert len({before, after_site, chrome_version()}) == 3


def test_a_change_waits_for_its_transaction_to_commit(
    demo_site, django_capture_on_commit_callbacks
):
    """Until then another request would read, and cache, what the database held before."""
    before = chrome_version()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        HeaderSettings.for_site(demo_site).save()
    assert chrome_version() == before
    for callback in callbacks:
        callback()
    assert chrome_version() != before


def test_each_person_sees_only_their_own_account_links_and_csrf_token(
    demo_site, staff_user, qi_team_user
):
    staff, qi_team, visitor = (Client(enforce_csrf_checks=True) for _ in range(3))
    staff.force_login(staff_user)
    qi_team.force_login(qi_team_user)
    qi_team_page = qi_team.get("/spc/").content.decode()
    staff_page = staff.get("/spc/").content.decode()
    visitor_page = visitor.get("/spc/").content.decode()
    assert "Back office" in qi_team_page
    assert "Back office" not in staff_page
    assert "Sign out" in staff_page
    assert "Sign out" not in visitor_page
    assert 'href="/accounts/login/">Sign in</a>' in visitor_page
    # The sign-out form carries the reader's own token (it matches their CSRF cookie).
    sign_out = "/accounts/logout/"
    refused = staff.post(sign_out, {"csrfmiddlewaretoken": _csrf_token(qi_team_page)})
    assert refused.status_code == 403
    signed_out = staff.post(sign_out, {"csrfmiddlewaretoken": _csrf_token(staff_page)})
    assert signed_out.status_code == 302
