"""Reading the ballot box while votes arrive and the mixer moves them in: real threads, each
with its own connection, against PostgreSQL (skipped on SQLite, as in `test_concurrency`).

A vote is first sealed, then a mix moves it into a ballot slot in a transaction of its own.
Whoever reads both places must not be fooled by a mix that commits between the two reads: the
receipt check reads the sealed votes first, and the tally reads everything in one snapshot.
"""

import io
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from qihub.competitions.models import Elector, VoteCast
from qihub.competitions.selectors import receipt_counted, tally_compute
from qihub.competitions.tests import test_concurrency
from qihub.competitions.tests.conftest import staff_in_one_team
from qihub.competitions.tests.test_concurrency import (
    MIX_BATCH,
    Attempt,
    Outcome,
    _assert_counted_exactly_once,
    _mixing_alongside,
    _run_in_threads,
)

pytestmark = test_concurrency.pytestmark  # PostgreSQL only, a transaction per thread

ELECTORATE = 300
CAST_FIRST = 40  # sealed before the mixer starts
VOTER_THREADS = 4
SWEEPERS = 2  # check every receipt, again and again
WATCHERS = 2  # check the newest receipts, the ones a mix is about to move
NEWEST = 2 * MIX_BATCH
TALLIERS = 2
VOTE_PACE = 0.04  # seconds each voting thread waits after a vote: a steady stream, not a burst

BOX_LINE = re.compile(
    r"votes in the box \((?P<filled>[\d,]+) ballots filled \+ (?P<sealed>[\d,]+) sealed, "
    r"waiting to go in\) = voters recorded as having voted \((?P<cast>[\d,]+)\)"
)
TOTAL_LINE = re.compile(r"^\s+Total\s+(?P<total>[\d,]+)$", re.MULTILINE)


@pytest.fixture
def crowd_voting(db, request):
    """A competition in the voting phase with ELECTORATE more staff in its electorate."""
    staff_in_one_team(ELECTORATE, prefix="M")
    return request.getfixturevalue("voting")


def _paced(_: Outcome) -> None:
    time.sleep(VOTE_PACE)


def _attempts(competition, seed: int) -> list[Attempt]:
    """One vote each, for a random shortlisted entry, by ELECTORATE of the electors."""
    rng = random.Random(seed)
    electors = list(Elector.objects.filter(competition=competition).select_related("person"))
    return [Attempt(e.voter, rng.randrange(2)) for e in rng.sample(electors, ELECTORATE)]


@contextmanager
def _in_threads(count: int, step: Callable[[int], None]) -> Iterator[None]:
    """Run `step(thread index)` again and again in `count` threads, each with its own
    connection, from when the block starts until it ends; fail if any step raised."""
    done = threading.Event()
    started = threading.Barrier(count + 1)
    failures: list[BaseException] = []

    def loop(index: int) -> None:
        try:
            started.wait()
            while not done.is_set():
                step(index)
        except BaseException as error:
            failures.append(error)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=loop, args=(index,)) for index in range(count)]
    for thread in pool:
        thread.start()
    started.wait()  # every thread is reading before the block goes on
    try:
        yield
    finally:
        done.set()
        for thread in pool:
            thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in pool), "a reading thread hung"
    assert not failures, failures


