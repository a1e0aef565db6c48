import datetime
import re

import pytest
import time_machine
from django.core import mail

from qihub.engagement.models import EngagementRecord
from qihub.events.errors import EventError
from qihub.events.models import EventEngagementKind
from qihub.events.models_checkin import Feedback
from qihub.events.services.checkin import door_check_in, walk_in_add
from qihub.events.services.feedback import (
    FEEDBACK_AFTER,
    feedback_give,
    feedback_invitations_send_now,
    feedback_token,
    feedback_token_check,
)
from qihub.events.tests.checkin_helpers import attendee, event_today

pytestmark = pytest.mark.django_db


def _checked_in(event, qi_team_user, **person):
    registration = attendee(event, **person)
    door_check_in(event=event, ticket_code=registration.ticket_code, user=qi_team_user)
    registration.refresh_from_db()
    return registration


def test_attendees_are_sent_the_form_once_after_the_end_and_no_shows_are_not(qi_team_user):
    event = event_today()
    came = _checked_in(event, qi_team_user, email="came@trust.example")
    attendee(event, email="no.show@trust.example")
    assert feedback_invitations_send_now(event_id=event.pk) == 0  # not over yet
    mail.outbox.clear()
    with time_machine.travel(event.ends_at + FEEDBACK_AFTER, tick=False):
        assert feedback_invitations_send_now(event_id=event.pk) == 1
        assert feedback_invitations_send_now(event_id=event.pk) == 0
    (message,) = [m for m in mail.outbox if "How was it?" in m.subject]
    assert message.to == ["came@trust.example"]
    link = re.search(r"/events/feedback/([^/]+)/", str(message.body))
    assert link is not None
    token = link.group(1)
    assert feedback_token_check(token=token) == came


def test_a_walk_in_visitor_is_sent_the_form_too(qi_team_user):
    event = event_today()
    walk_in_add(event=event, user=qi_team_user, name="Val Visitor", email="val@example.org")
    mail.outbox.clear()
    with time_machine.travel(event.ends_at + FEEDBACK_AFTER, tick=False):
        assert feedback_invitations_send_now(event_id=event.pk) == 1
    assert mail.outbox[0].to == ["val@example.org"]


def test_feedback_is_given_once_and_goes_in_the_ledger(qi_team_user):
    event = event_today()
    registration = _checked_in(event, qi_team_user)
    token = feedback_token(registration)
    feedback_give(token=token, rating="4", went_well="The run charts", could_be_better="")
    with pytest.raises(EventError) as refused:
        feedback_give(token=token, rating="1")
    assert refused.value.code == "already"
    assert Feedback.objects.get().rating == 4
    record = EngagementRecord.objects.get(kind_id=EventEngagementKind.GAVE_FEEDBACK)
    assert record.person == registration.person


@pytest.mark.parametrize("rating", ["", "0", "6", "five", None])
def test_a_rating_outside_1_to_5_is_refused_and_changes_nothing(qi_team_user, rating):
    registration = _checked_in(event_today(), qi_team_user)
    with pytest.raises(EventError) as refused:
        feedback_give(token=feedback_token(registration), rating=rating)
    assert refused.value.code == "rating"
    assert not Feedback.objects.exists()


def test_forged_links_and_people_who_did_not_come_are_refused(qi_team_user):
    event = event_today()
    no_show = attendee(event)
    for token in ["forged", feedback_token(no_show)]:
        with pytest.raises(EventError) as refused:
            feedback_give(token=token, rating="5")
        assert refused.value.code == "bad_token"
    assert not Feedback.objects.exists()


def test_too_long_an_answer_is_refused(qi_team_user):
    registration = _checked_in(event_today(), qi_team_user)
    with pytest.raises(EventError) as refused:
        feedback_give(token=feedback_token(registration), rating="3", went_well="x" * 2001)
    assert "2001 characters" in refused.value.message
    assert not Feedback.objects.exists()


def test_an_event_moved_later_waits_for_its_new_end(qi_team_user):
    event = event_today()
    _checked_in(event, qi_team_user)
    event.ends_at += datetime.timedelta(days=1)
    event.registration_closes_at = event.starts_at
    event.save(update_fields=["ends_at"])
    with time_machine.travel(event.ends_at - datetime.timedelta(hours=20), tick=False):
        assert feedback_invitations_send_now(event_id=event.pk) == 0


def test_a_persons_feedback_and_door_roles_are_in_their_data_download(qi_team_user):
    from qihub.events.person_data_checkin import checkin_person_export
    from qihub.events.tests.checkin_helpers import door_user

    event = event_today()
    registration = _checked_in(event, qi_team_user)
    feedback_give(token=feedback_token(registration), rating=3, could_be_better="Shorter")
    door = door_user(event)
    mine = checkin_person_export(person=registration.person)
    assert mine["event_feedback"][0]["could_be_better"] == "Shorter"
    assert checkin_person_export(person=door.person)["event_door_staff"] == [event.title]
