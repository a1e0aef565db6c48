"""Signing people in to the test client, and a voting competition with signed-in voters."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from qihub.competitions.builders import EntryPlan, Stage, competition_build
from qihub.competitions.models import Competition, Entry, EntryStatus
from qihub.competitions.tests.factories import user_for
from qihub.core.models import Person, User


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # The public turnout is cached for a moment; no test should see another's numbers.
    cache.clear()


@pytest.fixture
def login(client: Client) -> Callable[[Person | User], User]:
    def sign_in(who: Person | User) -> User:
        user = who if isinstance(who, User) else user_for(who)
        client.force_login(user)
        return user

    return sign_in


@pytest.fixture
def voter(staff_user: User) -> User:
    """A member of staff with an account, on the roster before voting opens."""
    return staff_user


@pytest.fixture
def ballot_open(voter: User, voting: Competition) -> Competition:
    """Voting is open and `voter` is on the electorate."""
    return voting


def entries_closed_with_one_accepted(competition: Competition, person: Person) -> Entry:
    plan = EntryPlan(person=person, title="Bold heart", description="A heart in NHS blue.")
    competition_build(competition=competition, stage=Stage.ENTRIES_CLOSED, entries=[plan])
    entry = competition.entries.get()
    assert entry.status == EntryStatus.ACCEPTED
    return entry
