import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.template import Context, Template

from qihub.core.context_processors import qi_team
from qihub.core.models import User
from qihub.core.permissions import QI_TEAM_GROUP

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_links() -> None:
    cache.clear()


BACK_OFFICE = Template("{% if qihub_is_qi_team %}Back office{% endif %}")


def test_the_qi_team_check_costs_no_query_until_a_template_asks(
    rf, qi_team_user, django_assert_num_queries
):
    request = rf.get("/")
    request.user = User.objects.get(pk=qi_team_user.pk)
    with django_assert_num_queries(0):
        context = qi_team(request)
    with django_assert_num_queries(1):
        assert BACK_OFFICE.render(Context(context)) == "Back office"


@pytest.mark.parametrize("who", ["staff_user", "leader_user", "public_user"])
def test_no_one_else_is_shown_the_back_office(rf, request, who):
    http_request = rf.get("/")
    http_request.user = request.getfixturevalue(who)
    assert BACK_OFFICE.render(Context(qi_team(http_request))) == ""


def test_the_link_is_cached_and_follows_a_change_of_team_at_once(rf, staff_user):
    request = rf.get("/")
    request.user = User.objects.get(pk=staff_user.pk)
    assert BACK_OFFICE.render(Context(qi_team(request))) == ""
    staff_user.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    request.user = User.objects.get(pk=staff_user.pk)
    assert BACK_OFFICE.render(Context(qi_team(request))) == "Back office"
    group = Group.objects.get(name=QI_TEAM_GROUP)
    group.user_set.remove(staff_user)  # from the group's side
    request.user = User.objects.get(pk=staff_user.pk)
    assert BACK_OFFICE.render(Context(qi_team(request))) == ""


def test_a_second_page_asks_the_database_nothing(rf, qi_team_user, django_assert_num_queries):
    request = rf.get("/")
    request.user = User.objects.get(pk=qi_team_user.pk)
    assert BACK_OFFICE.render(Context(qi_team(request))) == "Back office"
    request.user = User.objects.get(pk=qi_team_user.pk)
    with django_assert_num_queries(0):
        assert BACK_OFFICE.render(Context(qi_team(request))) == "Back office"
