"""The signed-in user is loaded with their person and QI-team membership, in one query."""

import pytest
from django.test import Client

from qihub.core.auth_backends import user_signed_in
from qihub.core.models import Person
from qihub.core.permissions import is_qi_team, person_for

pytestmark = pytest.mark.django_db


def test_one_query_answers_who_the_user_is_and_whether_they_run_the_programme(
    staff_user, qi_team_user, django_assert_num_queries
):
    with django_assert_num_queries(1):
        staff = user_signed_in(staff_user.pk)
    assert staff is not None
    person = Person.objects.get(user=staff_user)
    with django_assert_num_queries(0):
        assert person_for(staff) == person
        assert not is_qi_team(staff)
    qi = user_signed_in(qi_team_user.pk)
    with django_assert_num_queries(0):
        assert is_qi_team(qi)


def test_a_user_without_a_person_or_inactive_is_handled(staff_user, django_user_model):
    account_only = django_user_model.objects.create_user(email="no-person@trust.example")
    user = user_signed_in(account_only.pk)
    assert user is not None and person_for(user) is None
    staff_user.is_active = False
    staff_user.save(update_fields=["is_active"])
    client = Client()
    client.force_login(staff_user)
    assert client.get("/account/").status_code == 302  # inactive: signed out, sent to sign in
