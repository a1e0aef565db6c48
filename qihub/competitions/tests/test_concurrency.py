"""Exactly once, under real concurrency: many threads, each with its own database connection.

These run against whichever database the suite uses; the claim that matters is PostgreSQL's
(`DATABASE_URL=postgres://… pytest qihub/competitions/tests/test_concurrency.py`), where the
threads really do run their transactions at the same time.
"""

import queue
import random
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connections
from wagtail.models import ModelLogEntry

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Ballot, Elector, Phase, VoteCast
from qihub.competitions.selectors import (
    receipt_counted,
    sealed_votes_open,
    tally_check,
    tally_compute,
)
from qihub.competitions.services import (
    competition_close_voting,
    competition_publish_results,
    vote_cast,
)
from qihub.competitions.services.ballot_box import ballot_box_mix
from qihub.competitions.tests.conftest import staff_in_one_team
from qihub.competitions.tests.test_vote_logging import failing_statements
from qihub.core.models import Person

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite's test database is a shared-cache in-memory database, whose table locks "
        "fail at once instead of waiting (no busy timeout), so threads cannot share it; the "
        "rush benchmark (make bench-vote) exercises SQLite's file database under load instead",
    ),
]

SAME_VOTER_THREADS = 24
VOTERS = 200
THREADS = 16
MIX_BATCH = 5


@dataclass(frozen=True)
class Attempt:
    person: Person
    entry_index: int


@dataclass(frozen=True)
class Outcome:
    attempt: Attempt
    receipt: str | None  # None when refused
    refusal: str | None  # the CompetitionError code


def _run_in_threads(attempts: list[Attempt], threads: int, competition, on_each=None):
    """Run the attempts from `threads` threads released together; return every outcome.

    No statement may fail at the database on the way: PostgreSQL would log it, values and all
    (`test_vote_logging.py`)."""
    work: queue.SimpleQueue[Attempt] = queue.SimpleQueue()
    for attempt in attempts:
        work.put(attempt)
    entries = list(competition.entries.filter(shortlisted=True).order_by("number"))
    outcomes: list[Outcome] = []
    failures: list[BaseException] = []
    failed_statements: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def worker() -> None:
        try:
            with failing_statements() as failed:
                start.wait()
                _attempt_all()
            failed_statements.extend(failed)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    def _attempt_all() -> None:
        while True:
            try:
                attempt = work.get_nowait()
            except queue.Empty:
                return
            try:
                receipt = vote_cast(
                    competition=competition,
                    person=attempt.person,
                    entry=entries[attempt.entry_index],
                )
                outcome = Outcome(attempt, receipt, None)
            except CompetitionError as error:
                outcome = Outcome(attempt, None, error.code)
            with lock:
                outcomes.append(outcome)
            if on_each is not None:
                on_each(outcome)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in pool), "a voting thread hung"
    assert not failures, failures
    assert failed_statements == []
    return outcomes


@contextmanager
def _mixing_alongside(competition) -> Iterator[list[int]]:
    """Mix batches into the ballot box in a thread of its own, as the worker does, until the
    block ends; yield how many each mix put in."""
    done = threading.Event()
    mixed: list[int] = []
    failures: list[BaseException] = []

    def mixer() -> None:
        try:
            with failing_statements() as failed:
                while not done.is_set():
                    mixed.append(ballot_box_mix(competition=competition, minimum=MIX_BATCH))
            assert failed == [], failed
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    mixing = threading.Thread(target=mixer)
    mixing.start()
    try:
        yield mixed
    finally:
        done.set()
        mixing.join(timeout=60)
    assert not mixing.is_alive(), "the mixer hung"
    assert not failures, failures


@pytest.fixture
def electorate_voting(db, request):
    """A competition in the voting phase with VOTERS more staff in its electorate."""
    staff_in_one_team(VOTERS, prefix="C")
    return request.getfixturevalue("voting")


