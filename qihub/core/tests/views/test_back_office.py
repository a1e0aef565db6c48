"""The Wagtail back office is the QI team's; nobody else gets in."""

import pytest

from qihub.core.audit import audit_log
from qihub.core.models import Person

# Marked, so pytest-django runs these with the other database tests (before any
# transactional test empties the database).
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["public_user", "staff_user", "leader_user"])
def test_only_the_qi_team_enters_the_back_office(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"] or response["Location"] == "/"


@pytest.mark.django_db
def test_visitor_is_asked_to_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_qi_team_manages_people_and_structure(client, qi_team_user):
    client.force_login(qi_team_user)
    assert client.get("/admin/").status_code == 200
    for url in [
        "/admin/snippets/core/person/",
        "/admin/snippets/core/directorate/",
        "/admin/snippets/core/team/",
        "/admin/snippets/core/stafflevel/",
        "/admin/snippets/core/leadership/",
        "/admin/pages/",
    ]:
        assert client.get(url).status_code == 200, url


def test_qi_team_cannot_delete_people(client, qi_team_user, staff_user):
    person = Person.objects.get(user=staff_user)
    client.force_login(qi_team_user)
    response = client.post(f"/admin/snippets/core/person/delete/{person.pk}/")
    assert response.status_code in {302, 403}
    assert Person.objects.filter(pk=person.pk).exists()


def test_qi_team_reads_the_audit_log(client, qi_team_user, staff_user):
    person = Person.objects.get(user=staff_user)
    audit_log(action="qihub.core.person.link_account", instance=person, user=staff_user)
    client.force_login(qi_team_user)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert "Link a sign-in account to a person" in response.content.decode()


def test_staff_cannot_read_the_audit_log(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/reports/site-history/").status_code == 302
