"""The cast every test can use: a visitor, a member of the public, staff, a leader, the QI team."""

import os

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import caches

from qihub.core.models import Person, PersonKind, User
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.tests.factories import (
    DirectorateFactory,
    LeadershipFactory,
    PersonFactory,
    StaffFactory,
    TeamFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    # The header and footer, the turnout and the "Back office" link are cached, and another
    # test's database had other pages, settings and people.
    for cache in caches.all():
        cache.clear()


def _account_for(person: Person) -> User:
    user = User.objects.create_user(email=person.email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=person.email, verified=True, primary=True)
    person.user = user
    person.save(update_fields=["user"])
    return user


@pytest.fixture
def public_user(db) -> User:
    return _account_for(PersonFactory.create(kind=PersonKind.PATIENT, email="pat@example.org"))


@pytest.fixture
def staff_user(db) -> User:
    return _account_for(StaffFactory.create(email="sam.staff@trust.example"))


@pytest.fixture
def leader_user(db) -> User:
    team = TeamFactory.create()
    person = StaffFactory.create(email="lee.leader@trust.example", team=team)
    user = _account_for(person)
    LeadershipFactory.create(person=person, directorate=team.service.directorate)
    return user


@pytest.fixture
def qi_team_user(db) -> User:
    user = _account_for(StaffFactory.create(email="quinn.qi@trust.example"))
    user.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    return user


@pytest.fixture
def other_directorate(db):
    return DirectorateFactory()


@pytest.fixture
def team(db):
    return TeamFactory()