def _assert_counted_exactly_once(competition, outcomes: list[Outcome]) -> None:
    recorded = [o for o in outcomes if o.receipt]
    voters = {o.attempt.person.pk for o in recorded}
    assert len(voters) == len(recorded), "a voter was told twice that their vote was recorded"
    assert VoteCast.objects.filter(elector__competition=competition).count() == len(voters)
    filled = Ballot.objects.filter(competition=competition, entry__isnull=False)
    box = [
        *filled.values_list("entry_id", "receipt_hash"),
        *sealed_votes_open(competition=competition),
    ]
    assert len(box) == len(voters)
    assert len({receipt for _, receipt in box}) == len(voters)
    for outcome in recorded:
        assert receipt_counted(competition=competition, code=outcome.receipt or "")
    entries = list(competition.entries.filter(shortlisted=True).order_by("number"))
    expected = Counter(entries[o.attempt.entry_index].pk for o in recorded)
    assert {row["entry"]: row["votes"] for row in tally_compute(competition=competition)} == {
        entry.pk: expected.get(entry.pk, 0) for entry in entries
    }
    _, checks = tally_check(competition=competition)
    assert all(check.ok for check in checks), [c.what for c in checks if not c.ok]


def test_many_threads_voting_as_the_same_voter_make_exactly_one_ballot(voting):
    voter = Elector.objects.filter(competition=voting)[0].voter
    attempts = [Attempt(voter, index % 2) for index in range(SAME_VOTER_THREADS)]
    outcomes = _run_in_threads(attempts, SAME_VOTER_THREADS, voting)
    assert len(outcomes) == SAME_VOTER_THREADS
    assert sum(1 for o in outcomes if o.receipt) == 1
    assert Counter(o.refusal for o in outcomes if not o.receipt) == {
        "already_voted": SAME_VOTER_THREADS - 1
    }
    _assert_counted_exactly_once(voting, outcomes)


def test_many_voters_at_once_with_repeats_are_each_counted_once(electorate_voting):
    competition = electorate_voting
    rng = random.Random(7)
    electors = list(Elector.objects.filter(competition=competition).select_related("person"))
    voters = rng.sample(electors, VOTERS)
    attempts = [Attempt(e.voter, rng.randrange(2)) for e in voters]
    # A tenth more attempts by people who are also voting: a double click, a second device.
    repeats = [Attempt(e.voter, rng.randrange(2)) for e in rng.sample(voters, VOTERS // 10)]
    attempts += repeats
    rng.shuffle(attempts)
    with _mixing_alongside(competition) as mixed:
        outcomes = _run_in_threads(attempts, THREADS, competition)
    assert sum(mixed) > VOTERS // 2, "the mixer hardly ran alongside the voters"
    assert len(outcomes) == len(attempts)
    assert sum(1 for o in outcomes if o.receipt) == VOTERS
    assert Counter(o.refusal for o in outcomes if not o.receipt) == {"already_voted": len(repeats)}
    _assert_counted_exactly_once(competition, outcomes)


def test_closing_voting_while_votes_arrive_and_are_mixed_lets_none_land_after_it(
    electorate_voting,
):
    competition = electorate_voting
    rng = random.Random(11)
    electors = list(Elector.objects.filter(competition=competition).select_related("person"))
    attempts = [Attempt(e.voter, rng.randrange(2)) for e in rng.sample(electors, VOTERS)]
    closed = threading.Event()
    recorded = threading.Semaphore(0)
    closing_failed: list[str] = []

    def closer() -> None:
        try:
            for _ in range(VOTERS // 4):  # close once a quarter of the votes are in
                recorded.acquire(timeout=60)
            with failing_statements() as failed:
                competition_close_voting(competition=competition)
            closing_failed.extend(failed)
        finally:
            closed.set()
            connections.close_all()

    def on_each(outcome: Outcome) -> None:
        if outcome.receipt:
            recorded.release()

    closing = threading.Thread(target=closer)
    with _mixing_alongside(competition) as mixed:
        closing.start()
        outcomes = _run_in_threads(attempts, THREADS, competition, on_each=on_each)
        closing.join(timeout=60)
    assert sum(mixed) > 0, "the mixer never ran before the close"
    assert closed.is_set()
    assert closing_failed == []
    competition.refresh_from_db()
    assert competition.phase == Phase.VOTING_CLOSED
    refusals = Counter(o.refusal for o in outcomes if not o.receipt)
    assert set(refusals) == {"voting_closed"}, refusals
    assert 0 < refusals["voting_closed"] < VOTERS
    _assert_counted_exactly_once(competition, outcomes)
    at_close = ModelLogEntry.objects.get(
        action="qihub.competitions.competition.close_voting", object_id=str(competition.pk)
    ).data["votes"]
    tally_at_close = tally_compute(competition=competition)
    result = competition_publish_results(competition=competition)
    assert at_close == result.votes == sum(1 for o in outcomes if o.receipt)
    assert result.tally == tally_at_close
