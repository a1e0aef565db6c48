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

import uuid
from functools import partial

import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import (
    Competition,
    CompetitionEngagementKind,
    Elector,
    Entry,
    Phase,
    SealedVote,
    VoteCast,
)
from qihub.competitions.sealing import receipt_hash, vote_seal
from qihub.competitions.services.ballot_box import voting_lock_statement, voting_phase
from qihub.competitions.tasks import ballot_box_mix_due
from qihub.core.models import Person
from qihub.engagement.services import engagement_record

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
RECEIPT_LENGTH = 12


def _receipt_new() -> str:
    """A fresh receipt code, such as ABCD-EFGH-JKMN: twelve characters in groups of four."""
    raw = get_random_string(RECEIPT_LENGTH, RECEIPT_ALPHABET)
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
