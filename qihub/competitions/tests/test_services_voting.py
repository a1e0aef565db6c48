"""Secrecy: nothing stored links a ballot to the person who cast it.

The voter side (`Elector`, `VoteCast`) says who voted and when; the ballot side says what was
voted. These tests look at what is actually stored — the table's columns, the rows in the order
the database keeps them, the audit log and the engagement ledger — for anything that joins them.
"""

import json
import random

import numpy as np
import pytest
from django.conf import settings
from django.db import connection
from wagtail.models import ModelLogEntry

from qihub.competitions.models import Ballot, CompetitionEngagementKind, Elector, VoteCast
from qihub.competitions.sealing import receipt_hash
from qihub.competitions.services import competition_close_voting, vote_cast
from qihub.competitions.services.ballot_box import ballot_box_mix
from qihub.competitions.tests.conftest import staff_in_one_team
from qihub.engagement.models import EngagementRecord

ELECTORATE = 2_000
VOTERS = 500
# Under no correlation Spearman's rho has a standard deviation of about 1/sqrt(VOTERS - 1), 0.045
# here. 0.25 is over five standard deviations: a chance failure is far less likely than one in a
# million runs, while the leak this guards against (ballots stored in the order they were
# filled) gives a rho near 1.
RHO_LIMIT = 0.25
ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="xmin is a PostgreSQL system column; SQLite keeps no writer id"
)


def _spearman(x: list, y: list) -> float:
    ranks_x = np.argsort(np.argsort(x))
    ranks_y = np.argsort(np.argsort(y))
    return float(np.corrcoef(ranks_x, ranks_y)[0, 1])


def _stored_ballots(competition) -> list[tuple[str, str]]:
    """The filled ballots' ids and receipt hashes, in the order the table holds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, receipt_hash FROM {Ballot._meta.db_table} WHERE competition_id = %s",
            [competition.pk],
        )
        return [(str(pk), receipt) for pk, receipt in cursor.fetchall() if receipt]


@pytest.fixture
def large_vote(db, request):
    """VOTERS of ELECTORATE staff vote, in a known random order; return it by receipt hash."""
    staff_in_one_team(ELECTORATE, prefix="V")
    competition = request.getfixturevalue("voting")
    entries = list(competition.entries.filter(shortlisted=True))
    electors = list(Elector.objects.filter(competition=competition).select_related("person"))
    rng = random.Random(4)
    voters = rng.sample(electors, VOTERS)
    order = {}
    for position, elector in enumerate(voters):
        code = vote_cast(competition=competition, person=elector.voter, entry=rng.choice(entries))
        order[receipt_hash(code)] = position
        ballot_box_mix(competition=competition)  # as the worker does, once a batch waits
    ballot_box_mix(competition=competition, minimum=0)
    return competition, order


def _assert_no_order(competition, order: dict[str, int]) -> None:
    stored = _stored_ballots(competition)
    assert len(stored) == len(order)
    voting_order = [order[receipt] for _, receipt in stored]
    by_row = _spearman(list(range(len(stored))), voting_order)
    by_id = _spearman([pk for pk, _ in stored], voting_order)
    assert abs(by_row) < RHO_LIMIT, f"row order follows voting order (rho={by_row:.2f})"
    assert abs(by_id) < RHO_LIMIT, f"ballot ids follow voting order (rho={by_id:.2f})"


def test_the_ballot_table_stores_no_voter_no_time_and_no_sequence(db):
    model_columns = {field.column for field in Ballot._meta.concrete_fields}
    assert model_columns == {"id", "competition_id", "entry_id", "receipt_hash"}
    with connection.cursor() as cursor:
        table = connection.introspection.get_table_description(cursor, Ballot._meta.db_table)
    assert {column.name for column in table} == model_columns
    assert Ballot._meta.pk is not None and Ballot._meta.pk.get_internal_type() == "UUIDField"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_neither_row_order_nor_ids_follow_the_order_of_voting(large_vote):
    competition, order = large_vote
    _assert_no_order(competition, order)
    competition_close_voting(competition=competition)
    _assert_no_order(competition, order)


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_close_no_ballot_shares_a_transaction_with_a_vote_cast(large_vote):
    """PostgreSQL stamps each row with the id of the transaction that wrote it (xmin)."""
    competition, _ = large_vote
    competition_close_voting(competition=competition)
    assert _ballots_sharing_a_transaction_with_a_vote(competition) == 0


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_during_voting_no_ballot_shares_a_transaction_with_a_vote_cast(large_vote):
    """Each batch of ballots shares the mixer's transaction id with no one voter's VoteCast."""
    competition, _ = large_vote
    assert _ballots_sharing_a_transaction_with_a_vote(competition) == 0
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT xmin::text, count(*) FROM {Ballot._meta.db_table} "
            "WHERE competition_id = %s AND entry_id IS NOT NULL GROUP BY 1",
            [competition.pk],
        )
        batches = [size for _, size in cursor.fetchall()]
    assert sum(batches) == VOTERS
    assert min(batches) >= settings.QIHUB_VOTE_MIX_BATCH


def _ballots_sharing_a_transaction_with_a_vote(competition) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {Ballot._meta.db_table} b "
            f"JOIN {VoteCast._meta.db_table} v ON b.xmin::text = v.xmin::text "
            "WHERE b.competition_id = %s AND b.entry_id IS NOT NULL",
            [competition.pk],
        )
        return cursor.fetchone()[0]


def test_no_log_or_ledger_record_of_a_vote_says_what_was_voted(voting):
    entries = list(voting.entries.all())
    first_log = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    electors = list(Elector.objects.filter(competition=voting).select_related("person")[:6])
    shortlisted = [entry for entry in entries if entry.shortlisted]
    for index, elector in enumerate(electors):
        vote_cast(competition=voting, person=elector.voter, entry=shortlisted[index % 2])
    for log in ModelLogEntry.objects.filter(pk__gt=first_log):
        stored = json.dumps([log.label, log.data]).lower()
        assert log.content_type.model not in {"entry", "ballot"}, log.action
        assert '"entry"' not in stored, log.action
        assert not any(entry.title.lower() in stored for entry in entries), log.action
    records = EngagementRecord.objects.filter(kind=CompetitionEngagementKind.VOTED)
    assert records.count() == len(electors)
    for record in records:
        assert record.subject == f"competition:{voting.pk}"
        assert record.subject_label == voting.title
