from collections.abc import Sequence
from typing import Any, overload

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

from qihub.core.extensions import SearchResult, site_search_results

RESULTS_PER_PAGE = 10
# Characters a search term cannot carry to the database: SQLite's full-text search ends a term
# at a double quote (Wagtail quotes each term without escaping one), PostgreSQL refuses NUL.
UNSEARCHABLE = str.maketrans({'"': " ", "\x00": " "})


class _Results(Sequence[SearchResult]):
    """The apps' results, then the matching pages, read from the database a page at a time."""

    def __init__(self, first: list[SearchResult], pages: Any, request: HttpRequest):
        self.first, self.pages, self.request = first, pages, request

    def __len__(self) -> int:
        return len(self.first) + self.pages.count()

    def _result(self, page: Any) -> SearchResult:
        summary = getattr(page, "summary", "") or getattr(page, "intro", "")
        return SearchResult(page.title, page.get_url(self.request) or "", summary)

    @overload
    def __getitem__(self, index: int) -> SearchResult: ...
    @overload
    def __getitem__(self, index: slice) -> list[SearchResult]: ...
    def __getitem__(self, index: int | slice) -> SearchResult | list[SearchResult]:
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(len(self))
        apps = self.first[start:stop]
        offset = max(start - len(self.first), 0)
        wanted = stop - start - len(apps)
        pages = self.pages[offset : offset + wanted] if wanted > 0 else []
        return apps + [self._result(page) for page in pages]


def search(request: HttpRequest) -> HttpResponse:
    """Search the public site: the apps' own pages (competitions, the SPC tool), then Wagtail's."""
    query = request.GET.get("q", "").strip()[:200]
    terms = " ".join(query.translate(UNSEARCHABLE).split())
    if terms:
        pages = Page.objects.live().public().specific().search(terms)
        found = _Results(site_search_results(query=terms, user=request.user), pages, request)
    else:
        found = _Results([], Page.objects.none(), request)
    page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "microsite/search.html", {"query": query, "results": page})
