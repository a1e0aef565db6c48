"""The back office: the QI team creates competitions, their rubric and panel; locks hold."""

import pytest
from django.contrib.auth.models import Group, Permission

from qihub.competitions.models import Competition, Criterion, PanelMember
from qihub.competitions.tests.factories import CompetitionFactory
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.tests.factories import PersonFactory

# What the QI team group needs (to add to QI_TEAM_PERMISSIONS in qihub/core/signals.py).
COMPETITION_PERMISSIONS = [
    f"{verb}_{model}"
    for model in ("competition", "criterion", "panelmember")
    for verb in ("add", "change", "delete", "view")
]

ADMIN = "/admin/snippets/competitions"


@pytest.fixture
def qi_team(qi_team_user):
    group = Group.objects.get(name=QI_TEAM_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="competitions", codename__in=COMPETITION_PERMISSIONS
        )
    )
    return qi_team_user


def _competition_form(**fields):
    return {
        "title": "Name our newsletter",
        "slug": "name-our-newsletter",
        "brief": "Suggest a name.",
        "rules": "",
        "prizes": "",
        "who_may_enter": "all_staff",
        "who_may_vote": "all_staff",
        "entries_open_at": "",
        "entries_close_at": "",
        "voting_open_at": "",
        "voting_close_at": "",
        "max_images_per_entry": "3",
        "shortlist_size": "6",
        "panel_min_patients_or_carers": "1",
        "panel_min_staff": "1",
        "panel_min_senior_leaders": "1",
        **fields,
    }


@pytest.mark.django_db
def test_staff_cannot_reach_the_competitions_back_office(client, staff_user):
    client.force_login(staff_user)
    response = client.get(f"{ADMIN}/competition/")
    assert response.status_code in (302, 403)
    assert client.post(f"{ADMIN}/competition/add/", _competition_form()).status_code in (302, 403)
    assert not Competition.objects.exists()


def test_the_qi_team_creates_a_competition_as_a_draft(client, qi_team):
    client.force_login(qi_team)
    listing = client.get(f"{ADMIN}/competition/")
    assert listing.status_code == 200
    response = client.post(f"{ADMIN}/competition/add/", _competition_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    competition = Competition.objects.get(slug="name-our-newsletter")
    assert competition.phase == "draft"
    listing = client.get(f"{ADMIN}/competition/").content.decode()
    assert "Run this competition" in listing
    assert f"/competitions/{competition.slug}/manage/" in listing


def test_the_qi_team_adds_criteria_and_panel_members_before_shortlisting(client, qi_team):
    competition = CompetitionFactory.create()
    patient = PersonFactory.create()
    client.force_login(qi_team)
    response = client.post(
        f"{ADMIN}/criterion/add/",
        {
            "competition": competition.pk,
            "name": "Clarity",
            "description": "",
            "weight": 2,
            "position": 0,
        },
    )
    assert response.status_code == 302
    response = client.post(
        f"{ADMIN}/panelmember/add/", {"competition": competition.pk, "person": patient.pk}
    )
    assert response.status_code == 302
    assert Criterion.objects.filter(competition=competition, weight=2).exists()
    assert PanelMember.objects.filter(competition=competition, person=patient).exists()


def test_rubric_and_panel_are_locked_once_shortlisting_starts(client, shortlisting, qi_team):
    criterion = shortlisting.criteria.first()
    member = shortlisting.panel_members.first()
    client.force_login(qi_team)
    response = client.post(
        f"{ADMIN}/criterion/edit/{criterion.pk}/",
        {
            "competition": shortlisting.pk,
            "name": criterion.name,
            "description": "",
            "weight": 9,
            "position": 0,
        },
    )
    assert response.status_code == 200
    assert "its scoring criteria and panel can no longer change" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight != 9
    response = client.post(f"{ADMIN}/panelmember/delete/{member.pk}/", follow=True)
    assert "can no longer change" in response.content.decode()
    assert PanelMember.objects.filter(pk=member.pk).exists()


def test_a_competition_that_has_opened_cannot_be_deleted(client, open_competition, qi_team):
    client.force_login(qi_team)
    response = client.post(f"{ADMIN}/competition/delete/{open_competition.pk}/", follow=True)
    assert "cannot be deleted" in response.content.decode()
    assert Competition.objects.filter(pk=open_competition.pk).exists()
    draft = CompetitionFactory.create()
    client.post(f"{ADMIN}/competition/delete/{draft.pk}/")
    assert not Competition.objects.filter(pk=draft.pk).exists()


def test_the_electorate_cannot_change_once_voting_opens(client, voting, qi_team):
    client.force_login(qi_team)
    fields = _competition_form(
        title=voting.title, slug=voting.slug, brief=voting.brief, shortlist_size="2"
    )
    response = client.post(
        f"{ADMIN}/competition/edit/{voting.pk}/", {**fields, "who_may_vote": "staff_and_public"}
    )
    assert response.status_code == 200
    assert "The electorate was fixed when voting opened" in response.content.decode()
    voting.refresh_from_db()
    assert voting.who_may_vote == "all_staff"
    response = client.post(
        f"{ADMIN}/competition/edit/{voting.pk}/", {**fields, "rules": "Be kind."}
    )
    assert response.status_code == 302
    voting.refresh_from_db()
    assert voting.rules == "Be kind."
