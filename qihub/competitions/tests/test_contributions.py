"""Competitions in the site search and in the back office's "Needs your attention"."""

import datetime

import pytest
from django.utils import timezone

from qihub.competitions.services import entry_submit
from qihub.competitions.tests.factories import CompetitionFactory, upload


def test_search_finds_an_open_competition_by_words_of_its_brief(client, open_competition):
    open_competition.brief = "Design the badge our volunteers will wear"
    open_competition.save(update_fields=["brief"])
    results = client.get("/search/", {"q": "volunteers badge"}).context["results"]
    assert [r.title for r in results][:1] == [open_competition.title]
    assert results[0].url == f"/competitions/{open_competition.slug}/"


def test_search_never_shows_a_draft_to_the_public(client, qi_team_user, db):
    draft = CompetitionFactory.create(title="Secret draft contest")
    assert (
        "Secret draft contest" not in client.get("/search/", {"q": "secret draft"}).content.decode()
    )
    client.force_login(qi_team_user)
    page = client.get("/search/", {"q": "secret draft"}).content.decode()
    assert f'href="/competitions/{draft.slug}/"' in page


def test_entries_waiting_to_be_checked_need_the_qi_teams_attention(
    client, qi_team_user, open_competition, entrants
):
    for person in entrants[:2]:
        entry_submit(
            competition=open_competition,
            person=person,
            title="A design",
            description="Bold.",
            images=[upload()],
        )
    client.force_login(qi_team_user)
    page = client.get("/admin/").content.decode()
    assert f"2 entries to check in {open_competition.title}." in page


def test_panel_members_still_scoring_are_counted(client, qi_team_user, shortlisting):
    client.force_login(qi_team_user)
    page = client.get("/admin/").content.decode()
    assert f"3 panel members still scoring {shortlisting.title}." in page


@pytest.mark.parametrize(("days", "shown"), [(3, True), (10, False)])
def test_a_deadline_this_week_is_flagged(client, qi_team_user, open_competition, days, shown):
    open_competition.entries_close_at = timezone.now() + datetime.timedelta(days=days)
    open_competition.save(update_fields=["entries_close_at"])
    client.force_login(qi_team_user)
    page = client.get("/admin/").content.decode()
    assert (f"Entries close in {open_competition.title} on" in page) is shown
