"""The last places, under real concurrency: many threads, each with its own database connection,
registering at the same instant. Capacity is never exceeded and nobody is registered twice.

On PostgreSQL the threads share the test database and really do run their transactions at once
(the claim that matters in production). SQLite's test database is a shared-cache in-memory one,
whose table locks fail at once instead of waiting, so on SQLite the migrated test database is
copied to a file first, and the threads use that file as production does (WAL, IMMEDIATE write
transactions queueing on the busy timeout)."""

import sqlite3
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections

from qihub.conftest import _account_for
from qihub.core.models import User
from qihub.core.tests.factories import StaffFactory
from qihub.engagement.models import EngagementRecord
from qihub.events.errors import EventError
from qihub.events.models import Event, Registration, RegistrationStatus
from qihub.events.services import event_register, registration_cancel
from qihub.events.tests.factories import event_make

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
THREADS = 12


class _Shared:
    """Where the threads meet: PostgreSQL's test database as it is; on SQLite, a file copy of
    the test database, taken when the threads are about to start."""

    def __init__(self, folder: str) -> None:
        self.path = str(Path(folder) / "race.sqlite3")
        self.settings_dict: dict | None = None

    def copy_now(self) -> None:
        if connection.vendor != "sqlite":
            return
        target = sqlite3.connect(self.path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        self.settings_dict = {**connection.settings_dict, "NAME": self.path}
        self.settings_dict["OPTIONS"] = {
            **self.settings_dict.get("OPTIONS", {}),
            "transaction_mode": "IMMEDIATE",
            "timeout": 60,
        }

    def use(self) -> None:
        """Called first in each thread: use the shared database."""
        if self.settings_dict is not None:
            wrapper = type(connections["default"])
            connections["default"] = wrapper(self.settings_dict, "default")

    @contextmanager
    def outcome(self) -> Iterator[None]:
        """Read what the threads wrote: on SQLite, from the file they shared."""
        if self.settings_dict is None:
            yield
            return
        original = connections["default"]
        self.use()
        try:
            yield
        finally:
            connections["default"].close()
            connections["default"] = original


def _run_at_once(jobs: list[Callable[[], str]], shared: _Shared) -> list[str]:
    """Run each job in a thread of its own, all released together; return their outcomes."""
    shared.copy_now()
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []
    failures: list[BaseException] = []
    lock = threading.Lock()

    def worker(job: Callable[[], str]) -> None:
        try:
            shared.use()
            barrier.wait()
            outcome = job()
            with lock:
                outcomes.append(outcome)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a registering thread hung"
    assert not failures, failures
    return outcomes


def _register(event: Event, user: User, *, waiting_list: bool = False) -> Callable[[], str]:
    def job() -> str:
        try:
            return event_register(event=event, user=user, waiting_list=waiting_list).status
        except EventError as error:
            return error.code

    return job


@pytest.fixture
def shared() -> Iterator[_Shared]:
    # An earlier test that emptied the tables leaves content types cached by ids the restored
    # database may not have (the audit log needs them): cache them afresh, every one, so that
    # restoring the database after this test finds each in the cache rather than making it.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
    with tempfile.TemporaryDirectory() as folder:
        yield _Shared(folder)


def test_many_people_at_once_for_the_last_places_never_exceed_capacity(shared):
    event = event_make(capacity=20)
    for _ in range(17):
        event_register(event=event, user=_account_for(StaffFactory.create()))
    people = [_account_for(StaffFactory.create()) for _ in range(THREADS)]
    outcomes = _run_at_once([_register(event, user) for user in people], shared)
    assert Counter(outcomes) == {RegistrationStatus.CONFIRMED: 3, "full": THREADS - 3}
    with shared.outcome():
        event.refresh_from_db()
        confirmed = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        assert event.places_taken == event.capacity == confirmed.count() == 20
        assert EngagementRecord.objects.count() == 20


def test_the_full_event_puts_the_rest_on_the_waiting_list_in_order(shared):
    event = event_make(capacity=2)
    people = [_account_for(StaffFactory.create()) for _ in range(THREADS)]
    jobs = [_register(event, user, waiting_list=True) for user in people]
    outcomes = _run_at_once(jobs, shared)
    assert Counter(outcomes) == {
        RegistrationStatus.CONFIRMED: 2,
        RegistrationStatus.WAITING: THREADS - 2,
    }
    with shared.outcome():
        event.refresh_from_db()
        assert event.places_taken == 2
        first_waiting = (
            Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
            .order_by("waiting_since", "id")
            .first()
        )
        holder = Registration.objects.filter(
            event=event, status=RegistrationStatus.CONFIRMED
        ).first()
        assert first_waiting is not None and holder is not None
        registration_cancel(registration=holder)
        first_waiting.refresh_from_db()
        event.refresh_from_db()
        assert first_waiting.status == RegistrationStatus.CONFIRMED and event.places_taken == 2


def test_the_same_person_twice_at_once_registers_once(shared):
    event = event_make(capacity=50)
    user = _account_for(StaffFactory.create())
    outcomes = _run_at_once([_register(event, user) for _ in range(THREADS)], shared)
    assert Counter(outcomes) == {RegistrationStatus.CONFIRMED: 1, "already": THREADS - 1}
    with shared.outcome():
        event.refresh_from_db()
        assert event.places_taken == 1
        assert Registration.objects.filter(event=event).count() == 1
        assert EngagementRecord.objects.count() == 1
