"""A competition ready for each phase, with its cast: entrants, a mixed panel, voters."""

import re
from typing import Any

import pytest

from qihub.competitions.builders import EntryPlan, Stage, competition_build
from qihub.competitions.models import Competition, Phase
from qihub.competitions.tests.factories import brand_draft, mixed_panel, user_for
from qihub.core.models import Person, PersonKind
from qihub.core.tests.factories import StaffFactory, TeamFactory


def staff_in_one_team(count: int, *, prefix: str) -> None:
    """Add `count` active staff in one new team (before `voting` snapshots the electorate)."""
    team = TeamFactory.create()
    Person.objects.bulk_create(
        Person(
            kind=PersonKind.STAFF,
            first_name="Voter",
            last_name=str(index),
            team=team,
            employee_number=f"{prefix}{index:05d}",
        )
        for index in range(count)
    )


def invitation_path(message: Any) -> str:
    """The path of the link in an email inviting someone to a team."""
    found = re.search(r"http\S+?(/competitions/[^/]+/team-invitations/[^/\s]+/)", str(message.body))
    assert found is not None, message.body
    return found[1]


def score_all(competition: Competition) -> None:
    """Every panel member scores every entry they may: entry 1 best, then in number order."""
    competition_build(competition=competition, stage=Stage.SCORED)


@pytest.fixture
def competition(db) -> Competition:
    return brand_draft(shortlist_size=2)


@pytest.fixture
def panel(competition):
    return mixed_panel(competition)


@pytest.fixture
def entrants(db):
    return StaffFactory.create_batch(4)


@pytest.fixture
def open_competition(competition):
    return competition_build(competition=competition, stage=Stage.ENTRIES_OPEN)


@pytest.fixture
def shortlisting(open_competition, panel, entrants):
    entries = [
        EntryPlan(person=person, title=f"Design {n}") for n, person in enumerate(entrants, 1)
    ]
    return competition_build(
        competition=open_competition, stage=Stage.SHORTLISTING, entries=entries
    )


@pytest.fixture
def voting(shortlisting, panel):
    """Scored, entries 1 and 2 shortlisted by the chair, and voting open."""
    competition = competition_build(
        competition=shortlisting, stage=Stage.VOTING, confirmed_by=user_for(panel["chair"].person)
    )
    assert competition.phase == Phase.VOTING
    return competition
