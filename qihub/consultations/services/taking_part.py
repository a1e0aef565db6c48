"""Taking part: answering a consultation's questions and commenting on its draft, and a visitor
confirming their email address so that what they sent counts."""

import datetime
import logging
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from qihub.consultations.errors import ConsultationError
from qihub.consultations.models import (
    ANSWER_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    Answer,
    Audience,
    Comment,
    CommentStatus,
    Consultation,
    ConsultationEngagementKind,
    ConsultationPart,
    Participant,
    Question,
    QuestionKind,
)
from qihub.consultations.permissions import (
    audience_of,
    consultation_can_take_part,
    consultation_can_view,
)
from qihub.consultations.tasks import visitor_confirmation_email
from qihub.core.models import PUBLIC_KINDS, Person, PersonKind
from qihub.core.permissions import person_for
from qihub.core.selectors import person_with_confirmed_email
from qihub.engagement.services import engagement_record

logger = logging.getLogger(__name__)

CONFIRM_SALT = "qihub.consultations.visitor-confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
OPT_OUT_SALT = "qihub.consultations.response-opt-out"


@dataclass
class Contribution:
    """What someone sends from the consultation's form: answers (by question) and a comment."""

    answers: dict[int, str] = field(default_factory=dict)
    comment: str = ""
    part: ConsultationPart | None = None
    show_name: bool = False
    notify_on_response: bool = True
    visitor_email: str = ""
    visitor_kind: str = ""
    # The visitor participants whose address was confirmed in this browser (its session): what
    # a visitor sends from there under that address counts without another confirmation.
    confirmed_here: frozenset[int] = frozenset()


def consultation_check_open(*, consultation: Consultation) -> None:
    """Refuse anything sent to a consultation that is not open now, saying when it is."""
    if not consultation.is_published or not consultation.has_opened:
        opens = timezone.localtime(consultation.opens_at)
        raise ConsultationError(
            f"This consultation is not open yet: it opens on {opens:%-d %B %Y at %H:%M}.",
            code="not_open",
        )
    if consultation.has_closed:
        closes = timezone.localtime(consultation.closes_at)
        raise ConsultationError(
            f"This consultation closed on {closes:%-d %B %Y at %H:%M}: it no longer takes "
            "answers or comments.",
            code="closed",
        )


def _answer_for(question: Question, raw: str) -> Answer | None:
    raw = raw.strip()
    if not raw:
        return None
    answer = Answer(question=question)
    if question.kind == QuestionKind.AGREEMENT:
        if raw not in {"1", "2", "3", "4", "5"}:
            raise ConsultationError(
                f"Choose how much you agree, from 1 to 5, for “{question.text}”.", code="answer"
            )
        answer.agreement = int(raw)
    elif question.kind == QuestionKind.CHOICE:
        if raw not in question.choice_list:
            raise ConsultationError(
                f"Choose one of the answers offered for “{question.text}”.", code="answer"
            )
        answer.choice = raw
    else:
        if len(raw) > ANSWER_MAX_LENGTH:
            raise ConsultationError(
                f"Your answer to “{question.text}” is {len(raw)} characters long: shorten it to "
                f"{ANSWER_MAX_LENGTH} or fewer.",
                code="too_long",
            )
        answer.text = raw
    return answer


def _check(consultation: Consultation, user: Any, contribution: Contribution) -> list[Answer]:
    if not consultation_can_view(user=user, obj=consultation):
        raise ConsultationError("There is no such consultation.", code="not_found")
    consultation_check_open(consultation=consultation)
    if not consultation_can_take_part(user=user, obj=consultation):
        raise ConsultationError(
            f"This consultation is for {consultation.audience_label}: you cannot take part in it"
            + (" without signing in." if audience_of(user) == Audience.VISITOR else "."),
            code="not_in_audience",
        )
    comment = contribution.comment.strip()
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ConsultationError(
            f"Your comment is {len(comment)} characters long: shorten it to {COMMENT_MAX_LENGTH} "
            "or fewer.",
            code="too_long",
        )
    questions = {q.pk: q for q in consultation.questions.all()}
    answers = []
    for question_id, raw in contribution.answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ConsultationError(
                "That question is not part of this consultation.", code="answer"
            )
        answer = _answer_for(question, raw)
        if answer is not None:
            answers.append(answer)
    if not comment and not answers:
        raise ConsultationError(
            "Write a comment or answer at least one question before you send.", code="empty"
        )
    part = contribution.part
    if part is not None and part.consultation_id != consultation.pk:
        raise ConsultationError("That part is not in this consultation's draft.", code="part")
    if audience_of(user) == Audience.VISITOR:
        if not contribution.visitor_email.strip():
            raise ConsultationError(
                "Enter your email address: we send you a link to confirm it before your "
                "comment counts.",
                code="visitor_email",
            )
        if contribution.visitor_kind not in PUBLIC_KINDS:
            raise ConsultationError("Choose which of these describes you.", code="visitor_kind")
    return answers


