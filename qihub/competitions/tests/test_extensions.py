"""What competitions adds to the platform: a person's data download and erasure, the QI team's
permissions, and its kinds of engagement (qihub/core/extensions.py)."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import ModelLogEntry

from qihub.competitions.models import Competition, Entry, PanelMember, TeamInvitation
from qihub.core.models import Person, User
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.services import PersonError, person_erase
from qihub.engagement.models import EngagementKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def their_entry(public_user) -> Entry:
    person = Person.objects.get(user=public_user)
    competition = Competition.objects.create(title="Brand", slug="brand", brief="Design it")
    return Entry.objects.create(
        competition=competition, number=1, title="Mine", description="x", submitted_by=person
    )


def test_erasure_is_refused_without_change_when_a_competition_entry_names_them(
    client, public_user, their_entry
):
    person = their_entry.submitted_by
    client.force_login(public_user)
    response = client.post("/account/erase/", {"confirm": "on"})
    assert response.status_code == 200
    assert "Ask the QI team to remove you" in response.content.decode()
    assert User.objects.filter(pk=public_user.pk).exists()
    assert Person.objects.filter(pk=person.pk).exists()
    assert not ModelLogEntry.objects.filter(action="qihub.core.person.erase").exists()


def test_erasure_is_refused_while_they_sit_on_a_shortlisting_panel(public_user):
    person = Person.objects.get(user=public_user)
    competition = Competition.objects.create(title="Brand", slug="brand", brief="Design it")
    PanelMember.objects.create(competition=competition, person=person)
    with pytest.raises(PersonError, match="a seat on a shortlisting panel"):
        person_erase(person=person, actor=public_user)
    assert Person.objects.filter(pk=person.pk).exists()


def test_data_download_includes_their_competition_entries(client, public_user, their_entry):
    client.force_login(public_user)
    document = json.loads(client.get("/account/data/").content)
    [entry] = document["competition_entries"]
    assert (entry["competition"], entry["title"], entry["status"]) == ("Brand", "Mine", "submitted")


def test_the_qi_team_may_edit_competitions_their_rubric_and_panel_in_the_back_office():
    granted = set(
        Group.objects.get(name=QI_TEAM_GROUP)
        .permissions.filter(content_type__app_label="competitions")
        .values_list("codename", flat=True)
    )
    assert granted == {
        f"{verb}_{model}"
        for model in ("competition", "criterion", "panelmember")
        for verb in ("add", "change", "delete", "view")
    } | {"view_entry", "view_conflict"}, "entries and conflicts only to read in Site history"


def test_entering_and_voting_are_kinds_of_engagement_the_database_accepts():
    kinds = set(EngagementKind.objects.values_list("code", "label"))
    assert {("entered", "Entered a competition"), ("voted", "Voted")} <= kinds


@pytest.fixture
def invited(public_user, staff_user) -> TeamInvitation:
    competition = Competition.objects.create(title="Mascot", slug="mascot", brief="Draw it")
    entry = Entry.objects.create(
        competition=competition,
        number=1,
        title="Ours",
        description="x",
        submitted_by=Person.objects.get(user=staff_user),
    )
    return TeamInvitation.objects.create(
        entry=entry,
        email=public_user.email.lower(),
        expires_at=timezone.now() + datetime.timedelta(days=14),
    )


def test_data_download_includes_the_team_invitations_sent_to_them(client, public_user, invited):
    client.force_login(public_user)
    document = json.loads(client.get("/account/data/").content)
    [invitation] = document["competition_team_invitations"]
    assert invitation["competition"] == "Mascot"
    assert invitation["sent_to"] == public_user.email.lower()
    assert invitation["status"] == "pending"


def test_erasure_takes_the_invitations_sent_to_their_address(client, public_user, invited):
    client.force_login(public_user)
    response = client.post("/account/erase/", {"confirm": "on"})
    assert response.status_code == 302
    assert not TeamInvitation.objects.filter(email=public_user.email.lower()).exists()
