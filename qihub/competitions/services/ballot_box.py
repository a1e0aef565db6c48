"""The ballot box: empty slots made when voting opens, sealed votes, and the mixer.

A vote reaches the ballot box in two steps, so that no stored row ties a ballot to its voter:
1. `vote_cast` writes, in the voter's transaction, their `VoteCast` and a `SealedVote`: the entry
   and receipt hash encrypted with AES-GCM under a key derived from the server's secret key
   (`qihub.competitions.sealing`).
   On PostgreSQL the two rows share a transaction id (`xmin`), but the sealed one cannot be read
   without the key, which is not in the database.
2. `ballot_box_mix`, run by the worker about every `QIHUB_VOTE_MIX_BATCH` votes (the setting)
   and by the closing of voting, opens a batch of at least that many sealed votes and puts them,
   in random order, into random empty slots, in one transaction. Every ballot it fills carries
   that transaction's id, shared by the whole batch; the slots' places and ids were fixed, at
   random, before anyone voted.
Closing voting writes the whole box again, with the votes still sealed in it, in a fresh random
order (`ballot_box_reshuffle`), so that every ballot carries the closing transaction's id.
"""

import random
import uuid

from django.conf import settings
from django.db import connection, transaction

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Ballot, Competition, Elector, Phase, SealedVote
from qihub.competitions.sealing import vote_unseal
from qihub.competitions.selectors import sealed_votes_open
from qihub.competitions.services.eligibility import eligible_people
from qihub.core.audit import audit_log

BATCH_SIZE = 2_000
VOTING_LOCK_CLASS = 0x766F7465  # "vote": the advisory lock's namespace


def _voting_lock_key(competition: Competition) -> list[int]:
    return [VOTING_LOCK_CLASS, competition.pk & 0x7FFFFFFF]


def voting_lock_statement(
    competition: Competition, *, exclusive: bool = False
) -> tuple[str, list[int]] | None:
    """The SQL that takes the competition's voting lock until the transaction ends, with its
    parameters; None where the database needs none.

    Votes and mixes take it shared (they do not block each other); closing voting takes it
    exclusive, so it waits for those in flight and every later one waits for it, then sees the
    new phase. On PostgreSQL this is an advisory lock: its queue is fair, where a row lock would
    let a stream of shared lockers starve the close for as long as the rush lasts. SQLite's
    IMMEDIATE transactions already run writers one at a time.
    """
    if connection.vendor != "postgresql":
        return None
    lock = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    return f"SELECT {lock}(%s, %s)", _voting_lock_key(competition)


def voting_lock_if_free(competition: Competition) -> tuple[str, list[int]] | None:
    """An SQL condition that takes the voting lock shared if it is free at once, and is false
    if not, with its parameters; None where the database needs none.

    It is not free while voting closes: the close holds the lock, or waits for it (a request
    that would overtake a waiting one is refused, so the queue stays fair). A vote asks this
    in the statement that writes it, and waits for the lock only in a statement of its own:
    PostgreSQL logs the whole text of a statement that waits long (`log_lock_waits`), takes long
    (`log_min_duration_statement`) or is cancelled by a timeout, and the vote's holds the
    sealed vote.
    """
    if connection.vendor != "postgresql":
        return None
    return "pg_try_advisory_xact_lock_shared(%s, %s)", _voting_lock_key(competition)


def voting_lock(competition: Competition, *, exclusive: bool = False) -> None:
    """Take the competition's voting lock (`voting_lock_statement`)."""
    statement = voting_lock_statement(competition, exclusive=exclusive)
    if statement is not None:
        with connection.cursor() as cursor:
            cursor.execute(*statement)


def voting_phase(competition: Competition) -> str:
    """The competition's phase as stored now (read it after taking the voting lock)."""
    phase = Competition.objects.filter(pk=competition.pk).values_list("phase", flat=True).first()
    return phase or ""


