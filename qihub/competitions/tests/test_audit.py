"""Every state change in a competition is in the QI team's Site history, under its own name.

Each action that `qihub.competitions.errors.AUDIT_ACTIONS` declares is done here through its
service, as in the product, and then looked for in the back office's Site history
(/admin/reports/site-history/, as a CSV export) as the QI team sees it: under its label, with
who did it ("system" for the scheduler, the worker and the command line).
"""

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from qihub.competitions.builders import EntryPlan, Stage, competition_build
from qihub.competitions.errors import AUDIT_ACTIONS
from qihub.competitions.models import Competition, Elector, Entry
from qihub.competitions.services import (
    competition_close_entries,
    competition_close_voting,
    competition_open_entries,
    competition_open_voting,
    competition_publish_results,
    competition_start_shortlisting,
    conflict_declare,
    entry_accept,
    entry_reject,
    entry_submit,
    entry_update,
    entry_withdraw,
    score_submit,
    scoring_close,
    shortlist_confirm,
    vote_cast,
)
from qihub.competitions.services.ballot_box import ballot_box_mix
from qihub.competitions.services.voting import VOTE_CAST
from qihub.competitions.tests.conftest import score_all
from qihub.competitions.tests.factories import upload, user_for
from qihub.core.audit import audit_log
from qihub.core.tests.factories import StaffFactory

Act = Callable[[Competition, Any], Any]  # does the action; returns who is logged (None: system)


def _entry(competition: Competition) -> Entry:
    entrant = StaffFactory.create()
    user_for(entrant)
    return entry_submit(
        competition=competition,
        person=entrant,
        title="Bold heart",
        description="A heart in NHS blue.",
        images=[upload()],
    )


def _by_the_qi_team(step: Callable[..., Any]) -> Act:
    def act(competition: Competition, qi: Any) -> Any:
        step(competition=competition, actor=qi)
        return qi

    return act


def _start_shortlisting(competition: Competition, qi: Any) -> Any:
    plan = EntryPlan(person=StaffFactory.create(), title="Design 1")
    competition_build(competition=competition, stage=Stage.ENTRIES_CLOSED, entries=[plan])
    competition_start_shortlisting(competition=competition, actor=qi)
    return qi


def _confirm_shortlist(competition: Competition, qi: Any) -> Any:
    score_all(competition)
    chosen = competition.entries.filter(number__in=[1, 2]).values_list("pk", flat=True)
    shortlist_confirm(competition=competition, entry_ids=list(chosen), actor=qi)
    return qi


def _open_voting(competition: Competition, qi: Any) -> Any:
    _confirm_shortlist(competition, qi)
    competition_open_voting(competition=competition, actor=qi)
    return qi


def _publish_results(competition: Competition, qi: Any) -> Any:
    competition_close_voting(competition=competition, actor=qi)
    competition_publish_results(competition=competition, actor=qi)
    return qi


def _show_totals_while_open(competition: Competition, qi: Any) -> Any:
    call_command("tally", competition.slug, "--show-totals-while-open", stdout=io.StringIO())
    return None


def _submit(competition: Competition, qi: Any) -> Any:
    return user_for(_entry(competition).submitted_by)


def _update(competition: Competition, qi: Any) -> Any:
    entry = _entry(competition)
    entrant = user_for(entry.submitted_by)
    entry_update(entry=entry, actor=entrant, title="Bolder heart", description="Bluer.")
    return entrant


def _withdraw(competition: Competition, qi: Any) -> Any:
    entry = _entry(competition)
    entrant = user_for(entry.submitted_by)
    entry_withdraw(entry=entry, actor=entrant)
    return entrant


def _accept(competition: Competition, qi: Any) -> Any:
    entry_accept(entry=_entry(competition), actor=qi)
    return qi


def _reject(competition: Competition, qi: Any) -> Any:
    entry_reject(entry=_entry(competition), actor=qi, reason="It shows a patient's face.")
    return qi


def _declare_conflict(competition: Competition, qi: Any) -> Any:
    member = competition.panel_members.filter(is_chair=False).first()
    assert member is not None
    conflict_declare(member=member, entry=competition.entries.get(number=1), reason="Mine.")
    return user_for(member.person)


def _score(competition: Competition, qi: Any) -> Any:
    member = competition.panel_members.filter(is_chair=False).first()
    assert member is not None
    values = {criterion.pk: 4 for criterion in competition.criteria.all()}
    score_submit(member=member, entry=competition.entries.get(number=1), values=values)
    return user_for(member.person)


