"""The back office: the QI team creates competitions, their rubric and panel; locks hold."""

import re

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


def _formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    """An inline panel's POST data: its management form and one set of fields per row."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def _competition_form(criteria=(), panel=(), **fields):
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
        **_formset("criteria", list(criteria)),
        **_formset("panel_members", list(panel)),
        **fields,
    }


def _edit_form(competition, criteria=None, panel=None, **fields):
    """The competition's edit page as it would be posted, its rubric and panel as they are
    unless `criteria` or `panel` give each row's changes (in the stored order)."""
    stored_criteria = list(competition.criteria.all())
    stored_panel = list(competition.panel_members.order_by("pk"))
    criteria_rows = [
        {
            "id": c.pk,
            "name": c.name,
            "description": c.description,
            "weight": c.weight,
            "position": c.position,
            **((criteria or {}).get(index, {})),
        }
        for index, c in enumerate(stored_criteria)
    ]
    panel_rows = [
        {
            "id": m.pk,
            "person": m.person_id,
            "is_chair": "on" if m.is_chair else "",
            **((panel or {}).get(index, {})),
        }
        for index, m in enumerate(stored_panel)
    ]
    data = _competition_form(
        title=competition.title,
        slug=competition.slug,
        brief=competition.brief,
        shortlist_size=str(competition.shortlist_size),
        **fields,
    )
    data.update(_formset("criteria", criteria_rows, initial=len(criteria_rows)))
    data.update(_formset("panel_members", panel_rows, initial=len(panel_rows)))
    return {name: value for name, value in data.items() if value != ""}


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


def test_the_qi_team_sets_up_a_competition_with_its_rubric_and_panel_on_one_screen(client, qi_team):
    patient, nurse = PersonFactory.create(), PersonFactory.create()
    client.force_login(qi_team)
    page = client.get(f"{ADMIN}/competition/add/").content.decode()
    assert "Scoring criteria" in page and "Shortlisting panel" in page
    assert 'data-w-sync-target-value="#id_slug"' in page  # the title fills the web address in
    response = client.post(
        f"{ADMIN}/competition/add/",
        _competition_form(
            slug="",  # left empty, as without JavaScript: made from the title
            criteria=[
                {"name": "Clarity", "description": "", "weight": "2", "position": "0"},
                {"name": "Originality", "description": "", "weight": "1", "position": "1"},
            ],
            panel=[{"person": patient.pk, "is_chair": "on"}, {"person": nurse.pk}],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    competition = Competition.objects.get()
    assert competition.slug == "name-our-newsletter"
    assert list(competition.criteria.values_list("name", "weight")) == [
        ("Clarity", 2),
        ("Originality", 1),
    ]
    seats = dict(competition.panel_members.values_list("person", "is_chair"))
    assert seats == {patient.pk: True, nurse.pk: False}


def test_the_qi_team_adds_criteria_and_panel_members_before_shortlisting(client, qi_team):
    competition = CompetitionFactory.create()
    patient = PersonFactory.create()
    client.force_login(qi_team)
    data = _edit_form(competition)
    data.update(
        _formset("criteria", [{"name": "Clarity", "description": "", "weight": 2, "position": 0}])
    )
    data.update(_formset("panel_members", [{"person": patient.pk}]))
    response = client.post(f"{ADMIN}/competition/edit/{competition.pk}/", data)
    assert response.status_code == 302
    assert Criterion.objects.filter(competition=competition, weight=2).exists()
    assert PanelMember.objects.filter(competition=competition, person=patient).exists()


def test_a_panel_has_one_chair_and_no_one_twice(client, qi_team):
    competition = CompetitionFactory.create()
    first, second = PersonFactory.create(), PersonFactory.create()
    client.force_login(qi_team)
    url = f"{ADMIN}/competition/edit/{competition.pk}/"
    data = _edit_form(competition)
    two_chairs = [{"person": first.pk, "is_chair": "on"}, {"person": second.pk, "is_chair": "on"}]
    response = client.post(url, {**data, **_formset("panel_members", two_chairs)})
    assert response.status_code == 200
    assert "A panel has one chair: choose one of them." in response.content.decode()
    twice = [{"person": first.pk}, {"person": first.pk}]
    response = client.post(url, {**data, **_formset("panel_members", twice)})
    assert response.status_code == 200
    assert "Please correct the duplicate data" in response.content.decode()
    assert not PanelMember.objects.exists()


def test_the_rubric_is_called_criteria(client, qi_team):
    client.force_login(qi_team)
    for url in ("/admin/snippets/", f"{ADMIN}/competition/add/"):
        html = client.get(url).content.decode()
        assert "Criterions" not in html, url
        assert "riterions" not in html.lower(), url
    assert "Scoring criteria" in html


def test_rubric_and_panel_are_locked_once_shortlisting_starts(client, shortlisting, qi_team):
    criterion = shortlisting.criteria.first()
    member = shortlisting.panel_members.order_by("pk").first()
    client.force_login(qi_team)
    url = f"{ADMIN}/competition/edit/{shortlisting.pk}/"
    response = client.post(url, _edit_form(shortlisting, criteria={0: {"weight": 9}}))
    assert response.status_code == 200
    assert "its scoring criteria and panel can no longer change" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight != 9
    response = client.post(url, _edit_form(shortlisting, panel={0: {"DELETE": "on"}}))
    assert "can no longer change" in response.content.decode()
    assert PanelMember.objects.filter(pk=member.pk).exists()
    # Anything else can still change.
    response = client.post(url, _edit_form(shortlisting, rules="Be kind."))
    assert response.status_code == 302
    shortlisting.refresh_from_db()
    assert shortlisting.rules == "Be kind."


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
    fields = _edit_form(voting)
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


def test_the_run_page_links_to_the_rubric_and_the_panel_on_the_edit_page(client, qi_team):
    competition = CompetitionFactory.create()
    client.force_login(qi_team)
    run = client.get(f"/competitions/{competition.slug}/manage/").content.decode()
    links = {text: url for url, text in re.findall(r'<a href="([^"]+#[^"]+)">([^<]+)</a>', run)}
    edit_url = f"{ADMIN}/competition/edit/{competition.pk}/"
    edit = client.get(edit_url).content.decode()
    for text, section in [
        ("add or change the panel members", "shortlisting_panel"),
        ("the scoring criteria", "scoring_criteria"),
    ]:
        assert links[text] == f"{edit_url}#panel-{section}-section", text
        assert f'id="panel-{section}-section"' in edit, text


def test_the_title_stops_filling_the_web_address_once_entries_open(
    client, open_competition, qi_team
):
    draft = CompetitionFactory.create()
    client.force_login(qi_team)
    sync = "keyup-&gt;w-sync#apply"
    assert sync in client.get(f"{ADMIN}/competition/edit/{draft.pk}/").content.decode()
    opened = client.get(f"{ADMIN}/competition/edit/{open_competition.pk}/").content.decode()
    assert sync not in opened
