"""Public pages: the list, a competition, live turnout, receipt checks, results, entry images."""

import json

import pytest

from qihub.competitions.models import Elector, Phase, SealedVote
from qihub.competitions.services import (
    competition_close_voting,
    competition_publish_results,
    vote_cast,
)
from qihub.competitions.tests.factories import CompetitionFactory


def _shortlisted(competition):
    return list(competition.entries.filter(shortlisted=True).order_by("number"))


def _vote(competition, count: int, entry_index: int = 0) -> list[str]:
    electors = Elector.objects.filter(competition=competition, vote_cast__isnull=True)[:count]
    entry = _shortlisted(competition)[entry_index]
    return [vote_cast(competition=competition, person=e.voter, entry=entry) for e in electors]


@pytest.mark.django_db
def test_everyone_sees_open_competitions_but_only_the_qi_team_sees_drafts(
    client, staff_user, qi_team_user
):
    draft = CompetitionFactory.create(title="Secret draft")
    opened = CompetitionFactory.create(title="Name our newsletter", phase=Phase.ENTRIES_OPEN)
    for who in (None, staff_user):
        if who:
            client.force_login(who)
        listing = client.get("/competitions/").content.decode()
        assert "Name our newsletter" in listing
        assert "Secret draft" not in listing
        assert client.get(f"/competitions/{opened.slug}/").status_code == 200
        assert client.get(f"/competitions/{draft.slug}/").status_code == 404
        assert client.get(f"/competitions/{draft.slug}/turnout/").status_code == 404
    client.force_login(qi_team_user)
    assert "Secret draft" in client.get("/competitions/").content.decode()
    page = client.get(f"/competitions/{draft.slug}/")
    assert page.status_code == 200
    assert "Run this competition" in page.content.decode()


def test_competition_page_shows_the_brief_rules_dates_and_what_you_can_do(
    client, open_competition, staff_user, public_user
):
    url = f"/competitions/{open_competition.slug}/"
    page = client.get(url).content.decode()
    assert "Design the programme" in page
    assert "One entry per person or team." in page
    assert "Open for entries" in page
    assert "Sign in to enter" in page
    client.force_login(staff_user)
    assert "Enter this competition" in client.get(url).content.decode()
    client.force_login(public_user)  # a patient; the competition is for staff
    page = client.get(url).content.decode()
    assert "You cannot enter it" in page
    assert "Enter this competition" not in page


def test_competition_page_in_voting_invites_electors_and_shows_the_shortlist(
    client, ballot_open, voter, public_user
):
    url = f"/competitions/{ballot_open.slug}/"
    page = client.get(url).content.decode()
    assert "Sign in to vote" in page
    assert "Entry 1: Design 1" in page and "Entry 2: Design 2" in page
    assert "Entry 3: Design 3" not in page  # not shortlisted
    client.force_login(voter)
    assert "Vote now" in client.get(url).content.decode()
    client.force_login(public_user)
    assert "not on the list of people who can vote" in client.get(url).content.decode()


def test_turnout_before_voting_says_so(client, open_competition):
    page = client.get(f"/competitions/{open_competition.slug}/turnout/")
    assert page.status_code == 200
    assert "Voting has not opened yet" in page.content.decode()
    data = client.get(f"/competitions/{open_competition.slug}/turnout.json").json()
    assert data["phase"] == "entries_open"
    assert "votes" not in data


