"""Two door phones scanning the same ticket at once (and a crowd of them): one check-in, one
attended record, every other scan told it was checked in already. Real threads on PostgreSQL."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from qihub.engagement.models import EngagementRecord
from qihub.events.errors import EventError
from qihub.events.models import EventEngagementKind, Registration
from qihub.events.services.checkin import door_check_in, walk_in_add
from qihub.events.tests.checkin_helpers import attendee, door_user, event_today

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite's shared-cache in-memory test database cannot be shared by threads",
    ),
]
THREADS = 8


def _at_once(work, count: int = THREADS) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def run() -> None:
        try:
            barrier.wait()
            outcomes.append(work())
        except EventError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_simultaneous_scans_of_one_ticket_check_in_once():
    event = event_today()
    registration = attendee(event)
    doors = [door_user(event), door_user(event)]

    def scan() -> str:
        user = doors[threading.get_ident() % 2]
        _, first = door_check_in(event=event, ticket_code=registration.ticket_code, user=user)
        return "first" if first else "again"

    outcomes = _at_once(scan)
    assert sorted(outcomes) == ["again"] * (THREADS - 1) + ["first"]
    attended = EngagementRecord.objects.filter(kind_id=EventEngagementKind.ATTENDED)
    assert attended.count() == 1


def test_simultaneous_walk_ins_never_take_more_places_than_there_are():
    event = event_today(capacity=3)
    door = door_user(event)
    names = iter(range(THREADS))
    lock = threading.Lock()

    def walk_in() -> str:
        with lock:
            number = next(names)
        walk_in_add(
            event=event, user=door, name=f"Walk-in {number}", email=f"w{number}@example.org"
        )
        return "added"

    outcomes = _at_once(walk_in)
    assert outcomes.count("added") == 3 and outcomes.count("full") == THREADS - 3
    event.refresh_from_db()
    assert event.places_taken == 3
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 3
