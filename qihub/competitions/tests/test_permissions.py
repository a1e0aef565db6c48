"""Who may act on a competition's objects: each predicate, for everyone who may and may not."""

import pytest
from django.contrib.auth.models import AnonymousUser

from qihub.competitions.builders import Stage, competition_build
from qihub.competitions.models import Phase
from qihub.competitions.permissions import (
    competition_can_manage,
    competition_can_view,
    entry_can_edit,
    entry_can_view,
    panel_can_manage,
    panel_can_score,
    panel_can_view,
)
from qihub.competitions.tests.factories import user_for
from qihub.core.tests.factories import StaffFactory

WHO = ["visitor", "staff", "entrant", "team member", "panel member", "chair", "qi team"]


@pytest.fixture
def cast(shortlisting, panel, qi_team_user, staff_user):
    """An account for everyone: entry 1's entrant and team member, the panel, the QI team."""
    entry = shortlisting.entries.get(number=1)
    teammate = StaffFactory.create()
    entry.team_members.add(teammate)
    return {
        "visitor": AnonymousUser(),
        "staff": staff_user,
        "entrant": user_for(entry.submitted_by),
        "team member": user_for(teammate),
        "panel member": user_for(panel["staff"].person),
        "chair": user_for(panel["chair"].person),
        "qi team": qi_team_user,
    }


def _who(cast, predicate, obj) -> list[str]:
    return [who for who in WHO if predicate(user=cast[who], obj=obj)]


def test_a_draft_is_seen_by_the_qi_team_alone_then_by_everyone(
    competition, staff_user, qi_team_user
):
    people = [AnonymousUser(), staff_user, qi_team_user]
    assert [competition_can_view(user=user, obj=competition) for user in people] == [
        False,
        False,
        True,
    ]
    competition_build(competition=competition, stage=Stage.ENTRIES_OPEN)
    assert all(competition_can_view(user=user, obj=competition) for user in people)


def test_only_the_qi_team_runs_a_competition(cast, shortlisting):
    assert _who(cast, competition_can_manage, shortlisting) == ["qi team"]
    cast["qi team"].is_active = False
    assert not competition_can_manage(user=cast["qi team"], obj=shortlisting)


def test_the_panel_pages_are_for_its_members_and_the_qi_team(cast, shortlisting):
    assert _who(cast, panel_can_view, shortlisting) == ["panel member", "chair", "qi team"]


def test_only_panel_members_score(cast, shortlisting):
    assert _who(cast, panel_can_score, shortlisting) == ["panel member", "chair"]


def test_only_the_chair_or_the_qi_team_manage_the_panel(cast, shortlisting):
    assert _who(cast, panel_can_manage, shortlisting) == ["chair", "qi team"]


def test_only_the_entrants_edit_an_entry(cast, shortlisting):
    entry = shortlisting.entries.get(number=1)
    assert _who(cast, entry_can_edit, entry) == ["entrant", "team member"]
    assert _who(cast, entry_can_edit, shortlisting.entries.get(number=2)) == []


def test_an_inactive_qi_team_account_manages_nothing(cast, shortlisting):
    cast["qi team"].is_active = False
    assert not panel_can_manage(user=cast["qi team"], obj=shortlisting)
    assert not panel_can_view(user=cast["qi team"], obj=shortlisting)


@pytest.mark.parametrize(
    ("phase", "seen_by"),
    [
        (Phase.ENTRIES_CLOSED, ["entrant", "team member", "qi team"]),
        (Phase.SHORTLISTING, ["entrant", "team member", "panel member", "chair", "qi team"]),
        (Phase.VOTING, WHO),
        (Phase.RESULTS, WHO),
    ],
)
def test_a_shortlisted_entry_is_seen_by_more_people_as_the_competition_goes_on(
    cast, shortlisting, phase, seen_by
):
    entry = shortlisting.entries.select_related("competition").get(number=1)
    entry.shortlisted = True
    entry.competition.phase = phase
    assert _who(cast, entry_can_view, entry) == seen_by


def test_an_entry_off_the_shortlist_stays_with_the_panel_entrants_and_qi_team(cast, shortlisting):
    competition_build(competition=shortlisting, stage=Stage.VOTING, confirmed_by=cast["chair"])
    left_out = shortlisting.entries.get(number=4)
    assert not left_out.shortlisted
    assert _who(cast, entry_can_view, left_out) == ["panel member", "chair", "qi team"]
