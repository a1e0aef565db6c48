"""The programme's public pages: the mission and aims, each aim, the stages, the history of the
mission and vision. Only what is published; the QI team also sees draft aims, marked."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from qihub.programme.selectors import stages_all, statements_published


@require_GET
def programme_index(request: HttpRequest) -> HttpResponse:
    """Our mission and aims: the vision and mission, and every aim's status in one table."""
    statements = statements_published()
    return TemplateResponse(
        request,
        "programme/index.html",
        {"vision": statements["vision"], "mission": statements["mission"]},
    )


@require_GET
def stages_timeline(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "programme/stages.html", {"stages": stages_all()})


@require_GET
def statement_history(request: HttpRequest) -> HttpResponse:
    """Every published version of the mission and vision, newest first, with its date."""
    statements = statements_published()
    return TemplateResponse(
        request,
        "programme/history.html",
        {"histories": [statements["mission"], statements["vision"]]},
    )
