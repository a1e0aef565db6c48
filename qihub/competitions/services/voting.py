"""The vote: exactly once per elector, secret, with a receipt the voter can check.

How a vote is stored (see also `ballot_box` and the models' docstrings):
- When voting opens, the electorate is snapshotted into `Elector` rows and the same number of
  empty `Ballot` slots are created, each with a random UUID, in random order.
- `vote_cast` inserts the elector's `VoteCast` (a one-to-one: a second one for the same elector
  cannot be inserted, whatever the timing) and a `SealedVote` holding the entry and the hash of
  a fresh receipt code, encrypted, in one transaction.
- The mixer moves sealed votes into random empty slots in batches, in transactions of its own.
So the ballot table never says who voted, when, or in what order.
"""

import uuid
from datetime import datetime
from functools import partial
from typing import Any

import psycopg
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.crypto import get_random_string
from wagtail.models import ModelLogEntry

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
from qihub.competitions.services.ballot_box import (
    voting_lock,
    voting_lock_if_free,
    voting_phase,
)
from qihub.competitions.tasks import ballot_box_mix_due
from qihub.core.audit import audit_log
from qihub.core.models import Person
from qihub.engagement.services import engagement_record

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
RECEIPT_LENGTH = 12
VOTE_CAST = "qihub.competitions.vote.cast"


def _receipt_new() -> str:
    """A fresh receipt code, such as ABCD-EFGH-JKMN: twelve characters in groups of four."""
    raw = get_random_string(RECEIPT_LENGTH, RECEIPT_ALPHABET)
    return "-".join(raw[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def _insert_if_sealed(entry: Model, sealed_id: Any) -> tuple[str, list[Any]]:
    """An `INSERT` of the unsaved `entry`, each value prepared by its field as the ORM would,
    made only once the vote's sealed vote (`sealed_id`) is written."""
    meta = entry._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    values = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields]
    return (
        f"INSERT INTO {meta.db_table} ({columns}) SELECT {', '.join(['%s'] * len(fields))} "  # noqa: S608
        f"WHERE EXISTS (SELECT 1 FROM {SealedVote._meta.db_table} s WHERE s.id = %s)",
        [*values, sealed_id],
    )


def _vote_logged(competition: Competition, person: Person, at: datetime) -> ModelLogEntry:
    """The vote's entry in the audit log: who voted, and when, never what for. It is written with
    the vote's own statements: `audit_log`, through Wagtail, would first look up its content type
    and user, three round trips on every vote of the rush instead of none; the tests check that
    the two write the same entry."""
    return ModelLogEntry(
        content_type=ContentType.objects.get_for_model(Competition),
        label=str(competition),
        action=VOTE_CAST,
        timestamp=at,
        data={},
        user_id=person.user_id,
        object_id=str(competition.pk),
    )


def _vote_try(competition: Competition, person: Person, sealed: bytes) -> tuple[bool, int | None]:
    """Write the person's sealed vote, their `VoteCast` and the vote's audit-log entry, if the
    voting lock is free at once, voting is open and they are an elector who has not voted;
    return whether the lock was free (the sealed vote written) and the `VoteCast`'s id, or None
    (the caller then rolls back).

    The `VoteCast` is one `INSERT … SELECT` that finds the elector and reads the phase. It is a
    statement of its own after the lock's, so it reads the phase as committed once the lock was
    granted: after a close that this vote waited for. A second vote is refused by its
    one-to-one on the elector, and found from what the statement returns (`ON CONFLICT DO
    NOTHING`), never from an error: PostgreSQL logs the whole text of a statement that fails,
    values and all. This runs for every vote in the rush, so on PostgreSQL the statements go to
    the server as one query: one round trip instead of three. (Several statements in one query
    need psycopg's client-side parameter binding, Django's default; with any other cursor, they
    go one by one.)
    """
    sealed_table = SealedVote._meta.db_table
    sealed_id = SealedVote._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
    now = timezone.now()
    seal_sql = f"INSERT INTO {sealed_table} (id, competition_id, sealed) SELECT %s, %s, %s"
    seal_params = [sealed_id, competition.pk, sealed]
    lock = voting_lock_if_free(competition)
    if lock is not None:
        seal_sql += f" WHERE {lock[0]}"
        seal_params += lock[1]
    statements = [
        (f"{seal_sql} RETURNING id", seal_params),
        (
            f"INSERT INTO {VoteCast._meta.db_table} (elector_id, cast_at) "  # noqa: S608
            f"SELECT e.id, %s FROM {Elector._meta.db_table} e "
            f"JOIN {Competition._meta.db_table} c ON c.id = e.competition_id "
            "WHERE e.competition_id = %s AND e.person_id = %s AND c.phase = %s "
            f"AND EXISTS (SELECT 1 FROM {sealed_table} s WHERE s.id = %s) "
            "ON CONFLICT (elector_id) DO NOTHING RETURNING id",
            [
                connection.ops.adapt_datetimefield_value(now),
                competition.pk,
                person.pk,
                Phase.VOTING.value,
                sealed_id,
            ],
        ),
        _insert_if_sealed(_vote_logged(competition, person, now), sealed_id),
    ]
    with connection.cursor() as cursor:
        if isinstance(cursor.cursor, psycopg.ClientCursor):
            cursor.execute(
                "; ".join(sql for sql, _ in statements),
                [param for _, params in statements for param in params],
            )
            sealed_rows = cursor.fetchall()
            cursor.nextset()
            cast_rows = cursor.fetchall()
        else:
            cursor.execute(*statements[0])
            sealed_rows = cursor.fetchall()
            cursor.execute(*statements[1])
            cast_rows = cursor.fetchall()
            cursor.execute(*statements[2])
    return bool(sealed_rows), cast_rows[0][0] if cast_rows else None


def _vote_write(competition: Competition, person: Person, sealed: bytes) -> int | None:
    """Under the voting lock, write the person's sealed vote, their `VoteCast` and the vote's
    audit-log entry; return the `VoteCast`'s id, or None if voting is not open, they are not an
    elector or have voted."""
    locked, cast_id = _vote_try(competition, person, sealed)
    if not locked:
        # Voting is closing: wait for the lock in a statement that holds nothing of the vote,
        # as long as closing takes (a timeout set for the database role would make the wait an
        # error page), then try again, holding it, and find voting closed.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('lock_timeout', '0', true), "
                "set_config('statement_timeout', '0', true)"
            )
        voting_lock(competition)
        _, cast_id = _vote_try(competition, person, sealed)
    return cast_id


