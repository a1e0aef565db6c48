"""`qihub tally`: the count from the stored ballots, checked against the voters and the result."""

import io
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import ModelLogEntry

from qihub.competitions.models import Ballot, Elector, Result, SealedVote
from qihub.competitions.services import (
    competition_close_voting,
    competition_publish_results,
    vote_cast,
)
from qihub.competitions.services.ballot_box import ballot_box_mix

SHOW = "--show-totals-while-open"
SHOWN_WHILE_OPEN = "qihub.competitions.competition.show_totals_while_open"


def tally(slug: str, *flags: str, stderr: io.StringIO | None = None) -> str:
    out = io.StringIO()
    call_command("tally", slug, *flags, stdout=out, stderr=stderr or io.StringIO())
    return out.getvalue()


def tally_failing(slug: str) -> tuple[str, CommandError]:
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("tally", slug, stdout=out)
    return out.getvalue(), error.value


@pytest.fixture
def voted(voting):
    """Five votes: three for entry 1, two for entry 2."""
    first, second = voting.entries.filter(shortlisted=True).order_by("number")
    electors = Elector.objects.filter(competition=voting).select_related("person")[:5]
    for index, elector in enumerate(electors):
        vote_cast(competition=voting, person=elector.voter, entry=first if index < 3 else second)
    return voting


@pytest.fixture
def published(voted):
    competition_close_voting(competition=voted)
    competition_publish_results(competition=voted)
    voted.refresh_from_db()
    return voted


def _lines(output: str) -> list[str]:
    return [" ".join(line.split()) for line in output.splitlines()]


@pytest.fixture
def mixed(voted):
    """The five votes mixed into the ballot box, as the worker does in batches."""
    assert ballot_box_mix(competition=voted, minimum=0) == 5
    return voted


@pytest.mark.parametrize("mix", [False, True], ids=["sealed", "mixed"])
def test_during_voting_it_counts_and_checks(voted, mix):
    if mix:
        ballot_box_mix(competition=voted, minimum=0)
    filled, sealed = (5, 0) if mix else (0, 5)
    lines = _lines(tally(voted.slug, SHOW))
    assert lines[0] == f"{voted.title} (voting)"
    assert lines[1:4] == ["1 Design 1 3", "2 Design 2 2", "Total 5"]
    electorate = Elector.objects.filter(competition=voted).count()
    assert lines[4:] == [
        f"ok votes in the box ({filled} ballots filled + {sealed} sealed, waiting to go in) = "
        "voters recorded as having voted (5)",
        "ok no receipt on more than one ballot (0 repeated)",
        "ok every vote is for a shortlisted entry (0 not)",
        f"ok ballot slots ({electorate}) = electorate ({electorate})",
    ]


def test_while_voting_is_open_it_checks_without_printing_the_votes_per_entry(voted):
    output = tally(voted.slug)
    lines = _lines(output)
    assert lines[0] == f"{voted.title} (voting)"
    assert lines[1].startswith("Votes per entry: hidden while voting is open")
    assert all(line.startswith(("ok ", "FAIL ")) for line in lines[2:]), lines
    assert len(lines[2:]) == 4
    for entry in voted.entries.all():
        assert entry.title not in output
    assert not ModelLogEntry.objects.filter(action=SHOWN_WHILE_OPEN).exists()


def test_it_prints_them_while_voting_is_open_only_when_asked_warns_and_logs_it(voted):
    warning = io.StringIO()
    with mock.patch("getpass.getuser", return_value="ops-alice"):
        lines = _lines(tally(voted.slug, SHOW, stderr=warning))
    assert lines[1:4] == ["1 Design 1 3", "2 Design 2 2", "Total 5"]
    assert warning.getvalue().startswith("Warning: voting is open.")
    assert "written to the audit log" in warning.getvalue()
    logged = ModelLogEntry.objects.get(action=SHOWN_WHILE_OPEN)
    assert (logged.object_id, logged.user, logged.data) == (
        str(voted.pk),
        None,
        {"os_user": "ops-alice", "phase": "voting"},
    )


def test_once_voting_has_closed_it_prints_them_without_asking(voted):
    competition_close_voting(competition=voted)
    warning = io.StringIO()
    lines = _lines(tally(voted.slug, stderr=warning))
    assert lines[1:4] == ["1 Design 1 3", "2 Design 2 2", "Total 5"]
    assert _lines(tally(voted.slug, SHOW, stderr=warning))[1:4] == lines[1:4]
    assert warning.getvalue() == ""
    assert not ModelLogEntry.objects.filter(action=SHOWN_WHILE_OPEN).exists()


