"""What every competition view needs: the competition the user may see, and service errors."""

from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Competition
from qihub.competitions.selectors import competition_for


def competition_or_404(request: HttpRequest, slug: str) -> Competition:
    competition = competition_for(user=request.user, slug=slug)
    if competition is None:
        raise Http404
    return competition


def notice(
    request: HttpRequest,
    competition: Competition,
    *,
    title: str,
    lines: list[str],
    status: int = 200,
    links: list[tuple[str, str]] | None = None,
    fragment: str = "",
) -> HttpResponse:
    """A short page that says why the user cannot do something here, and where to go instead
    (`fragment`: a template that says more, included after the lines)."""
    return TemplateResponse(
        request,
        "competitions/notice.html",
        {
            "competition": competition,
            "title": title,
            "lines": lines,
            "links": links or [],
            "fragment": fragment,
        },
        status=status,
    )


def confirmation(
    request: HttpRequest,
    competition: Competition,
    *,
    question: str,
    consequence: str,
    yes: str,
    fields: dict[str, str],
    back_url: str,
) -> HttpResponse:
    """Ask before a change that cannot be undone: the page posts `fields` back to the same
    address with `confirm=yes` (so it works without JavaScript), or goes back."""
    return TemplateResponse(
        request,
        "competitions/confirm.html",
        {
            "competition": competition,
            "question": question,
            "lines": [consequence],
            "action_url": request.path,
            "fields": fields,
            "yes": yes,
            "back_url": back_url,
        },
    )


def confirmed(request: HttpRequest) -> bool:
    """Whether the request comes from a confirmation page's button."""
    return request.POST.get("confirm") == "yes"


def error_to_form(form: forms.Form, error: CompetitionError, fields: dict[str, str]) -> None:
    """Show a service's refusal on the form, at the field it concerns when there is one."""
    field: Any = fields.get(error.code)
    form.add_error(field if field in form.fields else None, error.message)