def _refusal(competition: Competition, person: Person) -> CompetitionError:
    """Why a vote wrote no `VoteCast` (asked under the voting lock, so the phase is final)."""
    if voting_phase(competition) != Phase.VOTING:
        return CompetitionError("Voting is not open.", code="voting_closed")
    if VoteCast.objects.filter(elector__competition=competition, elector__person=person).exists():
        return CompetitionError("You have already voted.", code="already_voted")
    return CompetitionError(
        "You are not on the list of people who can vote in this competition.",
        code="not_eligible",
    )


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
    with transaction.atomic():
        cast_id = _vote_write(competition, person, sealed)
        if cast_id is None:
            raise _refusal(competition, person)
        engagement_record(
            person=person,
            kind=CompetitionEngagementKind.VOTED,
            subject=f"competition:{competition.pk}",
            subject_label=competition.title,
        )
        # About once a batch (ids can skip a number), ask the worker to mix.
        if cast_id % settings.QIHUB_VOTE_MIX_BATCH == 0:
            # Robust: the vote has committed; a queue that fails must not hide the receipt.
            transaction.on_commit(partial(ballot_box_mix_due.enqueue, competition.pk), robust=True)
    return code


def tally_disclose(*, competition: Competition, os_user: str) -> None:
    """Record that someone on the server is shown the votes per entry while voting is open
    (`qihub tally --show-totals-while-open`): which operating-system account, and when."""
    audit_log(
        action="qihub.competitions.competition.show_totals_while_open",
        instance=competition,
        data={"os_user": os_user, "phase": competition.phase},
    )
