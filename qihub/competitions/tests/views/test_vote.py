"""The ballot: who may vote, the receipt shown once, and never a second ballot."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.views.debug import SafeExceptionReporterFilter

from qihub.competitions.models import Ballot, Elector, SealedVote, VoteCast
from qihub.competitions.selectors import ballot_entries_for, receipt_counted, tally_compute
from qihub.competitions.services import competition_close_voting
from qihub.competitions.tests.factories import CompetitionFactory, user_for
from qihub.core.tests.factories import StaffFactory

RECEIPT = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def _url(competition):
    return f"/competitions/{competition.slug}/vote/"


def _filled(competition) -> int:
    """Votes in the box: ballots filled, and sealed votes waiting for the mixer."""
    filled = Ballot.objects.filter(competition=competition, entry__isnull=False).count()
    return filled + SealedVote.objects.filter(competition=competition).count()


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in(client, voting):
    for response in (client.get(_url(voting)), client.post(_url(voting), {"entry": 1})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    assert _filled(voting) == 0


def test_people_not_on_the_electorate_are_told_clearly(client, ballot_open, public_user):
    late_joiner = StaffFactory.create()  # joined after voting opened: not in the snapshot
    for user in (public_user, user_for(late_joiner)):
        client.force_login(user)
        for response in (
            client.get(_url(ballot_open)),
            client.post(_url(ballot_open), {"entry": 1}),
        ):
            assert response.status_code == 403
            assert "You cannot vote in this competition" in response.content.decode()
    assert _filled(ballot_open) == 0


def test_the_ballot_is_an_accessible_form(client, ballot_open, voter):
    client.force_login(voter)
    response = client.get(_url(ballot_open))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert html.count('<fieldset class="nhsuk-fieldset"') == 1
    assert '<h1 class="nhsuk-fieldset__heading">Vote for one entry</h1>' in html
    assert html.count('type="radio"') == 2  # the shortlist
    labels = re.findall(
        r'<label class="nhsuk-label nhsuk-radios__label" for="id_entry_[01]">([^<]+)</label>', html
    )
    assert sorted(labels) == ["Entry 1: Design 1", "Entry 2: Design 2"]
    assert 'alt="Entry 1, Design 1: image 1"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Entry 3: Design 3" not in html


def test_vote_receipt_shown_once_then_you_voted_and_a_replay_makes_no_second_ballot(
    client, ballot_open, voter
):
    client.force_login(voter)
    response = client.post(_url(ballot_open), {"entry": "2"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Your vote has been counted" in html
    [receipt] = RECEIPT.findall(html)
    assert receipt_counted(competition=ballot_open, code=receipt)
    assert "You voted for Entry 2: Design 2." in html
    assert f"/competitions/{ballot_open.slug}/receipt/" in html
    # Not kept anywhere the voter (or anyone) could get it again.
    assert receipt not in str(dict(client.session))
    page = client.get(_url(ballot_open))
    html = page.content.decode()
    assert "You have voted" in html and "You voted on" in html
    assert receipt not in html
    assert "Design 2" not in html  # not for whom
    # A replayed form, or a second vote, is refused without a second ballot.
    for choice in ("2", "1"):
        again = client.post(_url(ballot_open), {"entry": choice})
        assert again.status_code == 200
        assert "You have already voted" in again.content.decode()
    assert _filled(ballot_open) == 1
    assert VoteCast.objects.filter(elector__person=voter.person).count() == 1
    assert {row["number"]: row["votes"] for row in tally_compute(competition=ballot_open)} == {
        1: 0,
        2: 1,
    }


def test_competition_page_says_when_you_voted_not_for_whom(client, ballot_open, voter):
    client.force_login(voter)
    client.post(_url(ballot_open), {"entry": "1"})
    html = client.get(f"/competitions/{ballot_open.slug}/").content.decode()
    assert "You voted on" in html
    assert "Vote now" not in html


def test_no_choice_or_a_choice_off_the_shortlist_is_an_error_at_the_field(
    client, ballot_open, voter
):
    client.force_login(voter)
    for data, message in (
        ({}, "Choose the entry you want to vote for."),
        ({"entry": "3"}, "Choose one of the shortlisted entries."),
        ({"entry": "x"}, "Choose one of the shortlisted entries."),
    ):
        html = client.post(_url(ballot_open), data).content.decode()
        assert message in html
        assert 'href="#id_entry_0"' in html
        assert 'id="id_entry-error"' in html
    assert _filled(ballot_open) == 0


def test_the_vote_needs_a_csrf_token(ballot_open, voter):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(voter)
    assert strict.post(_url(ballot_open), {"entry": "1"}).status_code == 403
    assert _filled(ballot_open) == 0


def test_two_devices_vote_once_between_them(ballot_open, voter):
    phone, desktop = Client(), Client()
    phone.force_login(voter)
    desktop.force_login(voter)
    phone_form = phone.get(_url(ballot_open))
    desktop_form = desktop.get(_url(ballot_open))
    assert phone_form.status_code == desktop_form.status_code == 200
    assert (
        "Your vote has been counted"
        in phone.post(_url(ballot_open), {"entry": "1"}).content.decode()
    )
    assert (
        "You have already voted" in desktop.post(_url(ballot_open), {"entry": "2"}).content.decode()
    )
    assert _filled(ballot_open) == 1


def test_voting_before_it_opens_or_after_it_closes_is_explained(client, voting, voter):
    client.force_login(voter)
    competition_close_voting(competition=voting)
    response = client.post(_url(voting), {"entry": "1"})
    assert "Voting has closed." in response.content.decode()
    assert _filled(voting) == 0
    not_yet = CompetitionFactory.create(phase="entries_open")
    assert "Voting has not opened yet." in client.get(_url(not_yet)).content.decode()


def test_every_elector_can_vote_through_the_page(client, ballot_open):
    electors = list(Elector.objects.filter(competition=ballot_open).select_related("person"))
    for index, elector in enumerate(electors):
        client.force_login(user_for(elector.voter))
        response = client.post(_url(ballot_open), {"entry": str(1 + index % 2)})
        assert "Your vote has been counted" in response.content.decode()
    assert _filled(ballot_open) == len(electors)


def _ballot_order(html: str) -> tuple[str, ...]:
    return tuple(re.findall(r'name="entry" type="radio" value="(\d+)"', html))


def test_each_voter_keeps_their_own_order_on_every_visit_and_after_an_error(
    client, ballot_open, voter
):
    client.force_login(voter)
    first = _ballot_order(client.get(_url(ballot_open)).content.decode())
    assert sorted(first) == ["1", "2"]
    for _ in range(5):
        assert _ballot_order(client.get(_url(ballot_open)).content.decode()) == first
    error = client.post(_url(ballot_open), {}).content.decode()
    assert "Choose the entry you want to vote for." in error
    assert _ballot_order(error) == first


def test_voters_see_the_shortlist_in_different_orders(ballot_open):
    people = StaffFactory.create_batch(30)
    orders = {
        tuple(e.number for e in ballot_entries_for(competition=ballot_open, person=person))
        for person in people
    }
    assert orders == {(1, 2), (2, 1)}, "30 voters all in one order: a 1 in 500 million chance"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # no savepoint
def test_a_vote_takes_a_few_queries_however_many_people_vote(
    client, ballot_open, voter, django_assert_num_queries, settings
):
    """The rush's budget (docs/performance.md): session, user, and a transaction (BEGIN, the
    vote, the engagement record, its month in the ledger's roll-up, COMMIT). The vote is one
    query on PostgreSQL (the voting lock, the sealed vote, the `VoteCast` and its audit-log
    entry), three on SQLite. (One vote in a batch also asks the worker to mix, one query more;
    the batch here is too large for this one to be it.)"""
    settings.QIHUB_VOTE_MIX_BATCH = 2**62
    client.force_login(voter)
    # As in a rush, the shortlist and the site chrome are cached. (The first visit makes the
    # site's header and footer settings, which renders the chrome afresh on the second.)
    for _ in range(2):
        client.get(_url(ballot_open))
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 9):
        response = client.post(_url(ballot_open), {"entry": "1"})
    assert "Your vote has been counted" in response.content.decode()
    assert _filled(ballot_open) == 1


def test_an_error_report_never_carries_the_choice_or_a_receipt(client, voting, staff_user):
    """Django's error emails and debug pages list a request's POST data unless told not to."""
    client.force_login(staff_user)
    entry = voting.entries.filter(shortlisted=True).first()
    vote = client.post(f"/competitions/{voting.slug}/vote/", {"entry": entry.pk})
    check = client.post(f"/competitions/{voting.slug}/receipt/", {"code": "ABCD-EFGH-IJKL"})
    reporter = SafeExceptionReporterFilter()
    for response, field in ((vote, "entry"), (check, "code")):
        shown = reporter.get_post_parameters(response.wsgi_request)
        assert shown[field] == reporter.cleansed_substitute, field
