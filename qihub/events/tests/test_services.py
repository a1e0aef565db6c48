import datetime
import re

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from qihub.core.models import PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory
from qihub.engagement.models import EngagementRecord
from qihub.events.errors import EventError
from qihub.events.models import EventAudience, EventEngagementKind, EventStatus, Registration
from qihub.events.models import RegistrationStatus as S
from qihub.events.services import (
    cancel_token,
    event_register,
    registration_cancel,
    registration_check_in,
    visitor_confirm,
    visitor_confirm_token,
    waiting_position,
)
from qihub.events.tests.conftest import IMMEDIATE
from qihub.events.tests.factories import event_make

pytestmark = pytest.mark.django_db
VISITOR = AnonymousUser()


def _refusal(**kwargs) -> str:
    with pytest.raises(EventError) as refused:
        event_register(**kwargs)
    return refused.value.code


def _staff_user():
    from qihub.conftest import _account_for

    return _account_for(StaffFactory.create())


def test_an_account_holder_gets_a_place_in_one_click_and_it_is_in_the_ledger(staff_user):
    event = event_make(capacity=2)
    registration = event_register(event=event, user=staff_user)
    event.refresh_from_db()
    assert registration.status == S.CONFIRMED and event.places_left == 1
    record = EngagementRecord.objects.get()
    assert record.person == staff_user.person
    assert record.kind_id == EventEngagementKind.REGISTERED
    assert record.subject == f"event:{event.pk}"


def test_a_second_registration_is_refused_and_changes_nothing(staff_user):
    event = event_make(capacity=5)
    event_register(event=event, user=staff_user)
    assert _refusal(event=event, user=staff_user) == "already"
    event.refresh_from_db()
    assert event.places_taken == 1 and Registration.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"opens": datetime.timedelta(days=1)}, "not_open"),
        ({"closes": -datetime.timedelta(hours=1), "opens": -datetime.timedelta(days=2)}, "closed"),
        ({"status": EventStatus.CANCELLED}, "cancelled"),
        ({"status": EventStatus.DRAFT}, "not_found"),
        (
            {
                "starts": -datetime.timedelta(days=1),
                "opens": -datetime.timedelta(days=3),
                "closes": -datetime.timedelta(days=2),
            },
            "past",
        ),
    ],
)
def test_registration_is_refused_outside_its_window(staff_user, fields, code):
    event = event_make(**fields)
    assert _refusal(event=event, user=staff_user) == code
    assert not Registration.objects.exists() and not EngagementRecord.objects.exists()


def test_not_yet_open_says_when_it_opens(staff_user):
    event = event_make(opens=datetime.timedelta(days=2))
    with pytest.raises(EventError, match="opens on"):
        event_register(event=event, user=staff_user)


def test_the_audience_decides_who_may_register(staff_user, public_user):
    staff_event = event_make(audience=EventAudience.STAFF)
    public_event = event_make(audience=EventAudience.PUBLIC)
    assert _refusal(event=staff_event, user=public_user) == "not_in_audience"
    assert _refusal(event=staff_event, user=VISITOR, name="Vi", email="vi@example.org") == (
        "not_in_audience"
    )
    assert _refusal(event=public_event, user=staff_user) == "not_in_audience"
    assert event_register(event=staff_event, user=staff_user).status == S.CONFIRMED
    assert event_register(event=public_event, user=public_user).status == S.CONFIRMED


def test_a_full_event_offers_the_waiting_list_and_keeps_order(staff_user, public_user):
    event = event_make(capacity=1)
    event_register(event=event, user=staff_user)
    assert _refusal(event=event, user=public_user) == "full"
    first = event_register(event=event, user=public_user, waiting_list=True)
    later = event_register(event=event, user=_staff_user(), waiting_list=True)
    assert first.status == later.status == S.WAITING
    assert waiting_position(registration=first) == 1
    assert waiting_position(registration=later) == 2
    event.refresh_from_db()
    assert event.places_taken == 1


@override_settings(TASKS=IMMEDIATE)
def test_a_cancellation_gives_the_place_to_the_next_waiting_and_emails_them(
    staff_user, public_user, django_capture_on_commit_callbacks
):
    event = event_make(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        mine = event_register(event=event, user=staff_user)
        waiting = event_register(event=event, user=public_user, waiting_list=True)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=mine, user=staff_user)
    waiting.refresh_from_db()
    event.refresh_from_db()
    assert waiting.status == S.CONFIRMED and event.places_taken == 1
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects["pat@example.org"].startswith("A place for you")
    assert subjects["sam.staff@trust.example"].startswith("Registration cancelled")


def test_someone_else_cannot_cancel_a_registration(staff_user, public_user):
    registration = event_register(event=event_make(), user=staff_user)
    with pytest.raises(EventError) as refused:
        registration_cancel(registration=registration, user=public_user)
    assert refused.value.code == "not_found"
    registration.refresh_from_db()
    assert registration.status == S.CONFIRMED


def test_cancelling_twice_is_refused_and_cancelled_people_may_register_again(staff_user):
    event = event_make(capacity=1)
    registration = event_register(event=event, user=staff_user)
    registration_cancel(registration=registration, user=staff_user)
    with pytest.raises(EventError) as refused:
        registration_cancel(registration=registration, user=staff_user)
    assert refused.value.code == "already_cancelled"
    again = event_register(event=event, user=staff_user)
    event.refresh_from_db()
    assert again.status == S.CONFIRMED and event.places_taken == 1


