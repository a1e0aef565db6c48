import datetime

import pytest
import time_machine
from django.test import override_settings

from qihub.core.tests.factories import StaffFactory
from qihub.engagement.models import EngagementRecord
from qihub.events.errors import EventError
from qihub.events.models import EventEngagementKind, EventStatus, Registration
from qihub.events.models import RegistrationStatus as S
from qihub.events.models_checkin import DoorStaff
from qihub.events.services import event_register, registration_cancel
from qihub.events.services.checkin import (
    DOOR_OPENS_BEFORE,
    door_check_in,
    door_check_in_registration,
    door_staff_add,
    door_staff_remove,
    walk_in_add,
)
from qihub.events.tests.checkin_helpers import VISITOR, attendee, door_user, event_today
from qihub.events.tests.factories import event_make

pytestmark = pytest.mark.django_db
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _refused(**kwargs) -> str:
    with pytest.raises(EventError) as refused:
        door_check_in(**kwargs)
    return refused.value.code


def _attended() -> int:
    return EngagementRecord.objects.filter(kind_id=EventEngagementKind.ATTENDED).count()


def test_door_staff_check_in_at_their_event_only(staff_user):
    event, other = event_today(), event_today()
    registration = attendee(event)
    door = door_user(other)
    assert _refused(event=event, ticket_code=registration.ticket_code, user=door) == "forbidden"
    assert _refused(event=event, ticket_code=registration.ticket_code, user=staff_user) == (
        "forbidden"
    )
    assert _refused(event=event, ticket_code=registration.ticket_code, user=VISITOR) == (
        "forbidden"
    )
    DoorStaff.objects.create(event=event, person=door.person)
    checked, first = door_check_in(event=event, ticket_code=registration.ticket_code, user=door)
    assert first and checked.checked_in_by == door


def test_a_leaver_on_the_door_staff_can_no_longer_check_in():
    event = event_today()
    registration = attendee(event)
    door = door_user(event)
    door.person.is_active = False
    door.person.save(update_fields=["is_active"])
    assert _refused(event=event, ticket_code=registration.ticket_code, user=door) == "forbidden"


def test_a_second_scan_counts_once_and_says_when(qi_team_user):
    event = event_today()
    registration = attendee(event)
    at = event.starts_at - datetime.timedelta(minutes=3)
    with time_machine.travel(at, tick=False):
        _, first = door_check_in(
            event=event, ticket_code=registration.ticket_code, user=qi_team_user
        )
    again, second = door_check_in(
        event=event, ticket_code=registration.ticket_code, user=qi_team_user
    )
    assert first and not second and again.checked_in_at == at
    assert _attended() == 1


def test_forged_other_events_cancelled_and_waiting_tickets_are_refused(qi_team_user, staff_user):
    event, other = event_today(capacity=1), event_today()
    holder = attendee(event)
    waiting = event_register(event=event, user=staff_user, waiting_list=True)
    elsewhere = attendee(other)
    assert _refused(event=event, ticket_code="ABCDEFGHJKLMNPQRSTUVWXYZ", user=qi_team_user) == (
        "bad_ticket"
    )
    assert _refused(event=event, ticket_code=elsewhere.ticket_code, user=qi_team_user) == (
        "bad_ticket"
    )
    assert _refused(event=event, ticket_code=waiting.ticket_code, user=qi_team_user) == "no_place"
    registration_cancel(registration=holder)
    # Cancelling gave the waiting person the place; the cancelled ticket holds none.
    assert _refused(event=event, ticket_code=holder.ticket_code, user=qi_team_user) == "no_place"
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()
    assert _attended() == 0


def test_the_door_opens_hours_before_and_not_for_a_cancelled_event(qi_team_user):
    event = event_make(starts=datetime.timedelta(days=2))
    registration = attendee(event)
    code = registration.ticket_code
    assert _refused(event=event, ticket_code=code, user=qi_team_user) == "door_not_open"
    with time_machine.travel(event.starts_at - DOOR_OPENS_BEFORE, tick=False):
        assert door_check_in(event=event, ticket_code=code, user=qi_team_user)[1]
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status"])
    with time_machine.travel(event.starts_at, tick=False):
        assert _refused(event=event, ticket_code=code, user=qi_team_user) == "cancelled"


def test_door_staff_stop_the_day_after_but_the_qi_team_can_add_someone_later(qi_team_user):
    event = event_today()
    first, second = attendee(event), attendee(event)
    door = door_user(event)
    with time_machine.travel(event.ends_at + datetime.timedelta(days=1), tick=False):
        assert _refused(event=event, ticket_code=first.ticket_code, user=door) == "door_closed"
        assert door_check_in(event=event, ticket_code=second.ticket_code, user=qi_team_user)[1]


def test_name_search_check_in_uses_the_registration_of_this_event_only(qi_team_user):
    event, other = event_today(), event_today()
    elsewhere = attendee(other)
    with pytest.raises(EventError) as refused:
        door_check_in_registration(event=event, registration_id=elsewhere.pk, user=qi_team_user)
    assert refused.value.code == "bad_ticket"
    registration = attendee(event)
    assert door_check_in_registration(
        event=event, registration_id=registration.pk, user=qi_team_user
    )[1]


