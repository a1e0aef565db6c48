"""Pages anyone can see: the consultations, each draft with its published comments, taking
part, a visitor's confirmation, opting out of the response email, and the response."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from qihub.consultations import spam
from qihub.consultations.drafts import draft_parts_now
from qihub.consultations.errors import ConsultationError
from qihub.consultations.forms import WHOLE, ContributionForm
from qihub.consultations.models import (
    Comment,
    CommentStatus,
    Consultation,
    ConsultationPart,
    ConsultationStatus,
    Participant,
)
from qihub.consultations.permissions import (
    audience_of,
    consultation_can_manage,
    consultation_can_take_part,
)
from qihub.consultations.selectors import (
    comments_for_public,
    consultations_visible_to,
    has_answered,
    parts_with_counts,
    published_comments,
    response_of,
    whole_draft_comment_count,
)
from qihub.consultations.services import (
    Contribution,
    contribution_submit,
    response_opt_out,
    visitor_confirm,
    visitor_confirm_check,
)
from qihub.consultations.views.common import consultation_or_404
from qihub.core.permissions import person_for

COMMENTS_PER_PAGE = 50
# The visitor participants whose address was confirmed in this browser (the newest few).
CONFIRMED_HERE = "consultations_confirmed_here"
CONFIRMED_HERE_KEPT = 20
# Where each refusal shows on the form.
ERROR_FIELDS = {
    "too_long": "comment",
    "visitor_email": "visitor_email",
    "visitor_kind": "visitor_kind",
}


@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = consultations_visible_to(user=request.user)
    return TemplateResponse(request, "consultations/list.html", {"consultations": consultations})


@require_GET
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The draft as consulted on, part by part, with its published comments' counts and a link
    to comment on each part; what the reader can do now."""
    consultation = consultation_or_404(request, slug)
    context = {
        "consultation": consultation,
        "parts": parts_with_counts(consultation=consultation),
        "whole_count": whole_draft_comment_count(consultation=consultation),
        "may_take_part": consultation_can_take_part(user=request.user, obj=consultation),
        "audience": audience_of(request.user),
        "may_manage": consultation_can_manage(user=request.user, obj=consultation),
        # Only the QI team sees a draft consultation: the draft as it stands, until published.
        "preview_parts": draft_parts_now(consultation=consultation)
        if consultation.status == ConsultationStatus.DRAFT
        else [],
    }
    return TemplateResponse(request, "consultations/detail.html", context)


class _NoSuchPart(Exception):
    pass


def _part_from(
    request: HttpRequest, parts: list[ConsultationPart]
) -> tuple[ConsultationPart | None, bool]:
    """The part named by ?part= (a position), and whether it is the whole draft."""
    chosen = request.GET.get("part", "")
    if chosen == WHOLE:
        return None, True
    part = next((p for p in parts if str(p.position) == chosen), None)
    if chosen and part is None:
        raise _NoSuchPart
    return part, False


def _no_such_part(
    request: HttpRequest, consultation: Consultation, parts: list[ConsultationPart]
) -> HttpResponse:
    count = len(parts)
    return TemplateResponse(
        request,
        "consultations/message.html",
        {
            "title": "That part is not in this draft",
            "lines": [
                f"The address asks for part “{request.GET.get('part', '')[:20]}”, but this "
                f"consultation's draft has {count} part{'' if count == 1 else 's'}, numbered "
                f"1 to {count}."
                if count
                else "The address asks for a part, but this consultation's draft has none.",
                "Go to the draft and choose the part from there.",
            ],
            "consultation": consultation,
        },
        status=404,
    )


