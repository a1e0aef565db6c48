"""The builder: a competition at any stage, left as the services leave a real one."""

import pytest
from wagtail.models import ModelLogEntry

from qihub.competitions.builders import Stage, competition_build, stage_of
from qihub.competitions.models import CompetitionEngagementKind, Phase, Score
from qihub.competitions.selectors import tally_check
from qihub.competitions.services import conflict_declare
from qihub.competitions.tests.factories import user_for
from qihub.engagement.models import EngagementRecord


def test_a_competition_built_to_its_results_has_what_the_services_leave(
    shortlisting, panel, entrants
):
    votes = [(entrants[0], 2), (entrants[1], 1), (entrants[2], 2)]
    chair = user_for(panel["chair"].person)
    competition = competition_build(
        competition=shortlisting, stage=Stage.RESULTS, confirmed_by=chair, votes=votes
    )
    assert competition.phase == Phase.RESULTS
    assert [(row["number"], row["votes"]) for row in competition.result.tally] == [(2, 2), (1, 1)]
    _, checks = tally_check(competition=competition)
    assert all(check.ok for check in checks), checks
    assert Score.objects.count() == 3 * 4 * 2  # members × entries × criteria
    voted = EngagementRecord.objects.filter(kind=CompetitionEngagementKind.VOTED)
    assert set(voted.values_list("person", flat=True)) == {person.pk for person, _ in votes}
    confirmed = ModelLogEntry.objects.get(action="qihub.competitions.competition.confirm_shortlist")
    assert (confirmed.user_id, confirmed.data) == (chair.pk, {"entries": [1, 2]})


def test_no_one_is_made_to_score_an_entry_they_have_a_conflict_with(shortlisting, panel):
    entry = shortlisting.entries.get(number=3)
    conflict_declare(member=panel["staff"], entry=entry)
    competition_build(competition=shortlisting, stage=Stage.SCORED)
    assert stage_of(shortlisting) == Stage.SCORED
    assert not Score.objects.filter(panel_member=panel["staff"], entry=entry).exists()
    assert Score.objects.filter(entry=entry).count() == 2 * 2  # the other members × criteria


def test_a_competition_is_never_built_backwards(voting):
    with pytest.raises(ValueError, match="is already past shortlisting"):
        competition_build(competition=voting, stage=Stage.SHORTLISTING)
    assert voting.phase == Phase.VOTING