def test_a_walk_in_from_the_roster_takes_a_place_and_is_in_the_ledger():
    event = event_today(capacity=2)
    door = door_user(event)
    person = StaffFactory.create()
    registration = walk_in_add(event=event, user=door, person=person)
    event.refresh_from_db()
    assert registration.status == S.CONFIRMED and registration.checked_in_at is not None
    assert event.places_taken == 1
    record = EngagementRecord.objects.get(kind_id=EventEngagementKind.ATTENDED)
    assert record.person == person


def test_a_visitor_walk_in_needs_a_name_and_address_and_is_not_put_in_anyones_ledger():
    event = event_today()
    door = door_user(event)
    StaffFactory.create(email="someone@trust.example")
    for name, email, code in [("", "a@example.org", "name"), ("Ann", "not-an-address", "email")]:
        with pytest.raises(EventError) as refused:
            walk_in_add(event=event, user=door, name=name, email=email)
        assert refused.value.code == code
    walk_in_add(event=event, user=door, name="Ann Visitor", email="someone@trust.example")
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 1
    # An address typed at the door is not a confirmed one: nobody's ledger gets the visit.
    assert _attended() == 0


def test_a_full_event_refuses_the_door_staffs_walk_in_and_the_qi_team_may_raise_capacity(
    qi_team_user,
):
    event = event_today(capacity=1)
    attendee(event)
    door = door_user(event)
    person = StaffFactory.create()
    with pytest.raises(EventError) as refused:
        walk_in_add(event=event, user=door, person=person, over_capacity=True)
    assert refused.value.code == "full"
    with pytest.raises(EventError):
        walk_in_add(event=event, user=qi_team_user, person=person)
    walk_in_add(event=event, user=qi_team_user, person=person, over_capacity=True)
    event.refresh_from_db()
    assert (event.capacity, event.places_taken) == (2, 2)


def test_a_waiting_person_at_the_door_is_given_a_place_on_their_registration(staff_user):
    event = event_today(capacity=1)
    attendee(event)
    waiting = event_register(event=event, user=staff_user, waiting_list=True)
    qi = door_user(event)
    with pytest.raises(EventError):
        walk_in_add(event=event, user=qi, person=staff_user.person)
    registration_cancel(registration=Registration.objects.exclude(pk=waiting.pk).get())
    waiting.refresh_from_db()
    assert waiting.status == S.CONFIRMED  # promoted by the cancellation
    again = walk_in_add(event=event, user=qi, person=staff_user.person)
    assert again.pk == waiting.pk and again.checked_in_at is not None
    assert Registration.objects.filter(person=staff_user.person).count() == 1


def test_the_first_check_in_asks_for_the_feedback_form_after_the_end(
    qi_team_user, django_capture_on_commit_callbacks
):
    from qihub.events.services.feedback import FEEDBACK_AFTER
    from qihub.events.tasks_feedback import feedback_invitations_send

    event = event_today()
    first, second, late = attendee(event), attendee(event), attendee(event)
    with override_settings(TASKS=DUMMY):
        from django_tasks import task_backends
        from django_tasks.backends.dummy import DummyBackend

        backend = task_backends["default"]
        assert isinstance(backend, DummyBackend)
        backend.clear()
        with django_capture_on_commit_callbacks(execute=True):
            door_check_in(event=event, ticket_code=first.ticket_code, user=qi_team_user)
            door_check_in(event=event, ticket_code=second.ticket_code, user=qi_team_user)
            # Typed in the next day, after the forms went: this one is asked for again.
            with time_machine.travel(event.ends_at + datetime.timedelta(days=1)):
                door_check_in(event=event, ticket_code=late.ticket_code, user=qi_team_user)
        queued = [
            result
            for result in backend.results
            if result.task.func == feedback_invitations_send.func
        ]
    assert len(queued) == 2
    assert queued[0].task.run_after == event.ends_at + FEEDBACK_AFTER
    assert queued[0].args == queued[1].args == [event.pk]


def test_only_the_qi_team_chooses_door_staff(qi_team_user, staff_user):
    event = event_today()
    with pytest.raises(EventError):
        door_staff_add(event=event, person=staff_user.person, user=staff_user)
    door = door_staff_add(event=event, person=staff_user.person, user=qi_team_user)
    with pytest.raises(EventError) as refused:
        door_staff_add(event=event, person=staff_user.person, user=qi_team_user)
    assert refused.value.code == "already"
    without_account = StaffFactory.create()
    with pytest.raises(EventError) as refused:
        door_staff_add(event=event, person=without_account, user=qi_team_user)
    assert refused.value.code == "no_account"
    with pytest.raises(EventError):
        door_staff_remove(door=door, user=staff_user)
    door_staff_remove(door=door, user=qi_team_user)
    assert not DoorStaff.objects.exists()


def test_a_visitor_who_never_confirmed_their_address_is_given_a_place_on_their_registration():
    event = event_today(capacity=2)
    pending = event_register(event=event, user=VISITOR, name="Val", email="val@example.org")
    assert pending.status == S.PENDING
    door = door_user(event)
    again = walk_in_add(event=event, user=door, name="Val Visitor", email="VAL@example.org")
    event.refresh_from_db()
    assert again.pk == pending.pk and event.places_taken == 1
    pending.refresh_from_db()
    assert pending.status == S.CONFIRMED and pending.checked_in_by == door