@override_settings(TASKS=IMMEDIATE)
def test_a_visitor_holds_a_place_only_once_they_confirm(django_capture_on_commit_callbacks):
    event = event_make(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        pending = event_register(event=event, user=VISITOR, name="Vi Sitor", email="Vi@Example.org")
    event.refresh_from_db()
    assert pending.status == S.PENDING and event.places_taken == 0
    (message,) = mail.outbox
    link = re.search(r"/events/confirm/([^/\s]+)/", str(message.body))
    assert link is not None and message.to == ["Vi@Example.org"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = visitor_confirm(token=link[1])
    event.refresh_from_db()
    assert confirmed.status == S.CONFIRMED and event.places_taken == 1
    (ticket,) = mail.outbox
    assert ticket.subject.startswith("Your ticket")
    assert confirmed.ticket_code in str(ticket.body)
    parts = {part.get_content_type(): part for part in ticket.message().walk()}

    def payload(kind: str) -> bytes:
        data = parts[kind].get_payload(decode=True)
        assert isinstance(data, bytes)
        return data

    calendar = Calendar.from_ical(payload("text/calendar"))
    (item,) = calendar.walk("VEVENT")
    assert str(item["summary"]) == event.title and item.decoded(
        "dtstart"
    ) == event.starts_at.replace(microsecond=0)
    assert parts["image/png"]["Content-ID"] == "<ticket-qr>"
    assert "cid:ticket-qr" in payload("text/html").decode()
    # Nobody has this address: nothing in the ledger.
    assert not EngagementRecord.objects.exists()
    # Confirming twice changes nothing.
    assert visitor_confirm(token=link[1]).status == S.CONFIRMED
    event.refresh_from_db()
    assert event.places_taken == 1


def test_a_confirmed_visitor_who_is_a_person_is_in_their_ledger():
    person = PersonFactory.create(kind=PersonKind.CARER, email="carer@example.org")
    event = event_make()
    pending = event_register(event=event, user=VISITOR, name="C", email="CARER@example.org")
    visitor_confirm(token=visitor_confirm_token(pending))
    assert EngagementRecord.objects.get().person == person


@override_settings(TASKS=IMMEDIATE)
def test_a_visitor_registering_again_is_sent_the_details_and_nothing_changes(
    django_capture_on_commit_callbacks,
):
    event = event_make()
    first = event_register(event=event, user=VISITOR, name="Vi", email="vi@example.org")
    visitor_confirm(token=visitor_confirm_token(first))
    with django_capture_on_commit_callbacks(execute=True):
        again = event_register(event=event, user=VISITOR, name="Vi", email="VI@example.org")
    assert again.pk == first.pk and Registration.objects.count() == 1
    assert mail.outbox[-1].subject.startswith("Your ticket")


@pytest.mark.parametrize(
    ("name", "email", "code"),
    [("", "vi@example.org", "name"), ("Vi", "not-an-address", "email"), ("Vi", "", "email")],
)
def test_a_visitor_with_bad_details_is_refused(name, email, code):
    assert _refusal(event=event_make(), user=VISITOR, name=name, email=email) == code
    assert not Registration.objects.exists()


def test_forged_links_are_refused():
    for bad in ("1:forged", "", "x" * 300):
        with pytest.raises(EventError) as refused:
            visitor_confirm(token=bad)
        assert refused.value.code == "bad_token"


def test_a_visitor_confirming_after_the_last_place_went_is_put_on_the_waiting_list(staff_user):
    event = event_make(capacity=1)
    pending = event_register(event=event, user=VISITOR, name="Vi", email="vi@example.org")
    event_register(event=event, user=staff_user)
    assert visitor_confirm(token=visitor_confirm_token(pending)).status == S.WAITING


def test_cancel_link_is_signed(staff_user):
    registration = event_register(event=event_make(), user=staff_user)
    assert cancel_token(registration) != str(registration.pk)


def test_check_in_counts_once_and_refuses_a_forged_code(staff_user, qi_team_user):
    event = event_make(starts=datetime.timedelta(hours=1))
    registration = event_register(event=event, user=staff_user)
    with pytest.raises(EventError) as refused:
        registration_check_in(
            ticket_code="ABCDEFGHJKLMNPQRSTUVWXYZ", event=event, user=qi_team_user
        )
    assert refused.value.code == "bad_ticket"
    with time_machine.travel(event.starts_at, tick=False):
        _, first = registration_check_in(
            ticket_code=registration.ticket_code, event=event, user=qi_team_user
        )
        again, second = registration_check_in(
            ticket_code=registration.ticket_code.lower(), event=event, user=qi_team_user
        )
    assert first and not second and again.checked_in_at == event.starts_at
    attended = EngagementRecord.objects.filter(kind_id=EventEngagementKind.ATTENDED)
    assert attended.count() == 1


def test_only_the_qi_team_checks_people_in(staff_user):
    event = event_make()
    registration = event_register(event=event, user=staff_user)
    with pytest.raises(EventError):
        registration_check_in(ticket_code=registration.ticket_code, event=event, user=staff_user)