def _participant_for(
    consultation: Consultation, user: Any, contribution: Contribution
) -> tuple[Participant, bool]:
    person = person_for(user)
    audience = audience_of(user)
    if audience == Audience.VISITOR:
        email = contribution.visitor_email.strip()
        existing = Participant.objects.filter(
            consultation=consultation, person__isnull=True, email__iexact=email
        ).first()
        if existing is not None:
            return existing, False
        return (
            Participant.objects.create(
                consultation=consultation,
                email=email,
                audience=audience,
                kind=contribution.visitor_kind,
                notify_on_response=contribution.notify_on_response,
            ),
            True,
        )
    assert person is not None
    existing = Participant.objects.filter(consultation=consultation, person=person).first()
    if existing is not None:
        if existing.show_name != contribution.show_name and person.kind == PersonKind.STAFF:
            existing.show_name = contribution.show_name
            existing.save(update_fields=["show_name"])
        return existing, False
    team = person.team
    return (
        Participant.objects.create(
            consultation=consultation,
            person=person,
            audience=audience,
            kind=person.kind,
            directorate_id=team.service.directorate_id if team else None,
            level_id=person.level_id,
            show_name=contribution.show_name and person.kind == PersonKind.STAFF,
            confirmed_at=timezone.now(),
            notify_on_response=contribution.notify_on_response,
        ),
        True,
    )


def _record(person: Person | None, kind: str, consultation: Consultation, times: int) -> None:
    if person is None:
        return
    for _ in range(times):
        engagement_record(
            person=person,
            kind=kind,
            subject=f"consultation:{consultation.pk}",
            subject_label=consultation.title[:255],
        )


def _ledger_person(participant: Participant) -> Person | None:
    """Whose engagement record this participant's acts go in: their own, or, for a visitor who
    has confirmed their address, the person whose address it is (if it is anyone's)."""
    if participant.person_id is not None:
        return participant.person
    if not participant.is_confirmed:
        return None
    return person_with_confirmed_email(email=participant.email)


def _comment_status(participant: Participant, consultation: Consultation, trusted: bool) -> str:
    if participant.audience == Audience.VISITOR and not trusted:
        return CommentStatus.UNCONFIRMED
    if participant.audience != Audience.STAFF and consultation.hold_public_comments:
        return CommentStatus.HELD
    return CommentStatus.PUBLISHED


def _confirmation_ask(participant: Participant) -> None:
    """Email a visitor a confirmation link, unless one sent lately is still waiting to be
    opened: that link confirms everything they send under this address (one email, not one a
    comment)."""
    sent = participant.confirmation_sent_at
    now = timezone.now()
    if sent is not None and now - sent < datetime.timedelta(seconds=CONFIRM_MAX_AGE):
        return
    participant.confirmation_sent_at = now
    participant.save(update_fields=["confirmation_sent_at"])
    transaction.on_commit(partial(visitor_confirmation_email.enqueue, participant.pk))


