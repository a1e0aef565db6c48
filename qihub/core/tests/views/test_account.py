"""Who may use the account pages: my account, download my data, erase my account."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from qihub.core.models import Person, User

# Marked, so pytest-django runs these with the other database tests (before any
# transactional test empties the database).
pytestmark = pytest.mark.django_db


@pytest.mark.django_db
def test_visitor_is_sent_to_sign_in_from_every_account_page(client):
    for url in ["/account/", "/account/data/", "/account/erase/", "/account/directorates/1/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("who", ["public_user", "staff_user", "leader_user", "qi_team_user"])
def test_every_signed_in_person_sees_their_account(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get("/account/")
    assert response.status_code == 200
    assert user.email in response.content.decode()


def test_public_member_downloads_everything_held_about_them(client, public_user):
    # What each app adds is tested in its own tests (e.g. qihub/engagement/tests).
    client.force_login(public_user)
    response = client.get("/account/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-qihub-data.json"'
    document = json.loads(response.content)
    assert document["person"]["email"] == "pat@example.org"
    assert document["person"]["kind"] == "patient"
    assert document["account"]["email_addresses"][0]["verified"] is True


def test_staff_member_may_download_but_not_erase(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/account/data/").status_code == 200
    assert client.get("/account/erase/").status_code == 403
    assert client.post("/account/erase/", {"confirm": "on"}).status_code == 403
    assert Person.objects.filter(user=staff_user).exists()


def test_erasure_needs_confirmation_and_changes_nothing_without_it(client, public_user):
    client.force_login(public_user)
    response = client.post("/account/erase/", {})
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert User.objects.filter(pk=public_user.pk).exists()


def test_public_member_erases_their_account_and_data(client, public_user):
    person = Person.objects.get(user=public_user)
    person_id = person.pk
    client.force_login(public_user)
    response = client.post("/account/erase/", {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=public_user.pk).exists()
    assert not Person.objects.filter(pk=person_id).exists()
    # The audit log keeps that an erasure happened, without the person's name.
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person_id)
    )
    assert entries.filter(action="qihub.core.person.erase").exists()
    assert all(person.last_name not in entry.label for entry in entries)
    # Signed out afterwards.
    assert client.get("/account/").status_code == 302


def test_leader_sees_only_their_own_directorate(client, leader_user, other_directorate):
    led = Person.objects.get(user=leader_user).leaderships.get().directorate
    client.force_login(leader_user)
    response = client.get(f"/account/directorates/{led.pk}/")
    assert response.status_code == 200
    assert led.name in response.content.decode()
    assert client.get(f"/account/directorates/{other_directorate.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["public_user", "staff_user"])
def test_non_leaders_may_not_see_directorate_pages(client, request, who, other_directorate):
    client.force_login(request.getfixturevalue(who))
    assert client.get(f"/account/directorates/{other_directorate.pk}/").status_code == 403


def test_qi_team_sees_any_directorate(client, qi_team_user, other_directorate):
    client.force_login(qi_team_user)
    assert client.get(f"/account/directorates/{other_directorate.pk}/").status_code == 200
