import pytest
from django.contrib.auth.models import AnonymousUser

from qihub.core.models import Person
from qihub.core.permissions import Role, roles_for

# Marked, so pytest-django runs these with the other database tests (before any
# transactional test empties the database).
pytestmark = pytest.mark.django_db


def test_a_visitor_is_only_a_visitor():
    assert roles_for(AnonymousUser()) == {Role.VISITOR}


def test_roles_of_the_cast(public_user, staff_user, leader_user, qi_team_user):
    assert roles_for(public_user) == {Role.PUBLIC}
    assert roles_for(staff_user) == {Role.STAFF}
    assert roles_for(leader_user) == {Role.STAFF, Role.LEADER}
    assert roles_for(qi_team_user) == {Role.STAFF, Role.QI_TEAM}


@pytest.mark.django_db
def test_a_leaver_loses_staff_and_leader_roles(leader_user):
    Person.objects.filter(user=leader_user).update(is_active=False)
    leader_user.refresh_from_db()
    assert roles_for(leader_user) == frozenset()


def test_a_deactivated_account_is_a_visitor(staff_user):
    staff_user.is_active = False
    assert roles_for(staff_user) == {Role.VISITOR}
