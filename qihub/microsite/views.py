from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 10
# Characters a search term cannot carry to the database: SQLite's full-text search ends a term
# at a double quote (Wagtail quotes each term without escaping one), PostgreSQL refuses NUL.
UNSEARCHABLE = str.maketrans({'"': " ", "\x00": " "})


def search(request: HttpRequest) -> HttpResponse:
    """Search the public site's live pages."""
    query = request.GET.get("q", "").strip()[:200]
    terms = " ".join(query.translate(UNSEARCHABLE).split())
    results = (
        Page.objects.live().public().specific().search(terms) if terms else Page.objects.none()
    )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "microsite/search.html", {"query": query, "results": page})