def test_a_receipt_checked_while_its_vote_is_mixed_in_is_always_counted(crowd_voting):
    competition = crowd_voting
    attempts = _attempts(competition, seed=13)
    outcomes = _run_in_threads(attempts[:CAST_FIRST], VOTER_THREADS, competition)
    receipts = [o.receipt for o in outcomes if o.receipt]
    checks: list[tuple[str, bool]] = []
    turns = [0] * (SWEEPERS + WATCHERS)

    def check(index: int) -> None:
        # Sweepers go round every receipt, oldest first; watchers round the newest, those most
        # likely still sealed, that a mix may move in the middle of the check.
        codes = receipts if index < SWEEPERS else receipts[-NEWEST:]
        code = codes[turns[index] % len(codes)]
        turns[index] += 1
        checks.append((code, receipt_counted(competition=competition, code=code)))

    def on_each(outcome: Outcome) -> None:
        if outcome.receipt:
            receipts.append(outcome.receipt)
        _paced(outcome)

    with _in_threads(SWEEPERS + WATCHERS, check), _mixing_alongside(competition) as mixed:
        outcomes += _run_in_threads(
            attempts[CAST_FIRST:], VOTER_THREADS, competition, on_each=on_each
        )
    assert len(receipts) == ELECTORATE
    assert sum(1 for batch in mixed if batch) > 10, "few mixes committed during the checks"
    assert len(checks) > 2 * ELECTORATE, "the receipts were hardly checked"
    assert len({code for code, _ in checks}) > ELECTORATE * 9 // 10, "few receipts were checked"
    missed = [code for code, counted in checks if not counted]
    assert not missed, f"{len(missed)} of {len(checks)} checks did not find a counted vote"
    _assert_counted_exactly_once(competition, outcomes)


def test_the_tally_taken_while_votes_arrive_and_are_mixed_always_agrees(crowd_voting):
    competition = crowd_voting
    readings: list[dict[str, int]] = []
    disagreements: list[str] = []

    def tally(_: int) -> None:
        out = io.StringIO()
        try:
            call_command(
                "tally",
                competition.slug,
                "--show-totals-while-open",
                stdout=out,
                stderr=io.StringIO(),
            )
        except CommandError:
            disagreements.append(out.getvalue())
            return
        box, total = BOX_LINE.search(out.getvalue()), TOTAL_LINE.search(out.getvalue())
        assert box and total, out.getvalue()
        numbers = {**box.groupdict(), **total.groupdict()}
        readings.append({name: int(value.replace(",", "")) for name, value in numbers.items()})

    with _in_threads(TALLIERS, tally), _mixing_alongside(competition) as mixed:
        outcomes = _run_in_threads(
            _attempts(competition, seed=17), VOTER_THREADS, competition, on_each=_paced
        )
    assert not disagreements, f"{len(disagreements)} tallies disagreed:\n{disagreements[0]}"
    assert all(r["filled"] + r["sealed"] == r["cast"] == r["total"] for r in readings), readings
    mid_voting = [r for r in readings if 0 < r["cast"] < ELECTORATE]
    assert len({r["cast"] for r in mid_voting}) > 10, "the tally hardly ran mid-voting"
    assert any(r["filled"] and r["sealed"] for r in mid_voting), (
        "no tally saw votes both mixed in and still sealed"
    )
    assert sum(mixed) > ELECTORATE // 2, "the mixer hardly ran alongside the voters"
    _assert_counted_exactly_once(competition, outcomes)


def test_the_count_on_its_own_while_votes_arrive_and_are_mixed_is_never_short_or_over(
    crowd_voting,
):
    """`tally_compute` outside any transaction, as a live count would call it: each count lies
    between the votes cast before it began and those cast after it ended."""
    competition = crowd_voting
    readings: list[tuple[int, int, int]] = []

    def count(_: int) -> None:
        cast = VoteCast.objects.filter(elector__competition=competition)
        before = cast.count()
        counted = sum(row["votes"] for row in tally_compute(competition=competition))
        readings.append((before, counted, cast.count()))

    with _in_threads(TALLIERS, count), _mixing_alongside(competition) as mixed:
        outcomes = _run_in_threads(
            _attempts(competition, seed=19), VOTER_THREADS, competition, on_each=_paced
        )
    wrong = [r for r in readings if not r[0] <= r[1] <= r[2]]
    assert not wrong, f"{len(wrong)} of {len(readings)} counts were off: {wrong[:5]}"
    assert len({counted for _, counted, _ in readings if 0 < counted < ELECTORATE}) > 10, (
        "the count hardly ran mid-voting"
    )
    assert sum(mixed) > ELECTORATE // 2, "the mixer hardly ran alongside the voters"
    _assert_counted_exactly_once(competition, outcomes)
