"""The vote's reads: the ballot, who has voted, the turnout, receipt checks and the tally.

Whatever counts the ballot box while voting runs reads it as of one moment (`box_snapshot`):
the mixer moves votes from sealed to the box in transactions of its own.
"""

import random
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from qihub.competitions.models import (
    Ballot,
    Competition,
    Elector,
    Entry,
    Phase,
    Result,
    SealedVote,
    VoteCast,
)
from qihub.competitions.sealing import receipt_hash, vote_unseal
from qihub.competitions.selectors.competitions import with_images
from qihub.core.models import Person

TURNOUT_CACHE_SECONDS = 2  # every visitor's page polls; this keeps the rush off the database
VOTING_CACHE_SECONDS = 2
SMALL_NUMBER = 5  # a directorate's votes are not shown if they, or its non-voters, number 1–4


def voting_shortlist(*, slug: str) -> tuple[Competition, list[Entry]] | None:
    """A competition open for voting and its shortlist (without images); None if not voting.

    Cached for a moment, since in the rush every vote needs them. Neither changes while voting
    is open, and a vote checks the phase again in the database, under the voting lock.
    """
    key = f"qihub:competitions:voting:{slug}"
    voting = cache.get(key)
    if voting is None:
        competition = Competition.objects.filter(slug=slug, phase=Phase.VOTING).first()
        if competition is None:
            return None
        voting = (competition, list(competition.entries.filter(shortlisted=True)))
        cache.set(key, voting, VOTING_CACHE_SECONDS)
    return voting


def shortlisted_entries(*, competition: Competition) -> list[Entry]:
    return list(with_images(competition.entries.filter(shortlisted=True)))


def ballot_entries_for(*, competition: Competition, person: Person) -> list[Entry]:
    """The shortlist in this voter's own order: random, so no entry gains by being first, and
    the same on every visit, so the choices do not move under them (after an error, say)."""
    entries = shortlisted_entries(competition=competition)
    random.Random(f"{competition.pk}:{person.pk}").shuffle(entries)  # noqa: S311 - not a secret
    return entries


def is_elector(*, competition: Competition, person: Person | None) -> bool:
    """True if the person is in the electorate snapshotted when voting opened."""
    if person is None:
        return False
    return Elector.objects.filter(competition=competition, person=person).exists()


def vote_cast_at(*, competition: Competition, person: Person | None) -> datetime | None:
    """When the person voted (to show them that they have), or None."""
    if person is None:
        return None
    cast = VoteCast.objects.filter(
        elector__competition=competition, elector__person=person
    ).values_list("cast_at", flat=True)
    return cast.first()


@dataclass(frozen=True)
class DirectorateTurnout:
    name: str
    electors: int
    votes: int | None  # None when suppressed as a small number

    @property
    def percent(self) -> float | None:
        if self.votes is None or not self.electors:
            return None
        return 100 * self.votes / self.electors


@dataclass(frozen=True)
class Turnout:
    votes: int
    electorate: int
    last_five_minutes: int
    by_directorate: list[DirectorateTurnout]

    @property
    def percent(self) -> float:
        return 100 * self.votes / self.electorate if self.electorate else 0.0

    def as_dict(self) -> dict:
        return {
            "votes": self.votes,
            "electorate": self.electorate,
            "percent": round(self.percent, 1),
            "last_five_minutes": self.last_five_minutes,
            "by_directorate": [
                {
                    "name": row.name,
                    "electors": row.electors,
                    "votes": row.votes,
                    "percent": None if row.percent is None else round(row.percent, 1),
                }
                for row in self.by_directorate
            ],
        }


def _small(count: int) -> bool:
    """A count that could point to particular people (who voted, or who did not)."""
    return 0 < count < SMALL_NUMBER


def turnout_for(*, competition: Competition) -> Turnout:
    """Votes so far, in the last five minutes, and by directorate; never per entry."""
    since = timezone.now() - timedelta(minutes=5)
    casts = VoteCast.objects.filter(elector__competition=competition)
    rows = (
        Elector.objects.filter(competition=competition)
        .values("directorate__name")
        .annotate(electors=Count("id"), votes=Count("vote_cast"))
        .order_by("directorate__name")
    )
    by_directorate = [
        DirectorateTurnout(
            name=row["directorate__name"] or "Members of the public",
            electors=row["electors"],
            votes=None
            if _small(row["votes"]) or _small(row["electors"] - row["votes"])
            else row["votes"],
        )
        for row in rows
    ]
    return Turnout(
        votes=casts.count(),
        electorate=Elector.objects.filter(competition=competition).count(),
        last_five_minutes=casts.filter(cast_at__gte=since).count(),
        by_directorate=by_directorate,
    )


def turnout_public(*, competition: Competition) -> Turnout:
    """The public turnout, cached for a moment so that polling pages cost the database little."""
    key = f"qihub:competitions:turnout:{competition.pk}:{competition.phase}"
    turnout = cache.get(key)
    if turnout is None:
        turnout = turnout_for(competition=competition)
        cache.set(key, turnout, TURNOUT_CACHE_SECONDS)
    return turnout


