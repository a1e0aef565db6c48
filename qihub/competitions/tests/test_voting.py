"""The vote: once per elector, secret, counted, with receipts; turnout without per-entry totals."""

import pytest
from django.db import connection

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Ballot, CompetitionEngagementKind, Elector, Phase, VoteCast
from qihub.competitions.selectors import receipt_counted, tally_compute, turnout_for
from qihub.competitions.services import competition_close_voting, vote_cast
from qihub.core.models import Person, PersonKind
from qihub.core.tests.factories import StaffFactory, TeamFactory
from qihub.engagement.models import EngagementRecord


def _shortlisted(competition):
    return list(competition.entries.filter(shortlisted=True).order_by("number"))


def test_opening_voting_snapshots_the_electorate_and_an_equal_empty_ballot_box(voting):
    active_staff = Person.objects.filter(kind=PersonKind.STAFF, is_active=True).count()
    assert Elector.objects.filter(competition=voting).count() == active_staff
    assert Ballot.objects.filter(competition=voting).count() == active_staff
    assert not Ballot.objects.filter(competition=voting, entry__isnull=False).exists()


def test_a_voter_votes_once_and_gets_a_receipt_that_checks(voting):
    voter = Elector.objects.filter(competition=voting)[0].voter
    first, second = _shortlisted(voting)
    receipt = vote_cast(competition=voting, person=voter, entry=first)
    assert receipt_counted(competition=voting, code=receipt)
    assert receipt_counted(competition=voting, code=receipt.lower().replace("-", " "))
    assert not receipt_counted(competition=voting, code="AAAA-BBBB-CCCC")
    with pytest.raises(CompetitionError) as error:
        vote_cast(competition=voting, person=voter, entry=second)
    assert error.value.code == "already_voted"
    assert [row["votes"] for row in tally_compute(competition=voting)] == [1, 0]
    assert (
        EngagementRecord.objects.filter(person=voter, kind=CompetitionEngagementKind.VOTED).count()
        == 1
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a psycopg option")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_vote_counts_with_psycopg_server_side_binding_too(voting):
    """On PostgreSQL a vote is several statements in one query, which psycopg's server-side
    binding (an option a deployment may turn on) refuses: then they go one at a time."""
    voter, other = (elector.voter for elector in Elector.objects.filter(competition=voting)[:2])
    first, second = _shortlisted(voting)
    options = connection.settings_dict["OPTIONS"]
    connection.close()
    options["server_side_binding"] = True
    try:
        receipt = vote_cast(competition=voting, person=voter, entry=first)
        with pytest.raises(CompetitionError) as error:
            vote_cast(competition=voting, person=voter, entry=second)
        assert error.value.code == "already_voted"
        vote_cast(competition=voting, person=other, entry=second)
    finally:
        connection.close()
        del options["server_side_binding"]
    assert receipt_counted(competition=voting, code=receipt)
    assert [row["votes"] for row in tally_compute(competition=voting)] == [1, 1]


def test_late_joiners_are_not_in_the_electorate_and_leavers_stay_in_it(voting):
    late = StaffFactory.create()
    with pytest.raises(CompetitionError) as error:
        vote_cast(competition=voting, person=late, entry=_shortlisted(voting)[0])
    assert error.value.code == "not_eligible"
    leaver = Elector.objects.filter(competition=voting)[0].voter
    Person.objects.filter(pk=leaver.pk).update(is_active=False)
    vote_cast(competition=voting, person=leaver, entry=_shortlisted(voting)[0])


def test_only_shortlisted_entries_take_votes(voting):
    voter = Elector.objects.filter(competition=voting)[0].voter
    not_shortlisted = voting.entries.filter(shortlisted=False).first()
    with pytest.raises(CompetitionError) as error:
        vote_cast(competition=voting, person=voter, entry=not_shortlisted)
    assert error.value.code == "not_shortlisted"
    assert not VoteCast.objects.exists()


def test_no_votes_after_voting_closes(voting):
    voter = Elector.objects.filter(competition=voting)[0].voter
    competition_close_voting(competition=voting)
    with pytest.raises(CompetitionError) as error:
        vote_cast(competition=voting, person=voter, entry=_shortlisted(voting)[0])
    assert error.value.code == "voting_closed"
    assert voting.phase == Phase.VOTING_CLOSED


def test_a_ballot_stores_nothing_that_links_it_to_its_voter(voting):
    """The ballot table holds a random id, the competition, the entry and a receipt hash."""
    columns = {field.column for field in Ballot._meta.concrete_fields}
    assert columns == {"id", "competition_id", "entry_id", "receipt_hash"}
    electors = list(Elector.objects.filter(competition=voting).order_by("pk"))
    entry = _shortlisted(voting)[0]
    for elector in electors:
        vote_cast(competition=voting, person=elector.voter, entry=entry)
    # Slots were made empty and shuffled before anyone voted, and a vote fills a random one:
    # the order of filled ballots in the table is not the order of voting.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id FROM {Ballot._meta.db_table} WHERE competition_id = %s", [voting.pk]
        )
        stored_order = [str(row[0]).replace("-", "") for row in cursor.fetchall()]
    assert len(stored_order) == len(electors)
    assert stored_order != sorted(stored_order), "slots must not be stored in id order"


def test_turnout_counts_votes_and_suppresses_small_numbers(voting):
    electors = list(Elector.objects.filter(competition=voting).select_related("person"))
    vote_cast(competition=voting, person=electors[0].voter, entry=_shortlisted(voting)[0])
    turnout = turnout_for(competition=voting)
    assert turnout.votes == 1
    assert turnout.last_five_minutes == 1
    assert turnout.electorate == len(electors)
    assert all(row.votes in (0, None) for row in turnout.by_directorate)
    assert "tally" not in turnout.as_dict()


def test_a_directorates_votes_are_hidden_when_voters_or_non_voters_are_few(voting):
    from django.utils import timezone

    team = TeamFactory.create()
    electors = [
        Elector.objects.create(
            competition=voting, person=StaffFactory.create(team=team), directorate=directorate
        )
        for directorate in [team.service.directorate] * 20
    ]

    def shown() -> int | None:
        rows = turnout_for(competition=voting).by_directorate
        return next(row.votes for row in rows if row.name == team.service.directorate.name)

    for elector in electors[:7]:
        VoteCast.objects.create(elector=elector, cast_at=timezone.now())
    assert shown() == 7
    for elector in electors[7:16]:
        VoteCast.objects.create(elector=elector, cast_at=timezone.now())
    assert shown() is None, "the four who have not voted would be identifiable"


def test_a_voter_who_erases_their_account_stays_counted(voting, public_user):
    from qihub.core.services import person_erase

    person = Person.objects.get(user=public_user)
    elector = Elector.objects.create(competition=voting, person=person)
    vote_cast(competition=voting, person=person, entry=_shortlisted(voting)[0])
    before = turnout_for(competition=voting)
    person_erase(person=person, actor=public_user)
    elector.refresh_from_db()
    assert elector.person is None
    after = turnout_for(competition=voting)
    assert (after.votes, after.electorate) == (before.votes, before.electorate)
    assert [row["votes"] for row in tally_compute(competition=voting)] == [1, 0]