def test_turnout_page_and_json_show_votes_but_never_per_entry_numbers(client, voting):
    _vote(voting, 6, entry_index=0)
    page = client.get(f"/competitions/{voting.slug}/turnout/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "6 of" in html
    assert "/static/competitions/js/turnout.js" in html  # the live updater, same-origin
    assert 'aria-live="polite"' in html
    assert "Refresh the numbers" in html
    for entry in voting.entries.all():
        assert entry.title not in html

    response = client.get(f"/competitions/{voting.slug}/turnout.json")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    assert set(data) == {
        "phase",
        "phase_label",
        "updated",
        "votes",
        "electorate",
        "percent",
        "last_five_minutes",
        "by_directorate",
    }
    assert data["votes"] == 6
    assert data["last_five_minutes"] == 6
    text = json.dumps(data)
    for entry in voting.entries.all():
        assert entry.title not in text
    for row in data["by_directorate"]:
        assert set(row) == {"name", "electors", "votes", "percent"}


def test_turnout_after_voting_closes_stops_polling(client, voting):
    competition_close_voting(competition=voting)
    html = client.get(f"/competitions/{voting.slug}/turnout/").content.decode()
    assert "competitions/js/turnout.js" not in html
    assert "Voting has closed" in html


def test_receipt_check_says_counted_or_not_and_never_what_for(client, voting):
    [receipt] = _vote(voting, 1)
    url = f"/competitions/{voting.slug}/receipt/"
    assert client.get(url).status_code == 200
    page = client.post(url, {"code": receipt.lower()}).content.decode()
    assert "This vote is counted" in page
    for entry in voting.entries.all():
        assert entry.title not in page
    page = client.post(url, {"code": "AAAA-BBBB-CCCC"}).content.decode()
    assert "No vote with this receipt code" in page
    page = client.post(url, {"code": "ABC"}).content.decode()
    assert "A receipt code has 12 letters and numbers" in page
    assert "There is a problem" in page


def test_receipt_check_when_sealed_votes_cannot_be_opened_says_so_and_keeps_them(
    client, voting, settings
):
    [receipt] = _vote(voting, 1)
    settings.SECRET_KEY = "a-rotated-key-without-the-old-one-as-a-fallback-" + "r" * 20
    response = client.post(f"/competitions/{voting.slug}/receipt/", {"code": receipt})
    assert response.status_code == 503
    page = response.content.decode()
    assert "Receipts cannot be checked at the moment. Try again later." in page
    assert "This vote is counted" not in page and "No vote with this receipt code" not in page
    assert SealedVote.objects.filter(competition=voting).count() == 1


def test_receipt_check_needs_csrf(voting):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(f"/competitions/{voting.slug}/receipt/", {"code": "AAAA-BBBB-CCCC"})
    assert response.status_code == 403


def test_results_are_hidden_until_published_then_show_tally_and_turnout(client, voting):
    _vote(voting, 3, entry_index=1)
    _vote(voting, 1, entry_index=0)
    url = f"/competitions/{voting.slug}/results/"
    page = client.get(url).content.decode()
    assert "not published yet" in page
    competition_close_voting(competition=voting)
    assert "not published yet" in client.get(url).content.decode()
    competition_publish_results(competition=voting)
    page = client.get(url).content.decode()
    assert "The winner is Entry 2: Design 2" in page
    assert "Entry 1: Design 1" in page
    electorate = Elector.objects.filter(competition=voting).count()
    assert f'<dd class="nhsuk-summary-list__value">{electorate}</dd>' in page
    assert "75.0%" in page  # entry 2's share of 4 votes
    assert f"{100 * 4 / electorate:.1f}%" in page


class TestEntryImages:
    def _image(self, competition, number):
        return competition.entries.get(number=number).images.get()

    def test_accepted_entries_images_are_for_the_panel_not_the_public(
        self, client, shortlisting, panel, entrants
    ):
        from qihub.competitions.tests.factories import user_for

        image = self._image(shortlisting, 1)
        url = f"/competitions/{shortlisting.slug}/images/{image.pk}/"
        assert client.get(url).status_code == 404
        client.force_login(user_for(entrants[1]))  # another entrant
        assert client.get(url).status_code == 404
        client.force_login(user_for(entrants[0]))  # its own entrant
        assert client.get(url).status_code == 200
        client.force_login(user_for(panel["patient"].person))
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    def test_shortlisted_images_are_public_once_voting_opens(self, client, voting):
        shortlisted = self._image(voting, 1)
        not_shortlisted = self._image(voting, 3)
        ok = client.get(f"/competitions/{voting.slug}/images/{shortlisted.pk}/")
        assert ok.status_code == 200
        assert "public" in ok["Cache-Control"]
        no = client.get(f"/competitions/{voting.slug}/images/{not_shortlisted.pk}/")
        assert no.status_code == 404

    def test_the_qi_team_sees_every_image(self, client, shortlisting, qi_team_user):
        image = self._image(shortlisting, 2)
        client.force_login(qi_team_user)
        assert (
            client.get(f"/competitions/{shortlisting.slug}/images/{image.pk}/").status_code == 200
        )