def test_after_publication_it_agrees_with_the_result(published):
    lines = _lines(tally(published.slug))
    assert lines[0] == f"{published.title} (results published)"
    assert "ok the published votes per entry match the ballots" in lines
    assert "ok published total (5) = ballots counted (5)" in lines


def test_a_tampered_result_is_caught(published):
    result = published.result
    result.tally[0]["votes"] += 1
    result.save(update_fields=["tally"])
    output, error = tally_failing(published.slug)
    assert error.returncode == 2
    assert "1 check(s) failed" in str(error)
    entry = result.tally[0]["entry"]
    differ = f"(differ: [({entry}, 3), ({entry}, 4)])"
    assert f"FAIL the published votes per entry match the ballots {differ}" in _lines(output)


def test_a_published_total_or_electorate_that_disagrees_is_caught(published):
    Result.objects.filter(competition=published).update(votes=6, electorate=1)
    output, error = tally_failing(published.slug)
    assert "2 check(s) failed" in str(error)
    assert "FAIL published total (6) = ballots counted (5)" in _lines(output)


def test_a_lost_ballot_is_caught(mixed):
    ballot = Ballot.objects.filter(competition=mixed, entry__isnull=False)[0]
    Ballot.objects.filter(pk=ballot.pk).update(entry=None, receipt_hash=None)
    output, _ = tally_failing(mixed.slug)
    assert (
        "FAIL votes in the box (4 ballots filled + 0 sealed, waiting to go in) = "
        "voters recorded as having voted (5)"
    ) in _lines(output)


def test_a_lost_sealed_vote_is_caught(voted):
    SealedVote.objects.filter(pk=SealedVote.objects.filter(competition=voted)[0].pk).delete()
    output, _ = tally_failing(voted.slug)
    assert (
        "FAIL votes in the box (0 ballots filled + 4 sealed, waiting to go in) = "
        "voters recorded as having voted (5)"
    ) in _lines(output)


def test_a_ballot_added_without_a_voter_is_caught(mixed):
    entry = mixed.entries.filter(shortlisted=True).first()
    Ballot.objects.create(competition=mixed, entry=entry, receipt_hash="f" * 64)
    output, _ = tally_failing(mixed.slug)
    assert (
        "FAIL votes in the box (6 ballots filled + 0 sealed, waiting to go in) = "
        "voters recorded as having voted (5)"
    ) in _lines(output)
    assert any(line.startswith("FAIL ballot slots") for line in _lines(output))


def test_a_ballot_for_an_entry_not_on_the_shortlist_is_caught(mixed):
    outsider = mixed.entries.filter(shortlisted=False).first()
    ballot = Ballot.objects.filter(competition=mixed, entry__isnull=False)[0]
    Ballot.objects.filter(pk=ballot.pk).update(entry=outsider)
    output, _ = tally_failing(mixed.slug)
    assert "FAIL every vote is for a shortlisted entry (1 not)" in _lines(output)


@pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
    reason="needs the receipt's unique constraint dropped, which SQLite cannot do in place",
)
def test_a_repeated_receipt_is_caught(mixed):
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # ALTER TABLE needs no pending checks
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
            [table],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    receipt, other = Ballot.objects.filter(competition=mixed, entry__isnull=False)[:2]
    Ballot.objects.filter(pk=other.pk).update(receipt_hash=receipt.receipt_hash)
    output, _ = tally_failing(mixed.slug)
    assert "FAIL no receipt on more than one ballot (1 repeated)" in _lines(output)


def test_results_published_without_a_stored_result_are_caught(published):
    Result.objects.filter(competition=published).delete()
    output, _ = tally_failing(published.slug)
    assert "FAIL the results are published but no result is stored" in _lines(output)


def test_before_voting_there_is_nothing_to_count(shortlisting):
    assert tally(shortlisting.slug).strip() == (
        f"{shortlisting.title}: voting has not opened, so there is no tally."
    )


def test_an_unknown_competition_is_an_error(db):
    with pytest.raises(CommandError, match="No competition with the slug 'nope'"):
        call_command("tally", "nope")
