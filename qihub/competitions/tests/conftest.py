"""A competition ready for each phase, with its cast: entrants, a mixed panel, voters."""

from unittest import mock

import pytest
from django.core.management import call_command

from qihub.competitions.models import Competition, Criterion, EntryStatus, Phase
from qihub.competitions.services import (
    competition_close_entries,
    competition_open_entries,
    competition_open_voting,
    competition_start_shortlisting,
    entry_accept,
    entry_submit,
    score_submit,
    shortlist_confirm,
)
from qihub.competitions.tests.factories import (
    CompetitionFactory,
    CriterionFactory,
    PanelMemberFactory,
    upload,
)
from qihub.core.models import Person, PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory, StaffLevelFactory, TeamFactory


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


def run_worker() -> None:
    """Run the background worker until the queue is empty (the real `qihub worker`).

    Between tasks the worker closes connections it thinks are stale, and inside a test's
    transaction that is the test's own connection on PostgreSQL (SQLite's in-memory test
    database ignores the close), so that one step is skipped here.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


@pytest.fixture
def competition(db) -> Competition:
    competition = CompetitionFactory.create(shortlist_size=2)
    CriterionFactory.create(competition=competition, name="Clarity", weight=2)
    CriterionFactory.create(competition=competition, name="Originality", weight=1)
    return competition


@pytest.fixture
def panel(competition):
    senior = StaffLevelFactory.create(name="Senior leader", position=2, is_senior_leader=True)
    return {
        "chair": PanelMemberFactory.create(
            competition=competition, person=StaffFactory.create(level=senior), is_chair=True
        ),
        "staff": PanelMemberFactory.create(competition=competition, person=StaffFactory.create()),
        "patient": PanelMemberFactory.create(
            competition=competition, person=PersonFactory.create(kind=PersonKind.PATIENT)
        ),
    }


@pytest.fixture
def entrants(db):
    return StaffFactory.create_batch(4)


@pytest.fixture
def open_competition(competition):
    competition_open_entries(competition=competition)
    return competition


@pytest.fixture
def shortlisting(open_competition, panel, entrants):
    competition = open_competition
    for index, person in enumerate(entrants):
        entry = entry_submit(
            competition=competition,
            person=person,
            title=f"Design {index + 1}",
            description="A bold, simple mark.",
            images=[upload()],
        )
        entry_accept(entry=entry, actor=None)
    competition_close_entries(competition=competition)
    competition_start_shortlisting(competition=competition)
    return competition


def score_all(competition: Competition, panel: dict) -> None:
    criteria = list(competition.criteria.all())
    for member in panel.values():
        for entry in competition.entries.filter(status=EntryStatus.ACCEPTED):
            # Entry 1 is best for everyone; the rest get lower scores.
            value = 5 if entry.number == 1 else 5 - (entry.number % 4)
            score_submit(member=member, entry=entry, values={c.pk: max(1, value) for c in criteria})


@pytest.fixture
def voting(shortlisting, panel):
    competition = shortlisting
    score_all(competition, panel)
    shortlisted = [e.pk for e in competition.entries.order_by("number")[:2]]
    shortlist_confirm(competition=competition, entry_ids=shortlisted, actor=None, is_qi_team=True)
    competition_open_voting(competition=competition)
    competition.refresh_from_db()
    assert competition.phase == Phase.VOTING
    return competition


__all__ = ["Criterion", "run_worker"]
