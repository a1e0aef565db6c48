import pytest
from django.template import Context, Template

from qihub.core.context_processors import qi_team
from qihub.core.models import User

pytestmark = pytest.mark.django_db

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
