"""The vote: exactly once per elector, secret, with a receipt the voter can check.

How a vote is stored (see also the models' docstring):
- When voting opens, the electorate is snapshotted into `Elector` rows and the same number of
  empty `Ballot` slots are created, each with a random UUID.
- `vote_cast` inserts the elector's `VoteCast` (a one-to-one: a second insert for the same
  elector fails in the database, whatever the timing) and fills one *randomly chosen* empty slot
  with the entry and the hash of a fresh receipt code, in one transaction.
So the ballot table never says who voted, when, or in what order: the slot's position was fixed
before anyone voted, and which slot a vote lands in is chosen at random.
"""

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Ballot, Competition, Elector, Entry, Phase, VoteCast
from qihub.core.models import Person
from qihub.engagement.models import EngagementKind
from qihub.engagement.services import engagement_record

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
RECEIPT_LENGTH = 12
SMALL_NUMBER = 5  # a directorate's votes are not shown if they, or its non-voters, number 1–4


def receipt_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _receipt_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


VOTING_LOCK_CLASS = 0x766F7465  # "vote": the advisory lock's namespace


def voting_lock(competition: Competition, *, exclusive: bool = False) -> str:
    """Take the competition's voting lock and return its phase, read under the lock.

    Votes take it shared (they do not block each other); closing voting takes it exclusive, so
    it waits for the votes in flight and every later vote waits for it, then sees the new phase.
    On PostgreSQL this is an advisory lock: its queue is fair, where a row lock would let a
    stream of shared lockers starve the close for as long as the rush lasts. SQLite's IMMEDIATE
    transactions already run writers one at a time.
    """
    table = Competition._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
            cursor.execute(
                f"SELECT {lock}(%s, %s)", [VOTING_LOCK_CLASS, competition.pk & 0x7FFFFFFF]
            )
        cursor.execute(f"SELECT phase FROM {table} WHERE id = %s", [competition.pk])  # noqa: S608
        row = cursor.fetchone()
    return row[0] if row else ""


def _empty_slot(competition: Competition) -> Ballot:
    start = uuid.uuid4()
    empty = Ballot.objects.filter(competition=competition, entry__isnull=True)
    if connection.features.has_select_for_update_skip_locked:
        empty = empty.select_for_update(skip_locked=True)
    slot = empty.filter(id__gte=start).order_by("id").first() or empty.order_by("id").first()
    if slot is None:
        raise CompetitionError("The ballot box is full.", code="no_slot")
    return slot


def vote_cast(*, competition: Competition, person: Person, entry: Entry) -> str:
    """Cast a person's one vote for a shortlisted entry; return their receipt code."""
    close = competition.voting_close_at
    if close is not None and timezone.now() >= close:
        raise CompetitionError("Voting has closed.", code="voting_closed")
    if entry.competition_id != competition.pk or not entry.shortlisted:
        raise CompetitionError("Choose one of the shortlisted entries.", code="not_shortlisted")
    code = _receipt_new()
    try:
        with transaction.atomic():
            if voting_lock(competition) != Phase.VOTING:
                raise CompetitionError("Voting is not open.", code="voting_closed")
            elector = Elector.objects.filter(competition=competition, person=person).first()
            if elector is None:
                raise CompetitionError(
                    "You are not on the list of people who can vote in this competition.",
                    code="not_eligible",
                )
            VoteCast.objects.create(elector=elector, cast_at=timezone.now())
            slot = _empty_slot(competition)
            slot.entry = entry
            slot.receipt_hash = receipt_hash(code)
            slot.save(update_fields=["entry", "receipt_hash"])
            engagement_record(
                person=person,
                kind=EngagementKind.VOTED,
                subject=f"competition:{competition.pk}",
                subject_label=competition.title,
            )
    except IntegrityError as error:
        raise CompetitionError("You have already voted.", code="already_voted") from error
    return code


def receipt_counted(*, competition: Competition, code: str) -> bool:
    """True if a ballot with this receipt is in the competition's ballot box."""
    return Ballot.objects.filter(
        competition=competition, receipt_hash=receipt_hash(code), entry__isnull=False
    ).exists()


def tally_compute(*, competition: Competition) -> list[dict[str, Any]]:
    """Count the stored ballots per shortlisted entry, most votes first."""
    counts = dict(
        Ballot.objects.filter(competition=competition, entry__isnull=False)
        .values_list("entry")
        .annotate(n=Count("id"))
        .values_list("entry", "n")
    )
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