@require_GET
def consultation_comments(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = consultation_or_404(request, slug)
    parts = list(consultation.parts.all())
    try:
        part, whole = _part_from(request, parts)
    except _NoSuchPart:
        return _no_such_part(request, consultation, parts)
    comments = published_comments(consultation=consultation, part=part, whole=whole)
    page = Paginator(comments, COMMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "consultations/comments.html",
        {
            "consultation": consultation,
            "part": part,
            "whole": whole,
            "page": page,
            "comments": comments_for_public(page.object_list),
            "part_query": WHOLE if whole else (part.position if part else ""),
        },
    )


@require_http_methods(["GET", "POST"])
def take_part(request: HttpRequest, slug: str) -> HttpResponse:
    """Answer the questions and comment on the draft or one part (?part= chooses it)."""
    consultation = consultation_or_404(request, slug)
    parts = list(consultation.parts.all())
    audience = audience_of(request.user)
    answered = has_answered(consultation=consultation, person=person_for(request.user))

    def form_for(data: Any = None, initial: Any = None) -> ContributionForm:
        return ContributionForm(
            data,
            initial=initial,
            consultation=consultation,
            parts=parts,
            audience=audience,
            answered=answered,
        )

    status = 200
    if request.method == "POST":
        form = form_for(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                spam.form_check(started=data["started"], honeypot=data["website"])
                spam.rate_limit_consume(
                    request=request, user=request.user, email=data.get("visitor_email") or ""
                )
                contributor, comment = contribution_submit(
                    consultation=consultation,
                    user=request.user,
                    contribution=Contribution(
                        answers=form.answers(),
                        comment=data["comment"],
                        part=form.chosen_part(),
                        show_name=bool(data.get("show_name")),
                        notify_on_response=bool(data.get("notify_on_response")),
                        visitor_email=data.get("visitor_email") or "",
                        visitor_kind=data.get("visitor_kind") or "",
                        confirmed_here=frozenset(request.session.get(CONFIRMED_HERE, [])),
                    ),
                )
            except ConsultationError as error:
                form.add_error(ERROR_FIELDS.get(error.code), error.message)
            else:
                messages.success(request, _thanks(contributor, comment))
                return redirect("consultations:detail", consultation.slug)
        status = 400
    else:
        try:
            part, _ = _part_from(request, parts)
        except _NoSuchPart:
            return _no_such_part(request, consultation, parts)
        form = form_for(
            initial={"notify_on_response": True, "part": str(part.position) if part else WHOLE}
        )
    chosen = form["part"].value()
    return TemplateResponse(
        request,
        "consultations/take_part.html",
        {
            "consultation": consultation,
            "form": form,
            # Drawn afresh each time, a form sent back with an error too.
            "started": spam.form_started(),
            "question_fields": [form[name] for name in form.question_fields],
            "answered": answered,
            "may_take_part": consultation_can_take_part(user=request.user, obj=consultation),
            "audience": audience,
            "chosen_part": next((p for p in parts if str(p.position) == chosen), None),
        },
        status=status,
    )


def _thanks(participant: Participant, comment: Comment | None) -> str:
    waiting = (
        comment.status == CommentStatus.UNCONFIRMED
        if comment is not None
        else not participant.is_confirmed
    )
    if waiting:
        return (
            "Thank you. We have emailed you a link to confirm your address: what you sent "
            "counts once you open it (within 7 days). Until you do, that one link confirms "
            "everything you send here."
        )
    if comment is not None and comment.status == CommentStatus.HELD:
        return "Thank you. Your comment will be shown here once a moderator has read it."
    return "Thank you for taking part."


def _link_refused(request: HttpRequest, error: ConsultationError) -> HttpResponse:
    return TemplateResponse(
        request,
        "consultations/message.html",
        {"title": "This link does not work", "lines": [error.message]},
        status=400,
    )


@require_http_methods(["GET", "POST"])
def visitor_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (so that a mail scanner following the link confirms nothing); POST confirms."""
    try:
        if request.method == "GET":
            visitor_confirm_check(token=token)
            return TemplateResponse(request, "consultations/confirm.html", {"token": token})
        participant = visitor_confirm(token=token)
    except ConsultationError as error:
        return _link_refused(request, error)
    # What this browser sends under this address from now on needs no more confirming.
    confirmed = [pk for pk in request.session.get(CONFIRMED_HERE, []) if pk != participant.pk]
    request.session[CONFIRMED_HERE] = [*confirmed, participant.pk][-CONFIRMED_HERE_KEPT:]
    consultation = participant.consultation
    return TemplateResponse(
        request,
        "consultations/message.html",
        {
            "title": "Thank you: your email address is confirmed",
            "lines": [
                "What you sent now counts in the consultation. Anything more you send from this "
                "browser with this address counts at once, with nothing more to confirm.",
                "Comments from the public are shown once a moderator has read them."
                if consultation.hold_public_comments
                else "Your comments are now shown with the draft.",
            ],
            "consultation": consultation,
        },
    )


@csrf_exempt  # one click from an email (RFC 8058): the signed token is the proof
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (so that a mail scanner following links changes nothing); POST opts out."""
    if request.method == "GET":
        return TemplateResponse(request, "consultations/opt_out.html", {"token": token})
    try:
        participant = response_opt_out(token=token)
    except ConsultationError as error:
        return _link_refused(request, error)
    return TemplateResponse(
        request,
        "consultations/message.html",
        {
            "title": "You will not be emailed about this consultation's response",
            "lines": ["You can still read the response on this site when it is published."],
            "consultation": participant.consultation,
        },
    )


@require_GET
def consultation_response(request: HttpRequest, slug: str) -> HttpResponse:
    """You said, we did: the themes, what changed, and the adopted version against the consulted
    one. Public once published; the QI team sees its draft."""
    consultation = consultation_or_404(request, slug)
    may_manage = consultation_can_manage(user=request.user, obj=consultation)
    if consultation.status != ConsultationStatus.RESPONDED and not may_manage:
        raise Http404
    response = response_of(consultation=consultation)
    return TemplateResponse(
        request,
        "consultations/response.html",
        {
            "consultation": consultation,
            "themes": response.themes,
            "diffs": response.diffs,
            "preview": consultation.status != ConsultationStatus.RESPONDED,
        },
    )
