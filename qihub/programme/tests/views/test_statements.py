"""The mission, vision and stages on the public site; the QI team edits them in the back office."""

import re

import pytest

from qihub.programme.models import Stage, Statement, StatementVersion

pytestmark = pytest.mark.django_db
ADMIN = "/admin/snippets/programme"


def _latest() -> StatementVersion:
    return StatementVersion.objects.earliest("-published_at", "-pk")


def test_everyone_reads_the_current_mission(client, mission):
    html = client.get("/programme/").content.decode()
    assert "The best care, for everyone." in html
    assert "Better care, every day." not in html
    assert "Earlier versions of our mission" in html


def test_the_history_shows_every_published_version_with_its_date(client, mission):
    html = client.get("/programme/history/").content.decode()
    assert html.index("The best care, for everyone.") < html.index("Better care, every day.")
    assert f"{mission.published_at:%Y-%m-%d}" in html


def test_a_draft_never_reaches_the_public(client, staff_user, mission):
    statement = Statement.objects.get(kind="mission")
    statement.text = "Draft: a secret new mission."
    statement.save_revision()
    for user in (None, staff_user):
        if user:
            client.force_login(user)
        for url in ("/programme/", "/programme/history/"):
            assert "a secret new mission" not in client.get(url).content.decode()


def test_the_stages_timeline_marks_the_current_stage(client, stages):
    html = client.get("/programme/stages/").content.decode()
    assert html.index("Direction") < html.index("Building will") < html.index("Building capability")
    assert html.count('aria-current="step"') == 1
    assert "Current stage" in html


def test_the_public_pages_refuse_other_methods(client, mission):
    assert client.post("/programme/").status_code == 405


def test_the_qi_team_publishes_a_new_mission_in_the_back_office(client, qi_team, mission):
    client.force_login(qi_team)
    statement = Statement.objects.get(kind="mission")
    url = f"{ADMIN}/statement/edit/{statement.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "A draft only."})
    assert response.status_code == 302
    assert StatementVersion.objects.count() == 2
    response = client.post(url, {"text": "Care we are proud of.", "action-publish": "publish"})
    assert response.status_code == 302
    assert _latest().text == "Care we are proud of."
    assert _latest().published_by == qi_team


def test_staff_and_visitors_cannot_edit_the_programme(
    client, staff_user, leader_user, public_user, mission, stages
):
    statement = Statement.objects.get(kind="mission")
    urls = [
        f"{ADMIN}/statement/edit/{statement.pk}/",
        f"{ADMIN}/stage/add/",
        f"{ADMIN}/stage/edit/{stages[0].pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    for user in (staff_user, leader_user, public_user):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 403)
            response = client.post(url, {"text": "Hijacked", "name": "Hijacked"})
            assert response.status_code in (302, 403)
    assert not Stage.objects.filter(name="Hijacked").exists()
    assert _latest().text == "The best care, for everyone."


def test_the_qi_team_moves_the_current_stage_in_the_back_office(client, qi_team, stages):
    client.force_login(qi_team)
    form = {"name": "Building will", "position": "10", "is_current": "on", "narrative": ""}
    response = client.post(f"{ADMIN}/stage/edit/{stages[1].pk}/", form)
    assert response.status_code == 302, response.context["form"].errors
    assert Stage.objects.get(is_current=True).name == "Building will"


def test_the_back_office_says_why_the_current_mark_cannot_just_go(client, qi_team, stages):
    client.force_login(qi_team)
    form = {"name": "Direction", "position": "0", "narrative": ""}
    response = client.post(f"{ADMIN}/stage/edit/{stages[0].pk}/", form)
    assert response.status_code == 200
    assert "Mark the stage that follows it as current instead" in response.content.decode()
    assert Stage.objects.get(is_current=True).name == "Direction"


def test_a_stage_ending_before_it_starts_is_refused_by_name(client, qi_team, stages):
    client.force_login(qi_team)
    form = {
        "name": "Building will",
        "position": "10",
        "started_on": "2026-05-01",
        "ended_on": "2026-04-01",
        "narrative": "",
    }
    response = client.post(f"{ADMIN}/stage/edit/{stages[1].pk}/", form)
    assert response.status_code == 200
    assert "A stage cannot end before it starts." in response.content.decode()


def test_the_current_stage_cannot_be_deleted(client, qi_team, stages):
    client.force_login(qi_team)
    response = client.post(f"{ADMIN}/stage/delete/{stages[0].pk}/")
    assert response.status_code == 302
    assert Stage.objects.filter(pk=stages[0].pk).exists()
    response = client.post(f"{ADMIN}/stage/delete/{stages[2].pk}/")
    assert not Stage.objects.filter(pk=stages[2].pk).exists()


def test_the_first_stage_added_in_the_back_office_becomes_current(client, qi_team):
    client.force_login(qi_team)
    form = {"name": "Direction", "position": "0", "narrative": "Agreeing our aims."}
    response = client.post(f"{ADMIN}/stage/add/", form)
    assert response.status_code == 302
    assert Stage.objects.get().is_current


def test_not_even_a_superuser_deletes_the_mission(client, django_user_model, mission):
    admin = django_user_model.objects.create_superuser(email="root@trust.example", password="x")
    client.force_login(admin)
    statement = Statement.objects.get(kind="mission")
    response = client.post(f"{ADMIN}/statement/delete/{statement.pk}/")
    assert response.status_code == 302
    assert Statement.objects.filter(pk=statement.pk).exists()
    assert StatementVersion.objects.count() == 2


def test_the_mission_cannot_be_unpublished_in_the_back_office(client, qi_team, mission):
    client.force_login(qi_team)
    statement = Statement.objects.get(kind="mission")
    edit = client.get(f"{ADMIN}/statement/edit/{statement.pk}/").content.decode()
    assert "action-unpublish" not in edit and "Unpublish" not in edit
    response = client.post(f"{ADMIN}/statement/unpublish/{statement.pk}/", follow=True)
    assert "stay published, because their history is public" in response.content.decode()
    statement.refresh_from_db()
    assert statement.live
    public = client.get("/programme/").content.decode()
    assert _latest().text in public
    assert "Our mission has not been published yet" not in public


def test_the_listing_says_live_or_draft_in_words(client, qi_team, mission):
    client.force_login(qi_team)
    listing = client.get(f"{ADMIN}/statement/").content.decode()
    table = listing[listing.index('<table class="listing') :].split("</table>")[0]
    words = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table))
    assert "Status" in words and " live " in words
    assert "True" not in words
