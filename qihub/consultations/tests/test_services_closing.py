"""Publishing, moderation and the response: who may, in which state, and what is adopted."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings

from qihub.consultations.errors import ConsultationError
from qihub.consultations.models import (
    CommentStatus,
    Consultation,
    ConsultationStatus,
    DraftDocument,
)
from qihub.consultations.services import (
    Contribution,
    ResponseDraft,
    comment_moderate,
    comment_tag,
    consultation_publish,
    contribution_submit,
    response_save,
    theme_add,
)
from qihub.consultations.tests.factories import RecordedDraft, consultation_make, draft_registered
from qihub.core.extensions import DraftPart

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
pytestmark = pytest.mark.django_db
CLOSED: dict[str, Any] = {
    "opens": -datetime.timedelta(days=10),
    "closes": -datetime.timedelta(days=1),
}


def test_publishing_copies_the_registered_draft_as_the_consulted_version(qi_team_user):
    with draft_registered(RecordedDraft()) as draft:
        consultation = consultation_make(status=ConsultationStatus.DRAFT, draft_key=draft.key)
        consultation_publish(consultation=consultation, user=qi_team_user)
        draft.parts[0] = DraftPart(key="aim:1", title="Reduce harm", text="Changed later.")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert [p.text for p in consultation.parts.all()] == [
        "Reduce harm by 30% every year.",
        "The right care in the right place.",
    ]


def test_only_the_qi_team_publishes(staff_user):
    consultation = consultation_make(status=ConsultationStatus.DRAFT)
    with pytest.raises(ConsultationError) as refused:
        consultation_publish(consultation=consultation, user=staff_user)
    assert refused.value.code == "not_allowed"
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.DRAFT


def test_a_draft_no_app_offers_cannot_be_published(qi_team_user):
    consultation = consultation_make(status=ConsultationStatus.DRAFT, draft_key="gone.draft")
    with pytest.raises(ConsultationError) as refused:
        consultation_publish(consultation=consultation, user=qi_team_user)
    assert refused.value.code == "draft"
    assert not consultation.parts.exists()


@pytest.fixture
def held(consultation, public_user):
    _, comment = contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Held")
    )
    assert comment is not None
    return comment


def test_moderators_approve_reject_with_a_reason_and_mark_spam(held, qi_team_user):
    comment_moderate(comment=held, user=qi_team_user, status=CommentStatus.PUBLISHED)
    held.refresh_from_db()
    assert held.status == CommentStatus.PUBLISHED and held.moderated_by == qi_team_user
    with pytest.raises(ConsultationError) as refused:
        comment_moderate(comment=held, user=qi_team_user, status=CommentStatus.REJECTED)
    assert refused.value.code == "reason"
    comment_moderate(
        comment=held, user=qi_team_user, status=CommentStatus.REJECTED, reason="Off topic"
    )
    held.refresh_from_db()
    assert held.reject_reason == "Off topic"
    comment_moderate(comment=held, user=qi_team_user, status=CommentStatus.SPAM)
    held.refresh_from_db()
    assert held.status == CommentStatus.SPAM and held.reject_reason == ""


def test_only_the_qi_team_moderates(held, staff_user):
    with pytest.raises(ConsultationError):
        comment_moderate(comment=held, user=staff_user, status=CommentStatus.PUBLISHED)
    held.refresh_from_db()
    assert held.status == CommentStatus.HELD


def test_themes_are_unique_per_consultation_and_tag_comments(held, qi_team_user):
    theme = theme_add(consultation=held.consultation, user=qi_team_user, name="Safety")
    with pytest.raises(ConsultationError, match="already"):
        theme_add(consultation=held.consultation, user=qi_team_user, name=" safety ")
    comment_tag(comment=held, user=qi_team_user, themes=[theme])
    assert list(held.themes.all()) == [theme]
    other = theme_add(consultation=consultation_make(), user=qi_team_user, name="Elsewhere")
    with pytest.raises(ConsultationError):
        comment_tag(comment=held, user=qi_team_user, themes=[other])


def _response(consultation: Consultation, text: str = "The adopted words.") -> ResponseDraft:
    return ResponseDraft(
        summary="We heard you.",
        we_did={theme.pk: "We changed it." for theme in consultation.themes.all()},
        adopted=[DraftPart(key=p.key, title=p.title, text=text) for p in consultation.parts.all()],
    )


def test_no_response_while_it_is_open(consultation, qi_team_user):
    with pytest.raises(ConsultationError) as refused:
        response_save(
            consultation=consultation,
            user=qi_team_user,
            response=_response(consultation),
            publish=True,
        )
    assert refused.value.code == "still_open"


@override_settings(TASKS=IMMEDIATE)
def test_publishing_the_response_adopts_and_tells_participants_once(
    qi_team_user, staff_user, public_user, django_capture_on_commit_callbacks
):
    consultation = consultation_make()
    contribution_submit(
        consultation=consultation, user=staff_user, contribution=Contribution(comment="A")
    )
    participant, _ = contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="B")
    )
    participant.notify_on_response = False  # opted out
    participant.save(update_fields=["notify_on_response"])
    Consultation.objects.filter(pk=consultation.pk).update(
        **{
            "opens_at": consultation.opens_at - datetime.timedelta(days=20),
            "closes_at": consultation.opens_at - datetime.timedelta(days=1),
        }
    )
    consultation.refresh_from_db()
    document = DraftDocument.objects.get(pk=int(consultation.draft_key.rpartition(":")[2]))
    with django_capture_on_commit_callbacks(execute=True):
        response_save(
            consultation=consultation,
            user=qi_team_user,
            response=_response(consultation),
            publish=True,
        )
    consultation.refresh_from_db()
    document.refresh_from_db()
    assert consultation.status == ConsultationStatus.RESPONDED
    assert document.body == "\n\n".join(["The adopted words."] * 3) and document.version == 2
    assert [m.to for m in mail.outbox] == [[staff_user.person.email]]
    assert "/consultations/opt-out/" in str(mail.outbox[0].body)
    with pytest.raises(ConsultationError):
        response_save(
            consultation=consultation,
            user=qi_team_user,
            response=_response(consultation),
            publish=True,
        )


def test_a_failing_adopt_publishes_nothing(qi_team_user):
    draft = RecordedDraft()

    def refuse(*, parts, actor):
        raise RuntimeError("the programme refused")

    draft.adopt = refuse  # type: ignore[method-assign]
    with draft_registered(draft):
        consultation = consultation_make(draft_key=draft.key, **CLOSED)
        with pytest.raises(RuntimeError):
            response_save(
                consultation=consultation,
                user=qi_team_user,
                response=_response(consultation),
                publish=True,
            )
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert not consultation.adopted_parts.exists()


def test_the_registered_draft_gets_the_adopted_parts(qi_team_user):
    with draft_registered(RecordedDraft()) as draft:
        consultation = consultation_make(draft_key=draft.key, **CLOSED)
        response_save(
            consultation=consultation,
            user=qi_team_user,
            response=_response(consultation, "New"),
            publish=True,
        )
    assert [[p.text for p in parts] for parts in draft.adopted] == [["New", "New", "New"]]