def contribution_submit(
    *, consultation: Consultation, user: Any, contribution: Contribution
) -> tuple[Participant, Comment | None]:
    """Take answers and a comment from someone in the audience while the consultation is open.

    Answers are given once. A visitor's contribution counts once they confirm their address
    (an email with a link goes to them, one while it is valid, confirming all they send; from
    the browser that confirmed it, nothing more to confirm); comments from the public wait for
    a moderator when the consultation holds them; staff comments are published at once."""
    answers = _check(consultation, user, contribution)
    try:
        with transaction.atomic():
            participant, _ = _participant_for(consultation, user, contribution)
            if answers:
                if participant.answers.exists():
                    raise ConsultationError(
                        "You have answered this consultation's questions already; you can still "
                        "comment.",
                        code="already_answered",
                    )
                for answer in answers:
                    answer.participant = participant
                Answer.objects.bulk_create(answers)
            # A visitor's address counts as confirmed only in the browser that confirmed it:
            # anyone can type an address.
            trusted = participant.audience != Audience.VISITOR or (
                participant.is_confirmed and participant.pk in contribution.confirmed_here
            )
            comment = None
            text = contribution.comment.strip()
            if text:
                comment = Comment.objects.create(
                    consultation=consultation,
                    participant=participant,
                    part=contribution.part,
                    text=text,
                    status=_comment_status(participant, consultation, trusted),
                )
            # A visitor's acts go in the address's person's record only from the browser that
            # confirmed it (or, unconfirmed yet, when they confirm): never on a typed address.
            person = _ledger_person(participant) if trusted else None
            _record(person, ConsultationEngagementKind.ANSWERED, consultation, len(answers))
            if comment is not None:
                _record(person, ConsultationEngagementKind.COMMENTED, consultation, 1)
            if not trusted and (comment is not None or not participant.is_confirmed):
                _confirmation_ask(participant)
    except IntegrityError:
        # Two sends at once from one person: the other made their participant (or answers).
        raise ConsultationError(
            "We received something from you at the same moment: check what you sent and try again.",
            code="conflict",
        ) from None
    logger.info(
        "consultation %s: contribution from participant %s", consultation.pk, participant.pk
    )
    return participant, comment


def visitor_confirm_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=CONFIRM_SALT)


def visitor_confirm_check(*, token: str) -> int:
    """The participant a confirmation link is for, or a ConsultationError if it is forged or
    older than 7 days; confirms nothing (the link's page asks first)."""
    try:
        return int(signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE))
    except signing.BadSignature:
        raise ConsultationError(
            "This confirmation link is not valid, or is more than 7 days old. Send your comment "
            "again to get a new one.",
            code="bad_token",
        ) from None


def visitor_confirm(*, token: str) -> Participant:
    """A visitor confirms their address: their answers count, and their comments go on (to the
    moderators, or straight to the page)."""
    pk = visitor_confirm_check(token=token)
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update()
            .select_related("consultation")
            .filter(pk=pk)
            .first()
        )
        if participant is None:
            raise ConsultationError("There is nothing left to confirm here.", code="bad_token")
        first_time = participant.confirmed_at is None
        if first_time:
            participant.confirmed_at = timezone.now()
        participant.confirmation_sent_at = None
        participant.save(update_fields=["confirmed_at", "confirmation_sent_at"])
        consultation = participant.consultation
        status = (
            CommentStatus.HELD if consultation.hold_public_comments else CommentStatus.PUBLISHED
        )
        confirmed = participant.comments.filter(status=CommentStatus.UNCONFIRMED).update(
            status=status
        )
        # What now counts goes in the ledger of the person whose address this is, if anyone's.
        person = _ledger_person(participant)
        answers = participant.answers.count() if first_time else 0
        _record(person, ConsultationEngagementKind.ANSWERED, consultation, answers)
        _record(person, ConsultationEngagementKind.COMMENTED, consultation, confirmed)
    return participant


def response_opt_out_token(participant: Participant) -> str:
    return signing.dumps(participant.pk, salt=OPT_OUT_SALT)


def response_opt_out(*, token: str) -> Participant:
    """Stop telling this participant when the response is published (one click, no account)."""
    try:
        pk = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        raise ConsultationError("This link is not valid.", code="bad_token") from None
    participant = Participant.objects.select_related("consultation").filter(pk=pk).first()
    if participant is None:
        raise ConsultationError("This link is not valid.", code="bad_token")
    if participant.notify_on_response:
        participant.notify_on_response = False
        participant.save(update_fields=["notify_on_response"])
    return participant
