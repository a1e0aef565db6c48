"""Levels derived from the ledger by the rule set, counted against the roster, and kept true as
acts, rules and the roster change."""

import datetime

import pytest

from qihub.core.tests.factories import StaffFactory, TeamFactory
from qihub.engagement.models import EngagementLevel, EngagementMonth
from qihub.engagement.selectors import engagement_breakdown, engagement_history, level_rule_text
from qihub.engagement.services import engagement_record, engagement_records_erase
from qihub.engagement.tallies import (
    engagement_tallies_forget,
    engagement_tallies_refresh,
    months_before,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
JUNE = datetime.date(2026, 6, 1)


@pytest.fixture
def ladder(register_kind):
    register_kind("attended", "Attended an event")
    register_kind("voted", "Voted")
    aware = EngagementLevel.objects.create(name="Aware", position=1, min_acts=1, months=12)
    involved = EngagementLevel.objects.create(name="Involved", position=2, min_acts=2, months=12)
    active = EngagementLevel.objects.create(
        name="Active", position=3, min_acts=4, months=6, min_kinds=2
    )
    return aware, involved, active


def _levels(month=JUNE, **kwargs):
    rows = engagement_breakdown(month=month, **kwargs)
    return rows[0].people if rows else {}


def test_each_person_is_at_the_highest_level_whose_rule_they_meet(ladder):
    team = TeamFactory.create()
    _none, aware, involved, active = StaffFactory.create_batch(4, team=team)
    engagement_record(person=aware, kind="voted", subject="c:1", occurred_on=TODAY)
    for day in (TODAY, TODAY - datetime.timedelta(days=300)):
        engagement_record(person=involved, kind="voted", subject="c:1", occurred_on=day)
    for kind in ("voted", "voted", "attended", "attended"):
        engagement_record(person=active, kind=kind, subject="e:1", occurred_on=TODAY)
    engagement_tallies_refresh(today=TODAY)
    assert _levels() == {0: 1, 1: 1, 2: 1, 3: 1}


def test_acts_older_than_a_rules_window_do_not_count(ladder):
    person = StaffFactory.create()
    engagement_record(person=person, kind="voted", subject="c:1", occurred_on=TODAY)
    engagement_record(
        person=person, kind="voted", subject="c:1", occurred_on=datetime.date(2025, 6, 30)
    )
    engagement_tallies_refresh(today=TODAY)
    assert _levels() == {1: 1}
    # In June 2025 only the older act had happened.
    assert _levels(month=datetime.date(2025, 6, 1)) == {1: 1}


def test_a_rule_on_chosen_kinds_counts_only_those(ladder):
    _aware, involved, _active = ladder
    involved.kinds.set(["attended"])
    person = StaffFactory.create()
    for _ in range(3):
        engagement_record(person=person, kind="voted", subject="c:1", occurred_on=TODAY)
    engagement_tallies_refresh(today=TODAY)
    assert _levels() == {1: 1}


def test_leavers_and_people_yet_to_start_leave_the_denominator(ladder):
    StaffFactory.create()
    StaffFactory.create(is_active=False, leave_date=datetime.date(2026, 3, 31))
    StaffFactory.create(start_date=datetime.date(2026, 7, 1))
    StaffFactory.create(is_active=False)
    engagement_tallies_refresh(today=TODAY)
    assert _levels() == {0: 1}
    # In March the leaver was still on the roster.
    assert _levels(month=datetime.date(2026, 3, 1)) == {0: 2}


def test_a_new_act_rebuilds_from_its_month_and_the_counts_stay_exact(ladder):
    person = StaffFactory.create()
    assert engagement_tallies_refresh(today=TODAY) == 24
    assert engagement_tallies_refresh(today=TODAY) == 0
    engagement_record(person=person, kind="voted", subject="c:1", occurred_on=TODAY)
    assert engagement_tallies_refresh(today=TODAY) == 1
    engagement_record(person=person, kind="voted", subject="c:1", occurred_on=JUNE.replace(month=4))
    assert engagement_tallies_refresh(today=TODAY) == 3
    assert _levels() == {2: 1}
    history = engagement_history(position=2)
    assert history[-3:] == [
        (datetime.date(2026, 4, 1), 1, 0),
        (datetime.date(2026, 5, 1), 1, 0),
        (JUNE, 1, 1),
    ]


def test_editing_a_rule_or_the_roster_rebuilds_every_month(ladder):
    _aware, involved, _active = ladder
    person = StaffFactory.create()
    engagement_record(person=person, kind="voted", subject="c:1", occurred_on=TODAY)
    engagement_tallies_refresh(today=TODAY)
    involved.min_acts = 1
    involved.save()
    assert engagement_tallies_refresh(today=TODAY) == 24
    assert _levels() == {2: 1}
    moved = TeamFactory.create()
    person.team = moved
    person.save()
    assert engagement_tallies_refresh(today=TODAY) == 24
    assert [row.label for row in engagement_breakdown(month=JUNE, by="team")] == [moved.name]


def test_the_roll_up_counts_every_act_and_erasure_removes_it(ladder):
    person = StaffFactory.create()
    for _ in range(3):
        engagement_record(person=person, kind="voted", subject="c:1", occurred_on=TODAY)
    assert EngagementMonth.objects.get(person=person).acts == 3
    engagement_tallies_refresh(today=TODAY)
    engagement_records_erase(person=person)
    assert not EngagementMonth.objects.filter(person=person).exists()
    engagement_tallies_refresh(today=TODAY)
    assert _levels() == {0: 1}


def test_breakdowns_are_scoped_to_the_directorates_given(ladder):
    mine, theirs = TeamFactory.create(), TeamFactory.create()
    StaffFactory.create_batch(2, team=mine)
    StaffFactory.create(team=theirs)
    engagement_tallies_refresh(today=TODAY)
    rows = engagement_breakdown(
        month=JUNE, by="directorate", directorate_ids=[mine.service.directorate_id]
    )
    assert [(row.label, row.staff) for row in rows] == [(mine.service.directorate.name, 2)]


def test_each_rule_reads_in_plain_words(ladder):
    _aware, involved, active = ladder
    assert level_rule_text(involved) == (
        "Involved: 2 or more acts of taking part in the last 12 months."
    )
    assert level_rule_text(active) == (
        "Active: 4 or more acts of taking part in the last 6 months, of at least 2 different kinds."
    )


def test_months_before_crosses_years():
    assert months_before(datetime.date(2026, 2, 1), 3) == datetime.date(2025, 11, 1)
    assert months_before(datetime.date(2026, 12, 1), -1) == datetime.date(2027, 1, 1)


def test_this_months_acts_move_people_as_a_full_rebuild_would(ladder):
    teams = TeamFactory.create_batch(2)
    people = [StaffFactory.create(team=teams[number % 2]) for number in range(6)]
    engagement_record(person=people[0], kind="voted", subject="c:1", occurred_on=TODAY)
    engagement_tallies_refresh(today=TODAY)
    for person, kinds in zip(
        people,
        [["voted"], ["voted", "voted"], ["voted", "attended"] * 2, [], ["attended"], []],
        strict=True,
    ):
        for kind in kinds:
            engagement_record(person=person, kind=kind, subject="e:1", occurred_on=TODAY)
    StaffFactory.create(is_active=False, leave_date=datetime.date(2026, 1, 1))
    assert engagement_tallies_refresh(today=TODAY) == 24  # the roster changed
    engagement_record(person=people[5], kind="voted", subject="e:2", occurred_on=TODAY)
    engagement_record(person=people[3], kind="voted", subject="e:2", occurred_on=TODAY)
    engagement_record(person=people[3], kind="voted", subject="e:2", occurred_on=TODAY)
    assert engagement_tallies_refresh(today=TODAY) == 1
    moved = [(row.label, row.people) for row in engagement_breakdown(month=JUNE, by="team")]
    engagement_tallies_forget()
    engagement_tallies_refresh(today=TODAY)
    rebuilt = [(row.label, row.people) for row in engagement_breakdown(month=JUNE, by="team")]
    assert [(label, {k: v for k, v in counts.items() if v}) for label, counts in moved] == rebuilt
    assert _levels() == {1: 2, 2: 3, 3: 1}