def ballot_box_fill(competition: Competition) -> dict:
    """Snapshot the electorate and create as many empty ballot slots, in random order."""
    people = eligible_people(competition=competition, rule=competition.who_may_vote).values_list(
        "pk", "team__service__directorate_id"
    )
    electors = [
        Elector(competition=competition, person_id=pk, directorate_id=directorate)
        for pk, directorate in people
    ]
    Elector.objects.bulk_create(electors, batch_size=BATCH_SIZE)
    slots = [Ballot(id=uuid.uuid4(), competition=competition) for _ in electors]
    random.SystemRandom().shuffle(slots)
    Ballot.objects.bulk_create(slots, batch_size=BATCH_SIZE)
    return {"electorate": len(electors)}


def _empty_slots(competition: Competition, count: int) -> list[uuid.UUID]:
    """The ids of `count` empty slots, each chosen at random (scattered, not a run of
    neighbours)."""
    empty = Ballot.objects.filter(competition=competition, entry__isnull=True).order_by("?")
    if connection.features.has_select_for_update_skip_locked:
        empty = empty.select_for_update(skip_locked=True)
    slots = list(empty.values_list("pk", flat=True)[:count])
    if len(slots) < count:
        raise CompetitionError("The ballot box is full.", code="no_slot")
    return slots


def ballot_box_mix(*, competition: Competition, minimum: int | None = None) -> int:
    """Put sealed votes into random empty slots, if at least `minimum` wait; return how many.

    A batch smaller than `minimum` (default `QIHUB_VOTE_MIX_BATCH`) waits for more votes, or for
    voting to close, which puts every vote left in the box (`ballot_box_reshuffle`).
    """
    minimum = settings.QIHUB_VOTE_MIX_BATCH if minimum is None else minimum
    with transaction.atomic():
        # Shared, like a vote: closing voting (exclusive) waits for a mix in progress, and a mix
        # never runs while the box is rewritten.
        voting_lock(competition)
        if voting_phase(competition) != Phase.VOTING:
            return 0
        waiting = SealedVote.objects.filter(competition=competition)
        if connection.features.has_select_for_update_skip_locked:
            waiting = waiting.select_for_update(skip_locked=True)
        sealed = list(waiting)
        if not sealed or len(sealed) < minimum:
            return 0
        random.SystemRandom().shuffle(sealed)
        slots = _empty_slots(competition, len(sealed))
        pk = Ballot._meta.pk
        # One plain UPDATE per slot, sent together: `bulk_update` builds a CASE over the whole
        # batch, whose compiling took most of a mix (tens of ms), and on SQLite every vote
        # waits for a mix to commit.
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {Ballot._meta.db_table} SET entry_id = %s, receipt_hash = %s "  # noqa: S608
                f"WHERE {pk.column} = %s",
                [
                    (
                        *vote_unseal(competition_id=competition.pk, sealed=vote.sealed),
                        pk.get_db_prep_value(slot, connection),
                    )
                    for slot, vote in zip(slots, sealed, strict=True)
                ],
            )
        SealedVote.objects.filter(pk__in=[vote.pk for vote in sealed]).delete()
        audit_log(
            action="qihub.competitions.ballot_box.mix",
            instance=competition,
            data={"votes": len(sealed)},
        )
    return len(sealed)


def ballot_box_reshuffle(competition: Competition) -> dict:
    """Write the box again, with every vote still sealed in it, in a fresh random order under
    fresh ids; the sealed votes go.

    While voting runs, each filled ballot carries the id of the mixing transaction that filled
    it, shared by its batch. Rewriting every ballot when voting closes leaves them all with the
    closing transaction's id and a random physical order. (Old row versions go when VACUUM next
    runs on the tables.)
    """
    box = Ballot.objects.filter(competition=competition)
    filled = list(box.filter(entry__isnull=False).values_list("entry_id", "receipt_hash"))
    sealed = sealed_votes_open(competition=competition)
    empty = box.count() - len(filled) - len(sealed)
    box.delete()
    SealedVote.objects.filter(competition=competition).delete()
    slots = [
        Ballot(id=uuid.uuid4(), competition=competition, entry_id=entry, receipt_hash=receipt)
        for entry, receipt in [*filled, *sealed, *[(None, None)] * empty]
    ]
    random.SystemRandom().shuffle(slots)
    Ballot.objects.bulk_create(slots, batch_size=BATCH_SIZE)
    return {}
