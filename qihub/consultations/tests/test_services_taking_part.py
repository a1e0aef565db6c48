"""Answering and commenting: who may, when, and what bad input is refused with (changing
nothing); visitors confirming; each answer and comment in the engagement ledger."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import override_settings

from qihub.consultations.errors import ConsultationError
from qihub.consultations.models import (
    COMMENT_MAX_LENGTH,
    Answer,
    Comment,
    CommentStatus,
    ConsultationStatus,
    Participant,
)
from qihub.consultations.services import Contribution, contribution_submit, visitor_confirm
from qihub.consultations.tests.factories import consultation_make
from qihub.engagement.models import EngagementRecord

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
pytestmark = pytest.mark.django_db


def _nothing_written() -> None:
    assert not Participant.objects.exists()
    assert not Comment.objects.exists()
    assert not Answer.objects.exists()
    assert not EngagementRecord.objects.filter(kind__code__startswith="consult").exists()


def test_staff_comment_is_published_and_recorded(consultation, staff_user):
    agreement = consultation.questions.get(kind="agreement")
    participant, comment = contribution_submit(
        consultation=consultation,
        user=staff_user,
        contribution=Contribution(answers={agreement.pk: "4"}, comment="Good mission."),
    )
    assert comment is not None
    assert comment is not None
    assert comment.status == CommentStatus.PUBLISHED
    assert participant.audience == "staff"
    assert participant.directorate_id == staff_user.person.team.service.directorate_id
    kinds = sorted(EngagementRecord.objects.values_list("kind", flat=True))
    assert kinds == ["consult_answered", "consult_commented"]
    assert Answer.objects.get().agreement == 4


def test_public_comment_is_held_when_the_consultation_holds_them(consultation, public_user):
    _, comment = contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Hello")
    )
    assert comment is not None
    assert comment.status == CommentStatus.HELD


def test_public_comment_is_published_when_not_held(public_user):
    consultation = consultation_make(hold_public_comments=False)
    _, comment = contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Hello")
    )
    assert comment is not None
    assert comment.status == CommentStatus.PUBLISHED


@override_settings(TASKS=IMMEDIATE)
def test_a_visitor_comment_counts_once_the_address_is_confirmed(
    consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant, comment = contribution_submit(
            consultation=consultation,
            user=AnonymousUser(),
            contribution=Contribution(
                comment="As a carer…", visitor_email="Vi@Example.org", visitor_kind="carer"
            ),
        )
    assert comment is not None
    assert comment.status == CommentStatus.UNCONFIRMED and participant.confirmed_at is None
    assert len(mail.outbox) == 1 and "Vi@Example.org" in mail.outbox[0].to
    found = re.search(r"/consultations/confirm/([^/\s]+)/", str(mail.outbox[0].body))
    assert found is not None
    visitor_confirm(token=found[1])
    comment.refresh_from_db()
    participant.refresh_from_db()
    assert participant.confirmed_at is not None
    assert comment is not None
    assert comment.status == CommentStatus.HELD
    # A visitor has no person, so nothing in the ledger.
    assert not EngagementRecord.objects.exists()


def test_a_forged_confirmation_link_is_refused(consultation):
    with pytest.raises(ConsultationError) as refused:
        visitor_confirm(token="1:forged")
    assert refused.value.code == "bad_token"


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [
        (datetime.timedelta(days=1), datetime.timedelta(days=8), "not_open"),
        (-datetime.timedelta(days=8), -datetime.timedelta(days=1), "closed"),
    ],
)
def test_outside_its_dates_nothing_is_taken(staff_user, opens, closes, code):
    consultation = consultation_make(opens=opens, closes=closes)
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(
            consultation=consultation, user=staff_user, contribution=Contribution(comment="Hi")
        )
    assert refused.value.code == code
    _nothing_written()


def test_a_draft_consultation_takes_nothing(staff_user):
    consultation = consultation_make(status=ConsultationStatus.DRAFT)
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(
            consultation=consultation, user=staff_user, contribution=Contribution(comment="Hi")
        )
    assert refused.value.code == "not_found"


@pytest.mark.parametrize("who", ["public_user", "visitor"])
def test_someone_outside_the_audience_is_refused(request, who):
    consultation = consultation_make(for_public=False, for_visitors=False)
    user = AnonymousUser() if who == "visitor" else request.getfixturevalue(who)
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(
            consultation=consultation,
            user=user,
            contribution=Contribution(
                comment="Hi", visitor_email="a@b.org", visitor_kind="patient"
            ),
        )
    assert refused.value.code == "not_in_audience"
    assert "staff" in refused.value.message
    _nothing_written()


def test_staff_outside_a_public_only_consultation_are_refused(staff_user):
    consultation = consultation_make(for_staff=False)
    with pytest.raises(ConsultationError, match="cannot take part"):
        contribution_submit(
            consultation=consultation, user=staff_user, contribution=Contribution(comment="Hi")
        )


@pytest.mark.parametrize(
    ("contribution", "code"),
    [
        (Contribution(comment="   "), "empty"),
        (Contribution(comment="x" * (COMMENT_MAX_LENGTH + 1)), "too_long"),
    ],
)
def test_bad_comments_are_refused(consultation, staff_user, contribution, code):
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(consultation=consultation, user=staff_user, contribution=contribution)
    assert refused.value.code == code
    _nothing_written()


def test_an_agreement_outside_1_to_5_is_refused(consultation, staff_user):
    agreement = consultation.questions.get(kind="agreement")
    with pytest.raises(ConsultationError, match="from 1 to 5"):
        contribution_submit(
            consultation=consultation,
            user=staff_user,
            contribution=Contribution(answers={agreement.pk: "9"}, comment="Hi"),
        )
    _nothing_written()


def test_a_choice_not_offered_is_refused(consultation, staff_user):
    choice = consultation.questions.get(kind="choice")
    with pytest.raises(ConsultationError, match="Choose one"):
        contribution_submit(
            consultation=consultation,
            user=staff_user,
            contribution=Contribution(answers={choice.pk: "Something else"}),
        )


def test_questions_are_answered_once(consultation, staff_user):
    choice = consultation.questions.get(kind="choice")
    contribution_submit(
        consultation=consultation,
        user=staff_user,
        contribution=Contribution(answers={choice.pk: "Safety"}),
    )
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(
            consultation=consultation,
            user=staff_user,
            contribution=Contribution(answers={choice.pk: "Access"}, comment="And more"),
        )
    assert refused.value.code == "already_answered"
    assert Answer.objects.get().choice == "Safety"
    assert not Comment.objects.exists()


def test_a_visitor_must_give_an_address_and_a_kind(consultation):
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(
            consultation=consultation, user=AnonymousUser(), contribution=Contribution(comment="Hi")
        )
    assert refused.value.code == "visitor_email"
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(
            consultation=consultation,
            user=AnonymousUser(),
            contribution=Contribution(comment="Hi", visitor_email="a@b.org", visitor_kind="staff"),
        )
    assert refused.value.code == "visitor_kind"
    _nothing_written()


def test_a_part_of_another_consultation_is_refused(consultation, staff_user):
    other = consultation_make()
    with pytest.raises(ConsultationError) as refused:
        contribution_submit(
            consultation=consultation,
            user=staff_user,
            contribution=Contribution(comment="Hi", part=other.parts.first()),
        )
    assert refused.value.code == "part"


def test_a_comment_on_one_part_is_anchored_to_it(consultation, staff_user):
    part = consultation.parts.get(position=2)
    _, comment = contribution_submit(
        consultation=consultation,
        user=staff_user,
        contribution=Contribution(comment="Yes", part=part),
    )
    assert comment is not None and comment.part == part
