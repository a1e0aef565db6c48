"""Site search answers any query a visitor can type: quotes, operators, long strings."""

import pytest
from wagtail.models import Page

from qihub.core.demo import TRUST_NAME
from qihub.microsite.demo import demo_site_build

QUERIES = [
    '"',
    '""',
    '"improvement',
    "improvement\"'",
    "AND",
    "OR NOT",
    "improvement AND",
    "NEAR(a b)",
    "*",
    "improve*",
    "-improvement",
    "title:improvement",
    "(improvement",
    "^improvement",
    "a + b",
    "; DROP TABLE wagtailcore_page; --",
    "%",
    "nul\x00byte",
    "\\",
    "é ü 中文 🙂",
    "improvement " * 100,
    "x" * 5000,
]


@pytest.fixture
def site(db, settings):
    # The search index is brought up to date by the task worker; here, at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    demo_site_build(organisation_name=TRUST_NAME)


@pytest.mark.parametrize("query", QUERIES)
def test_any_query_gets_a_results_page(client, site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "Search" in response.content.decode()


def test_a_quoted_phrase_still_finds_the_page(client, site):
    page = Page.objects.live().filter(depth=3).first().specific
    word = max(page.title.split(), key=len)  # not a stop word such as "about"
    response = client.get("/search/", {"q": f'"{word}'})
    assert page.title in [result.title for result in response.context["results"]]


def test_search_finds_the_spc_tool(client, site):
    page = client.get("/search/", {"q": "run chart"}).content.decode()
    assert '<a href="/spc/">SPC chart tool</a>' in page


def test_results_from_apps_come_first_and_pages_follow_across_pages(client, site):
    pages = Page.objects.live().public().specific().search("improvement data").count()
    assert pages, "the demo site has pages about improvement"
    first = client.get("/search/", {"q": "improvement data"})
    results = first.context["results"]
    assert results.paginator.count == pages + 1
    assert results[0].title == "SPC chart tool"
    titles = [
        result.title
        for number in results.paginator.page_range
        for result in results.paginator.page(number)
    ]
    assert len(titles) == len(set(titles)) == pages + 1