@contextmanager
def box_snapshot() -> Iterator[None]:
    """Read the ballot box and the sealed votes as of one moment, while votes are mixed in.

    A mix moves votes from sealed to the box in one transaction: two reads on either side of
    its commit would miss them, or count them twice. On PostgreSQL, when no transaction is open,
    this opens one at REPEATABLE READ, whose every statement sees the same snapshot. Inside a
    caller's transaction it is the caller's (at READ COMMITTED each statement sees the latest
    commits), so whoever reads during voting must not open one first. SQLite's transaction
    already reads one snapshot.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def sealed_votes_open(*, competition: Competition) -> list[tuple[int, str]]:
    """The entry id and receipt hash of every vote still sealed, waiting for the mixer."""
    sealed = SealedVote.objects.filter(competition=competition).values_list("sealed", flat=True)
    return [vote_unseal(competition_id=competition.pk, sealed=vote) for vote in sealed]


def receipt_counted(*, competition: Competition, code: str) -> bool:
    """True if a ballot with this receipt is in the ballot box, or sealed, waiting to go in."""
    wanted = receipt_hash(code)
    # Sealed votes first: a vote only moves from sealed to the box, so a mix that commits
    # between the two reads cannot hide it.
    if any(receipt == wanted for _, receipt in sealed_votes_open(competition=competition)):
        return True
    return Ballot.objects.filter(competition=competition, receipt_hash=wanted).exists()


def tally_compute(*, competition: Competition) -> list[dict[str, Any]]:
    """Count the votes per shortlisted entry, most votes first: the ballots in the box, and any
    sealed votes still waiting to go in (none once voting has closed), as of one moment
    (`box_snapshot`)."""
    with box_snapshot():
        counts = Counter(
            dict(
                Ballot.objects.filter(competition=competition, entry__isnull=False)
                .values_list("entry")
                .annotate(n=Count("id"))
                .values_list("entry", "n")
            )
        )
        counts.update(entry for entry, _ in sealed_votes_open(competition=competition))
    rows: list[dict[str, Any]] = [
        {
            "entry": entry.pk,
            "number": entry.number,
            "title": entry.title,
            "votes": counts.get(entry.pk, 0),
        }
        for entry in competition.entries.filter(shortlisted=True)
    ]
    rows.sort(key=lambda row: (-row["votes"], row["number"]))
    return rows


@dataclass(frozen=True)
class TallyCheck:
    ok: bool
    what: str


def tally_check(*, competition: Competition) -> tuple[list[dict[str, Any]], list[TallyCheck]]:
    """Count the stored ballots again and check them against the voter side and the result.

    Every count comes from one snapshot (`box_snapshot`), even while votes arrive and are
    mixed in.
    """
    with box_snapshot():
        tally = tally_compute(competition=competition)
        ballots = Ballot.objects.filter(competition=competition)
        filled = ballots.filter(entry__isnull=False)
        filled_count = filled.count()
        sealed = sealed_votes_open(competition=competition)
        slots = ballots.count()
        cast = VoteCast.objects.filter(elector__competition=competition).count()
        electorate = Elector.objects.filter(competition=competition).count()
        shortlisted = set(competition.entries.filter(shortlisted=True).values_list("pk", flat=True))
        repeated = filled.values("receipt_hash").annotate(n=Count("id")).filter(n__gt=1).count()
        sealed_receipts = [receipt for _, receipt in sealed]
        repeated += len(sealed_receipts) - len(set(sealed_receipts))
        repeated += filled.filter(receipt_hash__in=sealed_receipts).count()
        elsewhere = filled.exclude(entry__in=shortlisted).count()
        elsewhere += sum(1 for entry, _ in sealed if entry not in shortlisted)
        result = Result.objects.filter(competition=competition).first()
    counted = sum(row["votes"] for row in tally)
    in_box = filled_count + len(sealed)
    checks = [
        TallyCheck(
            in_box == cast,
            f"votes in the box ({filled_count:,} ballots filled + {len(sealed):,} sealed, "
            f"waiting to go in) = voters recorded as having voted ({cast:,})",
        ),
        TallyCheck(repeated == 0, f"no receipt on more than one ballot ({repeated} repeated)"),
        TallyCheck(
            elsewhere == 0 and counted == in_box,
            f"every vote is for a shortlisted entry ({elsewhere} not)",
        ),
        TallyCheck(slots == electorate, f"ballot slots ({slots:,}) = electorate ({electorate:,})"),
    ]
    if competition.phase == Phase.RESULTS:
        checks += _result_checks(result, tally, counted, electorate)
    return tally, checks


def _result_checks(
    result: Result | None, tally: list[dict[str, Any]], counted: int, electorate: int
) -> list[TallyCheck]:
    """The published result against the ballots counted again."""
    if result is None:
        return [TallyCheck(False, "the results are published but no result is stored")]
    stored = sorted((row["entry"], row["votes"]) for row in result.tally)
    recomputed = sorted((row["entry"], row["votes"]) for row in tally)
    differences = sorted(set(stored) ^ set(recomputed))
    return [
        TallyCheck(
            stored == recomputed,
            "the published votes per entry match the ballots"
            + (f" (differ: {differences})" if differences else ""),
        ),
        TallyCheck(
            result.votes == counted,
            f"published total ({result.votes:,}) = ballots counted ({counted:,})",
        ),
        TallyCheck(
            result.electorate == electorate,
            f"published electorate ({result.electorate:,}) = electors ({electorate:,})",
        ),
    ]
