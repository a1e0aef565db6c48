"""Run by test_example_app.py with the example app installed (settings.py): each of its
contributions shows where the platform promises (qihub/core/extensions.py)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.cache import caches

from extensions.example.demo import example_demo_build
from extensions.example.models import Sighting
from extensions.example.services import sighting_report
from qihub.core.demo import DEMO_ACCOUNTS
from qihub.core.extensions import demo_builders
from qihub.core.models import Person, PersonKind, User
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.engagement.models import EngagementKind, EngagementRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def member(client) -> Person:
    user = User.objects.create_user(email="pat@example.org", password="x")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)
    return Person.objects.create(
        kind=PersonKind.PATIENT, first_name="Pat", last_name="Public", email=user.email, user=user
    )


def test_its_demo_builder_runs_last_in_the_demo_and_builds_once():
    names = [build.__name__ for build in demo_builders()]
    assert names[-1] == "example_demo_build"
    assert names.index("competitions_demo_build") < names.index("example_demo_build")
    Person.objects.create(
        kind=PersonKind.PATIENT, email=DEMO_ACCOUNTS.emails["member of the public"]
    )
    assert example_demo_build(progress=print) == "Demo sightings ready: 1."
    assert example_demo_build(progress=print) == "Demo sightings ready: 1."


def test_its_sightings_are_in_the_data_download_and_go_with_the_person(client, member):
    sighting_report(person=member, place="Hillcrest")
    document = json.loads(client.get("/account/data/").content)
    assert document["example_sightings"] == [{"place": "Hillcrest"}]
    assert client.post("/account/erase/", {"confirm": "on"}).status_code == 302
    assert not Person.objects.filter(pk=member.pk).exists()
    assert not Sighting.objects.exists()


def test_it_refuses_the_erasure_in_its_own_words_while_it_keeps_a_sighting(client, member):
    Sighting.objects.create(person=member, place="Hillcrest", confirmed=True)
    response = client.post("/account/erase/", {"confirm": "on"})
    assert "Your confirmed sightings are kept for the record." in response.content.decode()
    assert Person.objects.filter(pk=member.pk).exists()


def test_the_qi_team_gets_its_permission():
    group = Group.objects.get(name=QI_TEAM_GROUP)
    assert group.permissions.filter(
        content_type__app_label="example", codename="change_sighting"
    ).exists()


def test_its_navigation_item_shows_in_its_order_and_marks_its_page(client):
    page = client.get("/example/").content.decode()
    assert 'href="/example/" aria-current="page"' in page
    assert page.index(">Competitions<") < page.index(">Sightings<") < page.index("SPC chart tool")
    assert 'href="/example/"' in client.get("/spc/").content.decode()


def test_its_kind_of_engagement_is_recorded_and_accepted_by_the_database(member):
    assert EngagementKind.objects.get(code="spotted").label == "Reported a sighting"
    sighting_report(person=member, place="Eastgate")
    assert EngagementRecord.objects.get(person=member).kind_id == "spotted"
