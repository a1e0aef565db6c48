"""Sealed votes and the mixer: a vote waits, encrypted, until a batch goes into the box together."""

import pytest
from django.core.management import call_command
from django.db import connection

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Ballot, Elector, SealedVote
from qihub.competitions.sealing import receipt_hash, vote_seal, vote_unseal
from qihub.competitions.selectors import receipt_counted, sealed_votes_open
from qihub.competitions.services import competition_advance_due, vote_cast
from qihub.competitions.services.ballot_box import ballot_box_mix
from qihub.core.tests.worker import run_worker

BATCH = 3


@pytest.fixture
def small_batches(settings):
    settings.QIHUB_VOTE_MIX_BATCH = BATCH


def _vote(competition, count: int, *, skip: int = 0) -> list[str]:
    entry = competition.entries.filter(shortlisted=True).first()
    electors = (
        Elector.objects.filter(competition=competition).select_related("person").order_by("pk")
    )
    return [
        vote_cast(competition=competition, person=elector.voter, entry=entry)
        for elector in electors[skip : skip + count]
    ]


def _filled(competition) -> int:
    return Ballot.objects.filter(competition=competition, entry__isnull=False).count()


def test_a_sealed_vote_opens_only_with_the_servers_key_and_for_its_competition(settings):
    sealed = vote_seal(competition_id=7, entry_id=42, receipt_hash="ab" * 32)
    assert b"42" not in sealed and b"abab" not in sealed
    assert vote_unseal(competition_id=7, sealed=sealed) == (42, "ab" * 32)
    again = vote_seal(competition_id=7, entry_id=42, receipt_hash="ab" * 32)
    assert again != sealed, "the same vote sealed twice must not look the same"
    with pytest.raises(CompetitionError) as moved:
        vote_unseal(competition_id=8, sealed=sealed)
    assert moved.value.code == "seal_key"
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-" + "n" * 40
    with pytest.raises(CompetitionError) as lost:
        vote_unseal(competition_id=7, sealed=sealed)
    assert "QIHUB_SECRET_KEY_FALLBACKS" in lost.value.message
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert vote_unseal(competition_id=7, sealed=sealed) == (42, "ab" * 32)


def test_a_vote_is_stored_sealed_and_its_receipt_checks_before_it_is_mixed(voting):
    entry = voting.entries.filter(shortlisted=True).first()
    [code] = _vote(voting, 1)
    [row] = SealedVote.objects.filter(competition=voting)
    stored = bytes(row.sealed)
    assert receipt_hash(code).encode() not in stored
    assert bytes.fromhex(receipt_hash(code)) not in stored  # nor as the bytes that are sealed
    assert _filled(voting) == 0
    assert receipt_counted(competition=voting, code=code)
    assert sealed_votes_open(competition=voting) == [(entry.pk, receipt_hash(code))]


def test_the_mixer_waits_for_a_full_batch_then_fills_random_slots(voting, small_batches):
    codes = _vote(voting, BATCH - 1)
    assert ballot_box_mix(competition=voting) == 0
    assert SealedVote.objects.filter(competition=voting).count() == BATCH - 1
    codes += _vote(voting, 1, skip=BATCH - 1)
    assert ballot_box_mix(competition=voting) == BATCH
    assert not SealedVote.objects.filter(competition=voting).exists()
    assert _filled(voting) == BATCH
    assert all(receipt_counted(competition=voting, code=code) for code in codes)
    filled = Ballot.objects.filter(competition=voting, entry__isnull=False)
    assert set(filled.values_list("receipt_hash", flat=True)) == {receipt_hash(c) for c in codes}


def test_the_worker_mixes_as_votes_arrive(
    voting, small_batches, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as asked:
        _vote(voting, 2 * BATCH)
    # The vote asks for a mix when its VoteCast id is a multiple of the batch: ids run on, so
    # 2 batches of votes ask at least once.
    assert len(asked) >= 1
    run_worker()
    waiting = SealedVote.objects.filter(competition=voting).count()
    assert waiting < BATCH
    assert _filled(voting) == 2 * BATCH - waiting


def test_advance_competitions_mixes_a_batch_the_worker_missed(voting, small_batches):
    _vote(voting, BATCH + 1)
    call_command("advance_competitions", verbosity=0)
    assert _filled(voting) == BATCH + 1
    assert not SealedVote.objects.filter(competition=voting).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_mixed_batch_shares_its_transaction_with_no_voter(voting, small_batches):
    _vote(voting, BATCH)
    ballot_box_mix(competition=voting)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT b.xmin::text), count(*) FROM competitions_ballot b "
            "WHERE b.competition_id = %s AND b.entry_id IS NOT NULL",
            [voting.pk],
        )
        assert cursor.fetchone() == (1, BATCH)
        cursor.execute(
            "SELECT count(*) FROM competitions_ballot b JOIN competitions_votecast v "
            "ON b.xmin::text = v.xmin::text WHERE b.competition_id = %s",
            [voting.pk],
        )
        assert cursor.fetchone() == (0,)


@pytest.mark.parametrize("entry_id", [9, 10, 100, 10**12])
def test_a_sealed_vote_is_the_same_length_whatever_the_entry(entry_id):
    sealed = vote_seal(competition_id=7, entry_id=entry_id, receipt_hash="cd" * 32)
    assert len(sealed) == len(vote_seal(competition_id=7, entry_id=1, receipt_hash="ef" * 32))
    assert vote_unseal(competition_id=7, sealed=sealed) == (entry_id, "cd" * 32)


def test_advance_competitions_reports_votes_it_cannot_open(voting, small_batches, settings):
    _vote(voting, BATCH)
    settings.SECRET_KEY = "a-new-key-" + "n" * 40
    moved = competition_advance_due()
    assert any("votes not mixed" in line and "QIHUB_SECRET_KEY_FALLBACKS" in line for line in moved)
    assert SealedVote.objects.filter(competition=voting).count() == BATCH
