"""The QI team's pages for running a consultation: publishing it, moderating and tagging its
comments, its analysis and export, and its response with the adopted version."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from qihub.consultations.errors import ConsultationError
from qihub.consultations.exports import XLSX_TYPE, comments_csv, comments_file_name, comments_xlsx
from qihub.consultations.forms import RejectForm, ResponseForm, TagForm, ThemeForm
from qihub.consultations.models import CommentStatus, ConsultationStatus
from qihub.consultations.selectors import (
    analysis_for,
    attribution_for_team,
    comments_for_moderators,
    comments_held_count,
    response_parts_to_edit,
)
from qihub.consultations.services import (
    comment_moderate,
    comment_tag,
    consultation_publish,
    response_save,
    theme_add,
)
from qihub.consultations.views.common import managed_or_403
from qihub.core.permissions import role_required

COMMENTS_PER_PAGE = 50
DECISIONS = {
    "approve": CommentStatus.PUBLISHED,
    "reject": CommentStatus.REJECTED,
    "spam": CommentStatus.SPAM,
}


@role_required()
@require_GET
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = managed_or_403(request, slug)
    held = comments_held_count(consultation=consultation)
    return TemplateResponse(
        request,
        "consultations/manage/index.html",
        {"consultation": consultation, "held": held},
    )


@role_required()
@require_POST
def manage_publish(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = managed_or_403(request, slug)
    try:
        consultation_publish(consultation=consultation, user=request.user)
    except ConsultationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{consultation.title} is published.")
    return redirect("consultations:manage", consultation.slug)


@role_required()
@require_GET
def moderate(request: HttpRequest, slug: str) -> HttpResponse:
    """Comments to moderate (held first), or any status, or any theme, each with who wrote it."""
    consultation = managed_or_403(request, slug)
    status = request.GET.get("status", CommentStatus.HELD)
    if status not in CommentStatus.values and status != "all":
        status = CommentStatus.HELD
    theme = request.GET.get("theme", "")
    comments = comments_for_moderators(
        consultation=consultation,
        status="" if status == "all" else status,
        theme_id=int(theme) if theme.isdigit() else None,
    )
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "comment": comment,
            "attribution": attribution_for_team(comment.participant),
            "tag_form": TagForm(
                consultation=consultation,
                initial={"themes": list(comment.themes.all())},
                auto_id=f"c{comment.pk}_%s",
            ),
            "reject_form": RejectForm(auto_id=f"c{comment.pk}_%s"),
        }
        for comment in page.object_list
    ]
    return TemplateResponse(
        request,
        "consultations/manage/moderate.html",
        {
            "consultation": consultation,
            "page": page,
            "rows": rows,
            "status": status,
            "statuses": CommentStatus.choices,
            "theme_form": ThemeForm(),
            "themes": consultation.themes.all(),
            "theme": theme,
        },
    )


@role_required()
@require_POST
def moderate_comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Approve, reject (with a reason) or mark as spam one comment, or set its themes."""
    consultation = managed_or_403(request, slug)
    comment = get_object_or_404(consultation.comments.select_related("consultation"), pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "tag":
            form = TagForm(request.POST, consultation=consultation)
            if not form.is_valid():
                raise ConsultationError("Choose themes from the list.", code="theme")
            comment_tag(
                comment=comment, user=request.user, themes=list(form.cleaned_data["themes"])
            )
            messages.success(request, f"Comment {comment.pk}'s themes are saved.")
        elif action in DECISIONS:
            comment_moderate(
                comment=comment,
                user=request.user,
                status=DECISIONS[action],
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, f"Comment {comment.pk} is {DECISIONS[action].label.lower()}.")
        else:
            raise ConsultationError("Choose what to do with the comment.", code="action")
    except ConsultationError as error:
        messages.error(request, f"Comment {comment.pk}: {error.message}")
    listing = reverse("consultations:moderate", args=[consultation.slug])
    shown = request.POST.get("shown", "")
    if shown in CommentStatus.values or shown == "all":
        listing += f"?status={shown}"
    return redirect(listing)


@role_required()
@require_POST
def manage_theme_add(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = managed_or_403(request, slug)
    form = ThemeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Enter the new theme's name, in 120 characters or fewer.")
    else:
        try:
            theme = theme_add(
                consultation=consultation, user=request.user, name=form.cleaned_data["name"]
            )
        except ConsultationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"The theme “{theme.name}” is added.")
    return redirect("consultations:moderate", consultation.slug)


@role_required()
@require_GET
def analysis(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = managed_or_403(request, slug)
    return TemplateResponse(
        request,
        "consultations/manage/analysis.html",
        {"consultation": consultation, "analysis": analysis_for(consultation=consultation)},
    )


@role_required()
@require_GET
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Every comment as CSV or XLSX (`exports`)."""
    consultation = managed_or_403(request, slug)
    if fmt == "csv":
        response = HttpResponse(
            comments_csv(consultation=consultation), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(comments_xlsx(consultation=consultation), content_type=XLSX_TYPE)
    name = comments_file_name(consultation=consultation, extension=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required()
@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Write the response and the adopted version; save it, or publish it (which adopts)."""
    consultation = managed_or_403(request, slug)
    themes = list(consultation.themes.all())
    parts = response_parts_to_edit(consultation=consultation)
    form = ResponseForm(
        request.POST or None,
        themes=themes,
        parts=parts,
        initial={"summary": consultation.response_summary},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            draft = form.response_draft()
            publish = request.POST.get("publish") == "yes"
            try:
                response_save(
                    consultation=consultation, user=request.user, response=draft, publish=publish
                )
            except ConsultationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    "The response is published and the adopted version is live."
                    if publish
                    else "The response is saved as a draft.",
                )
                if publish:
                    return redirect("consultations:response", consultation.slug)
                return redirect("consultations:response_edit", consultation.slug)
        status = 400
    return TemplateResponse(
        request,
        "consultations/manage/response_edit.html",
        {
            "consultation": consultation,
            "form": form,
            "responded": consultation.status == ConsultationStatus.RESPONDED,
        },
        status=status,
    )
