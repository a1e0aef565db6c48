"""Visitors without an account: one confirmation email while a link is waiting, nothing more to
confirm from the browser that confirmed, and, once confirmed, what they sent in the engagement
record of the person whose address it is."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import TestCase, override_settings
from django.utils import timezone

from qihub.consultations.models import CommentStatus, Participant
from qihub.consultations.services import Contribution, contribution_submit, visitor_confirm
from qihub.consultations.tests.factories import consultation_make
from qihub.core.tests.factories import StaffFactory
from qihub.engagement.models import EngagementRecord

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_emails_sent_at_once")]


@pytest.fixture
def _emails_sent_at_once():
    with override_settings(TASKS=IMMEDIATE):
        yield


def _send(consultation, email, *, comment="As a carer…", answers=None, confirmed_here=()):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return contribution_submit(
            consultation=consultation,
            user=AnonymousUser(),
            contribution=Contribution(
                answers=answers or {},
                comment=comment,
                visitor_email=email,
                visitor_kind="carer",
                confirmed_here=frozenset(confirmed_here),
            ),
        )


def _link_in(message) -> str:
    found = re.search(r"/consultations/confirm/([^/\s]+)/", str(message.body))
    assert found is not None
    return found[1]


def _ledger(person) -> list[str]:
    return sorted(EngagementRecord.objects.filter(person=person).values_list("kind", flat=True))


def test_a_confirmed_visitors_answers_and_comments_go_in_the_ledger_of_the_addresss_person(
    consultation,
):
    nurse = StaffFactory.create(email="nia.nurse@trust.example")  # no account
    agreement = consultation.questions.get(kind="agreement")
    _send(consultation, "Nia.Nurse@Trust.example", answers={agreement.pk: "5"})
    _send(consultation, "nia.nurse@trust.example", comment="And one more thing.")
    assert _ledger(nurse) == []  # an address typed in proves nothing until it is confirmed
    [email] = mail.outbox
    visitor_confirm(token=_link_in(email))
    assert _ledger(nurse) == ["consult_answered", "consult_commented", "consult_commented"]
    [record] = EngagementRecord.objects.filter(kind="consult_answered")
    assert record.subject == f"consultation:{consultation.pk}"
    # Opening the link again records nothing more.
    visitor_confirm(token=_link_in(email))
    assert len(_ledger(nurse)) == 3


def test_an_account_holders_address_is_theirs_too(consultation, public_user):
    _send(consultation, public_user.email)
    visitor_confirm(token=_link_in(mail.outbox[0]))
    assert _ledger(public_user.person) == ["consult_commented"]


def test_an_unconfirmed_visitor_records_nothing(consultation):
    nurse = StaffFactory.create(email="nia.nurse@trust.example")
    _send(consultation, "nia.nurse@trust.example")
    assert _ledger(nurse) == []
    assert not EngagementRecord.objects.exists()


def test_a_confirmed_address_that_is_nobodys_records_nothing(consultation):
    StaffFactory.create(email="nia.nurse@trust.example")
    _send(consultation, "stranger@example.org")
    visitor_confirm(token=_link_in(mail.outbox[0]))
    assert Participant.objects.get().confirmed_at is not None
    assert not EngagementRecord.objects.exists()


def test_a_leaver_is_not_credited(consultation):
    StaffFactory.create(email="nia.nurse@trust.example", is_active=False)
    _send(consultation, "nia.nurse@trust.example")
    visitor_confirm(token=_link_in(mail.outbox[0]))
    assert not EngagementRecord.objects.exists()


def test_one_email_confirms_everything_sent_before_it_is_opened(consultation):
    first, _ = _send(consultation, "vi@example.org", comment="First.")
    _send(consultation, "VI@example.org", comment="Second.")
    _send(consultation, "vi@example.org", comment="Third.")
    assert len(mail.outbox) == 1
    visitor_confirm(token=_link_in(mail.outbox[0]))
    statuses = set(first.comments.values_list("status", flat=True))
    assert statuses == {CommentStatus.HELD}
    assert first.comments.count() == 3


def test_a_link_past_its_seven_days_is_replaced_by_a_new_email():
    consultation = consultation_make(opens=-datetime.timedelta(days=10))
    with time_machine.travel(timezone.now() - datetime.timedelta(days=8)):
        _send(consultation, "vi@example.org", comment="First.")
    _send(consultation, "vi@example.org", comment="Second.")
    assert len(mail.outbox) == 2


def test_from_the_browser_that_confirmed_nothing_more_needs_confirming(consultation):
    participant, _ = _send(consultation, "vi@example.org", comment="First.")
    visitor_confirm(token=_link_in(mail.outbox[0]))
    _, comment = _send(
        consultation, "vi@example.org", comment="Second.", confirmed_here={participant.pk}
    )
    assert comment is not None and comment.status == CommentStatus.HELD
    assert len(mail.outbox) == 1


def test_a_confirmed_address_typed_in_another_browser_is_confirmed_again(consultation):
    nurse = StaffFactory.create(email="nia.nurse@trust.example")
    participant, _ = _send(consultation, "nia.nurse@trust.example", comment="First.")
    visitor_confirm(token=_link_in(mail.outbox[0]))
    # Anyone may type an address: from elsewhere, it waits for the address's owner again, and
    # answers given from there are never put in the owner's record.
    agreement = consultation.questions.get(kind="agreement")
    _, comment = _send(
        consultation, "nia.nurse@trust.example", comment="Is it me?", answers={agreement.pk: "1"}
    )
    assert comment is not None and comment.status == CommentStatus.UNCONFIRMED
    assert len(mail.outbox) == 2
    assert _ledger(nurse) == ["consult_commented"]
    visitor_confirm(token=_link_in(mail.outbox[1]))
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    assert _ledger(nurse) == ["consult_commented", "consult_commented"]
    assert participant.comments.count() == 2