def _vote(competition: Competition, qi: Any) -> Any:
    voter = Elector.objects.filter(competition=competition).first()
    assert voter is not None
    account = user_for(voter.voter)
    entry = competition.entries.filter(shortlisted=True).earliest("number")
    vote_cast(competition=competition, person=voter.voter, entry=entry)
    return account


def _mix(competition: Competition, qi: Any) -> Any:
    _vote(competition, qi)
    assert ballot_box_mix(competition=competition, minimum=0) == 1
    return None


def _panel_with_accounts(competition: Competition) -> None:
    """So that what a panel member does is logged as theirs."""
    for member in competition.panel_members.select_related("person"):
        user_for(member.person)


COMPETITION = "qihub.competitions.competition."
ACTS: dict[str, tuple[str, Act]] = {
    f"{COMPETITION}open_entries": ("competition", _by_the_qi_team(competition_open_entries)),
    f"{COMPETITION}close_entries": ("open_competition", _by_the_qi_team(competition_close_entries)),
    f"{COMPETITION}start_shortlisting": ("open_competition", _start_shortlisting),
    f"{COMPETITION}close_scoring": ("shortlisting", _by_the_qi_team(scoring_close)),
    f"{COMPETITION}confirm_shortlist": ("shortlisting", _confirm_shortlist),
    f"{COMPETITION}open_voting": ("shortlisting", _open_voting),
    f"{COMPETITION}close_voting": ("voting", _by_the_qi_team(competition_close_voting)),
    f"{COMPETITION}publish_results": ("voting", _publish_results),
    f"{COMPETITION}show_totals_while_open": ("voting", _show_totals_while_open),
    "qihub.competitions.entry.submit": ("open_competition", _submit),
    "qihub.competitions.entry.update": ("open_competition", _update),
    "qihub.competitions.entry.withdraw": ("open_competition", _withdraw),
    "qihub.competitions.entry.accept": ("open_competition", _accept),
    "qihub.competitions.entry.reject": ("open_competition", _reject),
    "qihub.competitions.panel.declare_conflict": ("shortlisting", _declare_conflict),
    "qihub.competitions.panel.score": ("shortlisting", _score),
    "qihub.competitions.vote.cast": ("voting", _vote),
    "qihub.competitions.ballot_box.mix": ("voting", _mix),
}


def test_every_declared_action_is_written_by_a_service_tested_here():
    assert set(ACTS) == set(AUDIT_ACTIONS)


def _site_history(client, qi_team_user) -> list[dict[str, str]]:
    client.force_login(qi_team_user)
    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("action", sorted(ACTS))
def test_the_qi_team_sees_each_action_in_site_history(request, client, qi_team_user, panel, action):
    fixture, act = ACTS[action]
    competition = request.getfixturevalue(fixture)
    _panel_with_accounts(competition)
    first = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    who = act(competition, qi_team_user)
    logged = ModelLogEntry.objects.filter(pk__gt=first, action=action)
    assert [entry.user for entry in logged] == [who], action
    rows = [
        row
        for row in _site_history(client, qi_team_user)
        if row["Action type"] == AUDIT_ACTIONS[action]
    ]
    assert [row["User"] for row in rows] == [logged[0].user_display_name], rows
    if who is None:
        assert rows[0]["User"] == "system"


def test_a_vote_is_logged_as_audit_log_would_log_it(voting):
    """The vote writes its audit-log entry with its own statements (`_vote_logged`), not
    through `audit_log`: the two must write the same entry."""
    voter = Elector.objects.filter(competition=voting).first()
    assert voter is not None
    account = user_for(voter.voter)
    vote_cast(
        competition=voting,
        person=voter.voter,
        entry=voting.entries.filter(shortlisted=True).earliest("number"),
    )
    audit_log(action=VOTE_CAST, instance=voting, user=account)
    by_vote, by_audit_log = ModelLogEntry.objects.filter(action=VOTE_CAST).order_by("pk")
    compared = [
        field.attname
        for field in ModelLogEntry._meta.concrete_fields
        if field.name not in {"id", "timestamp"}
    ]
    assert {name: getattr(by_vote, name) for name in compared} == {
        name: getattr(by_audit_log, name) for name in compared
    }
    assert by_vote.user == account
    assert by_vote.data == {}
