"""Signing people in to the test client, and a voting competition with signed-in voters."""

from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client

from qihub.competitions.models import Competition, Entry, EntryStatus
from qihub.competitions.services import competition_close_entries, entry_accept, entry_submit
from qihub.competitions.tests.factories import upload
from qihub.core.models import Person, User


def user_for(person: Person) -> User:
    """The person's sign-in account, made if they have none yet."""
    if person.user_id is None:
        person.user = User.objects.create_user(email=person.email)
        person.save(update_fields=["user"])
    assert person.user is not None
    return person.user


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
    entry = entry_submit(
        competition=competition,
        person=person,
        title="Bold heart",
        description="A heart in NHS blue.",
        images=[upload()],
    )
    entry_accept(entry=entry, actor=None)
    competition_close_entries(competition=competition)
    assert entry.status == EntryStatus.ACCEPTED
    return entry
