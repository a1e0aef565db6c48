"""Staff invited by email when a consultation opens: in batches, each person at most once."""

import pytest
from django.core import mail
from django.test import override_settings

from qihub.consultations.models import ConsultationStatus, InvitationSent
from qihub.consultations.services import consultation_publish, notices
from qihub.consultations.tests.factories import consultation_make
from qihub.core.tests.factories import PersonFactory, StaffFactory

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
pytestmark = pytest.mark.django_db


@override_settings(TASKS=IMMEDIATE)
def test_staff_are_invited_in_batches_once_each(
    monkeypatch, qi_team_user, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(notices, "BATCH", 2)
    StaffFactory.create_batch(4)
    PersonFactory.create()  # a member of the public: not invited
    consultation = consultation_make(status=ConsultationStatus.DRAFT, invite_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        consultation_publish(consultation=consultation, user=qi_team_user)
    staff_emails = 4 + 1  # and the QI team member, who is staff
    assert len(mail.outbox) == staff_emails
    assert InvitationSent.objects.count() == staff_emails
    assert notices.invitations_send_batch(consultation_id=consultation.pk) == 0
    assert len({tuple(m.to) for m in mail.outbox}) == staff_emails


def test_no_invitations_unless_asked(qi_team_user):
    StaffFactory.create_batch(2)
    consultation = consultation_make(invite_staff=False)
    assert notices.invitations_send_batch(consultation_id=consultation.pk) == 0
    assert not mail.outbox


def test_invitations_wait_for_the_opening_date(qi_team_user):
    import datetime

    from django_tasks import task_backends

    StaffFactory.create_batch(2)
    consultation = consultation_make(
        invite_staff=True, opens=datetime.timedelta(days=2), closes=datetime.timedelta(days=9)
    )
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with override_settings(TASKS=dummy):
        assert notices.invitations_send_batch(consultation_id=consultation.pk) == 0
        [queued] = task_backends["default"].results  # type: ignore[attr-defined]
        assert queued.task.run_after == consultation.opens_at
    assert not mail.outbox and not InvitationSent.objects.exists()


def test_one_click_opt_out(client, consultation, public_user):
    from django.urls import reverse

    from qihub.consultations.services import Contribution, contribution_submit
    from qihub.consultations.services.taking_part import response_opt_out_token

    participant, _ = contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Hi")
    )
    url = reverse("consultations:opt_out", args=[response_opt_out_token(participant)])
    assert client.get(url).status_code == 200
    participant.refresh_from_db()
    assert participant.notify_on_response  # a link scanner's GET changes nothing
    assert client.post(url).status_code == 200
    participant.refresh_from_db()
    assert not participant.notify_on_response
