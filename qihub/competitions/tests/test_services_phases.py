"""Phases: each transition checks what it needs, is logged, and never goes backwards."""

import datetime
import io
from collections import Counter

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser, Group
from django.core import mail
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import (
    Ballot,
    Competition,
    Elector,
    Phase,
    Result,
    SealedVote,
    VoteCast,
)
from qihub.competitions.selectors import sealed_votes_open
from qihub.competitions.services import (
    competition_advance_due,
    competition_close_entries,
    competition_close_voting,
    competition_open_entries,
    competition_open_voting,
    competition_publish_results,
    competition_start_shortlisting,
    entry_submit,
    shortlist_confirm,
    vote_cast,
)
from qihub.competitions.services.ballot_box import ballot_box_mix
from qihub.competitions.tests.conftest import score_all
from qihub.competitions.tests.factories import CompetitionFactory, upload, user_for
from qihub.core.models import Person, PersonKind, User
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.tests.factories import StaffFactory
from qihub.core.tests.worker import run_worker

NOW = datetime.datetime(2026, 5, 12, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def _log(competition, action: str) -> ModelLogEntry:
    return ModelLogEntry.objects.get(
        action=f"qihub.competitions.competition.{action}", object_id=str(competition.pk)
    )


def _actions(competition) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(
            action__startswith="qihub.competitions.competition.", object_id=str(competition.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


def _ballot_contents(competition) -> Counter:
    return Counter(
        Ballot.objects.filter(competition=competition).values_list("entry_id", "receipt_hash")
    )


def test_a_competition_runs_end_to_end_and_every_step_is_logged(voting, panel):
    shortlisted = list(voting.entries.filter(shortlisted=True).order_by("number"))
    for index, elector in enumerate(Elector.objects.filter(competition=voting)[:3]):
        vote_cast(competition=voting, person=elector.voter, entry=shortlisted[index % 2])
    competition_close_voting(competition=voting)
    result = competition_publish_results(competition=voting)
    assert voting.phase == Phase.RESULTS
    assert _actions(voting) == [
        f"qihub.competitions.competition.{action}"
        for action in (
            "open_entries",
            "close_entries",
            "start_shortlisting",
            "confirm_shortlist",
            "open_voting",
            "close_voting",
            "publish_results",
        )
    ]
    assert _log(voting, "open_entries").data == {"from": "draft", "to": "entries_open"}
    assert _log(voting, "close_entries").data == {
        "from": "entries_open",
        "to": "entries_closed",
        "entries": 4,
    }
    assert _log(voting, "start_shortlisting").data["panel"] == 3
    electorate = Person.objects.filter(kind=PersonKind.STAFF, is_active=True).count()
    assert _log(voting, "open_voting").data == {
        "from": "shortlisting",
        "to": "voting",
        "electorate": electorate,
    }
    assert _log(voting, "close_voting").data == {
        "from": "voting",
        "to": "voting_closed",
        "votes": 3,
    }
    assert (result.votes, result.electorate) == (3, electorate)
    assert [(row["number"], row["votes"]) for row in result.tally] == [(1, 2), (2, 1)]


def test_the_actor_is_recorded(competition):
    qi = User.objects.create_user(email="qi@trust.example")
    qi.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    competition_open_entries(competition=competition, actor=qi)
    assert _log(competition, "open_entries").user_id == qi.pk


@pytest.mark.parametrize(
    ("step", "phase"),
    [
        (competition_open_entries, Phase.DRAFT),
        (competition_close_entries, Phase.ENTRIES_OPEN),
        (competition_start_shortlisting, Phase.ENTRIES_CLOSED),
        (competition_open_voting, Phase.SHORTLISTING),
        (competition_close_voting, Phase.VOTING),
        (competition_publish_results, Phase.VOTING_CLOSED),
    ],
)
@pytest.mark.parametrize("who", ["staff", "chair", "visitor"])
def test_only_the_qi_team_moves_a_competition_on(db, panel, step, phase, who):
    competition = panel["chair"].competition
    Competition.objects.filter(pk=competition.pk).update(phase=phase, shortlist_confirmed=True)
    competition.refresh_from_db()
    actor = AnonymousUser() if who == "visitor" else user_for(panel[who].person)
    with pytest.raises(CompetitionError) as error:
        step(competition=competition, actor=actor)
    assert error.value.code == "not_qi_team"
    competition.refresh_from_db()
    assert competition.phase == phase
    assert _actions(competition) == []


def test_the_scheduler_moves_phases_as_the_system(db):
    competition = _dated(entries_open_at=NOW - HOUR)
    competition_advance_due(now=NOW)
    logged = _log(competition, "open_entries")
    assert logged.user is None
    assert logged.user_display_name == "system"


def test_entries_need_a_brief(db):
    competition = CompetitionFactory.create(brief="   ")
    with pytest.raises(CompetitionError) as error:
        competition_open_entries(competition=competition)
    assert error.value.code == "no_brief"
    assert _actions(competition) == []


@pytest.mark.parametrize(
    ("step", "phase"),
    [
        (competition_open_entries, Phase.ENTRIES_OPEN),
        (competition_close_entries, Phase.DRAFT),
        (competition_start_shortlisting, Phase.ENTRIES_OPEN),
        (competition_open_voting, Phase.ENTRIES_CLOSED),
        (competition_close_voting, Phase.SHORTLISTING),
        (competition_publish_results, Phase.VOTING),
    ],
)
def test_every_transition_checks_the_phase(db, step, phase):
    competition = CompetitionFactory.create(phase=phase, shortlist_confirmed=True)
    with pytest.raises(CompetitionError) as error:
        step(competition=competition)
    assert error.value.code in {"wrong_phase", "panel_not_mixed"}
    competition.refresh_from_db()
    assert competition.phase == phase
    assert _actions(competition) == []


def test_nothing_goes_backwards_or_happens_twice(voting):
    for step in (
        competition_open_entries,
        competition_close_entries,
        competition_start_shortlisting,
    ):
        with pytest.raises(CompetitionError) as error:
            step(competition=voting)
        assert error.value.code == "wrong_phase"
    with pytest.raises(CompetitionError) as error:
        competition_open_voting(competition=voting)
    assert error.value.code == "wrong_phase"
    assert (
        Elector.objects.filter(competition=voting).count()
        == Ballot.objects.filter(competition=voting).count()
    )
    competition_close_voting(competition=voting)
    with pytest.raises(CompetitionError) as error:
        competition_close_voting(competition=voting)
    assert error.value.code == "wrong_phase"
    competition_publish_results(competition=voting)
    with pytest.raises(CompetitionError):
        competition_publish_results(competition=voting)
    assert Result.objects.count() == 1


def test_a_stale_copy_cannot_move_a_competition_on_twice(voting):
    stale = Competition.objects.get(pk=voting.pk)
    competition_close_voting(competition=voting)
    with pytest.raises(CompetitionError) as error:
        competition_close_voting(competition=stale)
    assert error.value.code == "wrong_phase"
    assert _actions(voting).count("qihub.competitions.competition.close_voting") == 1


def test_shortlisting_needs_criteria(open_competition, panel, entrants):
    open_competition.criteria.all().delete()
    competition_close_entries(competition=open_competition)
    with pytest.raises(CompetitionError) as error:
        competition_start_shortlisting(competition=open_competition)
    assert error.value.code == "no_criteria"


def test_voting_needs_a_confirmed_shortlist(shortlisting):
    with pytest.raises(CompetitionError) as error:
        competition_open_voting(competition=shortlisting)
    assert error.value.code == "no_shortlist"
    assert not Elector.objects.exists()
    assert not Ballot.objects.exists()


def test_opening_voting_snapshots_who_may_vote_then(shortlisting, panel, qi_team_user):
    score_all(shortlisting)
    entries = list(shortlisting.entries.order_by("number")[:2])
    shortlist_confirm(
        competition=shortlisting, entry_ids=[e.pk for e in entries], actor=qi_team_user
    )
    leaver = StaffFactory.create(is_active=False)
    competition_open_voting(competition=shortlisting)
    late_joiner = StaffFactory.create()
    electors = set(Elector.objects.values_list("person", flat=True))
    assert leaver.pk not in electors
    assert electors == set(
        Person.objects.filter(kind=PersonKind.STAFF, is_active=True)
        .exclude(pk=late_joiner.pk)
        .values_list("pk", flat=True)
    )


def test_closing_voting_mixes_the_sealed_votes_and_rewrites_the_box(voting):
    shortlisted = list(voting.entries.filter(shortlisted=True))
    electors = list(Elector.objects.filter(competition=voting).select_related("person")[:4])
    for index, elector in enumerate(electors):
        vote_cast(competition=voting, person=elector.voter, entry=shortlisted[index % 2])
        if index == 1:  # the first two are mixed in, the others wait, sealed
            ballot_box_mix(competition=voting, minimum=0)
    sealed = sealed_votes_open(competition=voting)
    assert len(sealed) == 2
    before = _ballot_contents(voting) - Counter({(None, None): 2}) + Counter(sealed)
    ids_before = set(Ballot.objects.values_list("id", flat=True))
    competition_close_voting(competition=voting)
    assert _ballot_contents(voting) == before
    assert not SealedVote.objects.exists()
    assert not ids_before & set(Ballot.objects.values_list("id", flat=True))


def test_results_are_fixed_at_publication_and_entrants_are_emailed(
    voting, django_capture_on_commit_callbacks
):
    entry = voting.entries.filter(shortlisted=True).first()
    voter = Elector.objects.filter(competition=voting)[0].voter
    vote_cast(competition=voting, person=voter, entry=entry)
    competition_close_voting(competition=voting)
    with django_capture_on_commit_callbacks(execute=True):
        result = competition_publish_results(competition=voting)
    assert result.published_at is not None
    assert sum(row["votes"] for row in result.tally) == 1 == VoteCast.objects.count()
    run_worker()
    accepted = voting.entries.filter(status="accepted")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.submitted_by.email for e in accepted)
    assert all(m.subject.startswith("The results are published") for m in mail.outbox)


# Moving on by date


def _dated(**dates) -> Competition:
    return CompetitionFactory.create(**dates)


def test_nothing_moves_before_its_date(db):
    _dated(entries_open_at=NOW + HOUR)
    assert competition_advance_due(now=NOW) == []


def test_entries_open_and_close_when_their_dates_pass(db):
    competition = _dated(entries_open_at=NOW - HOUR, entries_close_at=NOW + HOUR)
    assert competition_advance_due(now=NOW) == [
        f"{competition.slug}: Not yet open → Open for entries"
    ]
    assert competition_advance_due(now=NOW) == []
    with time_machine.travel(NOW + 2 * HOUR, tick=False):
        assert competition_advance_due() == [
            f"{competition.slug}: Open for entries → Entries closed"
        ]
    competition.refresh_from_db()
    assert competition.phase == Phase.ENTRIES_CLOSED
    assert _actions(competition) == [
        "qihub.competitions.competition.open_entries",
        "qihub.competitions.competition.close_entries",
    ]


def test_a_competition_catches_up_on_every_date_that_has_passed(db):
    competition = _dated(entries_open_at=NOW - 2 * HOUR, entries_close_at=NOW - HOUR)
    assert len(competition_advance_due(now=NOW)) == 2
    competition.refresh_from_db()
    assert competition.phase == Phase.ENTRIES_CLOSED


def test_a_date_that_cannot_be_met_is_reported_not_forced(shortlisting):
    shortlisting.voting_open_at = NOW - HOUR
    shortlisting.save()
    assert competition_advance_due(now=NOW) == [
        f"{shortlisting.slug}: not moved from Shortlisting: "
        "Confirm the shortlist before voting opens."
    ]
    shortlisting.refresh_from_db()
    assert shortlisting.phase == Phase.SHORTLISTING


def test_voting_opens_and_closes_by_date_and_no_vote_counts_after_the_close(
    shortlisting, panel, qi_team_user
):
    score_all(shortlisting)
    entries = list(shortlisting.entries.order_by("number")[:2])
    shortlist_confirm(
        competition=shortlisting, entry_ids=[e.pk for e in entries], actor=qi_team_user
    )
    shortlisting.voting_open_at, shortlisting.voting_close_at = NOW, NOW + HOUR
    shortlisting.save()
    entries = list(shortlisting.entries.filter(shortlisted=True))
    competition_advance_due(now=NOW)
    shortlisting.refresh_from_db()
    assert shortlisting.phase == Phase.VOTING
    voters = [e.voter for e in Elector.objects.filter(competition=shortlisting)[:2]]
    with time_machine.travel(NOW + HOUR - HOUR / 60, tick=False):
        vote_cast(competition=shortlisting, person=voters[0], entry=entries[0])
    with (
        time_machine.travel(NOW + HOUR, tick=False),
        pytest.raises(CompetitionError) as error,
    ):
        vote_cast(competition=shortlisting, person=voters[1], entry=entries[0])
    assert error.value.code == "voting_closed"  # refused by date, before the phase moves
    assert competition_advance_due(now=NOW + HOUR) == [
        f"{shortlisting.slug}: Voting → Voting closed"
    ]
    assert VoteCast.objects.count() == 1


def test_the_advance_command_prints_what_moved(db):
    competition = _dated(entries_open_at=NOW - HOUR)
    out = io.StringIO()
    call_command("advance_competitions", stdout=out)
    assert out.getvalue() == f"{competition.slug}: Not yet open → Open for entries\n"


def test_entries_submitted_then_closed_by_date(db):
    competition = _dated(entries_open_at=NOW - HOUR, entries_close_at=NOW + HOUR)
    competition_advance_due(now=NOW)
    competition.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        entry_submit(
            competition=competition,
            person=StaffFactory.create(),
            title="In time",
            description="x",
            images=[upload()],
        )
    competition_advance_due(now=NOW + HOUR)
    assert _log(competition, "close_entries").data["entries"] == 1
