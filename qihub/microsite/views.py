from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

RESULTS_PER_PAGE = 10


def search(request: HttpRequest) -> HttpResponse:
    """Search the public site's live pages."""
    query = request.GET.get("q", "").strip()[:200]
    results = (
        Page.objects.live().public().specific().search(query) if query else Page.objects.none()
    )
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(request, "microsite/search.html", {"query": query, "results": page})
