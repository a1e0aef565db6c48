"""The vote: exactly once per elector, secret, with a receipt the voter can check.

How a vote is stored (see also `ballot_box` and the models' docstrings):
- When voting opens, the electorate is snapshotted into `Elector` rows and the same number of
  empty `Ballot` slots are created, each with a random UUID, in random order.
- `vote_cast` inserts the elector's `VoteCast` (a one-to-one: a second insert for the same
  elector fails in the database, whatever the timing) and a `SealedVote` holding the entry and
  the hash of a fresh receipt code, encrypted, in one transaction.
- The mixer moves sealed votes into random empty slots in batches, in transactions of its own.
So the ballot table never says who voted, when, or in what order.
"""

import hashlib
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import (
    Ballot,
    Competition,
    CompetitionEngagementKind,
    Elector,
    Entry,
    Phase,
    SealedVote,
    VoteCast,
)
from qihub.competitions.services.ballot_box import (
    box_snapshot,
    sealed_votes_open,
    vote_seal,
    voting_lock_statement,
    voting_phase,
)
from qihub.competitions.tasks import ballot_box_mix_due
from qihub.core.models import Person
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


def _vote_write(competition: Competition, person: Person, sealed: bytes) -> int | None:
    """Under the voting lock, write the person's sealed vote and their `VoteCast`, if voting is
    open and they are an elector; return the `VoteCast`'s id, or None (the caller then rolls
    back the sealed vote).

    The `VoteCast` is one `INSERT … SELECT` that finds the elector and reads the phase. It is a
    statement of its own after the lock's, so it reads the phase as committed once the lock was
    granted: a close that this vote waited for. Its one-to-one on the elector refuses a second
    vote. This runs for every vote in the rush, so on PostgreSQL the three statements go to the
    server as one query: one round trip instead of three. (Several statements in one query need
    psycopg's client-side parameter binding, Django's default; with any other cursor, they go one
    by one.)
    """
    cast_at = connection.ops.adapt_datetimefield_value(timezone.now())
    sealed_id = SealedVote._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
    statements = [
        (
            f"INSERT INTO {SealedVote._meta.db_table} (id, competition_id, sealed) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            [sealed_id, competition.pk, sealed],
        ),
        (
            f"INSERT INTO {VoteCast._meta.db_table} (elector_id, cast_at) "  # noqa: S608
            f"SELECT e.id, %s FROM {Elector._meta.db_table} e "
            f"JOIN {Competition._meta.db_table} c ON c.id = e.competition_id "
            "WHERE e.competition_id = %s AND e.person_id = %s AND c.phase = %s RETURNING id",
            [cast_at, competition.pk, person.pk, Phase.VOTING.value],
        ),
    ]
    lock = voting_lock_statement(competition)
    if lock is not None:
        statements.insert(0, lock)
    with connection.cursor() as cursor:
        if isinstance(cursor.cursor, psycopg.ClientCursor):
            cursor.execute(
                "; ".join(sql for sql, _ in statements),
                [param for _, params in statements for param in params],
            )
            for _ in statements[1:]:
                cursor.nextset()
        else:
            for statement in statements:
                cursor.execute(*statement)
        row = cursor.fetchone()
    return row[0] if row else None


def vote_cast(*, competition: Competition, person: Person, entry: Entry) -> str:
    """Cast a person's one vote for a shortlisted entry; return their receipt code."""
    close = competition.voting_close_at
    if close is not None and timezone.now() >= close:
        raise CompetitionError("Voting has closed.", code="voting_closed")
    if entry.competition_id != competition.pk or not entry.shortlisted:
        raise CompetitionError("Choose one of the shortlisted entries.", code="not_shortlisted")
    code = _receipt_new()
    sealed = vote_seal(
        competition_id=competition.pk, entry_id=entry.pk, receipt_hash=receipt_hash(code)
    )
    try:
        with transaction.atomic():
            cast_id = _vote_write(competition, person, sealed)
            if cast_id is None:
                if voting_phase(competition) != Phase.VOTING:
                    raise CompetitionError("Voting is not open.", code="voting_closed")
                raise CompetitionError(
                    "You are not on the list of people who can vote in this competition.",
                    code="not_eligible",
                )
            engagement_record(
                person=person,
                kind=CompetitionEngagementKind.VOTED,
                subject=f"competition:{competition.pk}",
                subject_label=competition.title,
            )
            # About once a batch (ids can skip a number), ask the worker to mix.
            if cast_id % settings.QIHUB_VOTE_MIX_BATCH == 0:
                # Robust: the vote has committed; a queue that fails must not hide the receipt.
                transaction.on_commit(
                    partial(ballot_box_mix_due.enqueue, competition.pk), robust=True
                )
    except IntegrityError as error:
        raise CompetitionError("You have already voted.", code="already_voted") from error
    return code


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
