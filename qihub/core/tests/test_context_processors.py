import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template

from qihub.core.auth_backends import user_signed_in
from qihub.core.context_processors import qi_team
from qihub.core.models import User
from qihub.core.permissions import QI_TEAM_GROUP

pytestmark = pytest.mark.django_db

BACK_OFFICE = Template("{% if qihub_is_qi_team %}Back office{% endif %}")


def _shown(rf, user) -> str:
    request = rf.get("/")
    request.user = user
    return BACK_OFFICE.render(Context(qi_team(request)))


def test_the_qi_team_check_costs_no_query_until_a_template_asks(
    rf, qi_team_user, django_assert_num_queries
):
    request = rf.get("/")
    request.user = User.objects.get(pk=qi_team_user.pk)
    with django_assert_num_queries(0):
        context = qi_team(request)
    with django_assert_num_queries(1):
        assert BACK_OFFICE.render(Context(context)) == "Back office"


def test_for_a_signed_in_user_the_answer_comes_with_the_user(
    rf, qi_team_user, staff_user, django_assert_num_queries
):
    qi, staff = user_signed_in(qi_team_user.pk), user_signed_in(staff_user.pk)
    with django_assert_num_queries(0):
        assert _shown(rf, qi) == "Back office"
        assert _shown(rf, staff) == ""


@pytest.mark.parametrize("who", ["staff_user", "leader_user", "public_user"])
def test_no_one_else_is_shown_the_back_office(rf, request, who):
    assert _shown(rf, request.getfixturevalue(who)) == ""


def test_joining_the_qi_team_shows_the_link_on_the_next_request(rf, staff_user):
    staff_user.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    assert _shown(rf, user_signed_in(staff_user.pk)) == "Back office"
