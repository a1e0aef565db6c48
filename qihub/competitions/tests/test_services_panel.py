"""The shortlisting panel: a mixed membership, conflicts, blind scores, ranking, shortlist."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from qihub.competitions.builders import team_join
from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Eligibility, Entry, EntryStatus, PanelMember, Phase, Score
from qihub.competitions.selectors import panel_mix_problems, panel_ranking, scores_visible
from qihub.competitions.services import (
    competition_close_entries,
    competition_start_shortlisting,
    conflict_declare,
    entry_accept,
    entry_reject,
    entry_submit,
    score_submit,
    scoring_close,
    shortlist_confirm,
)
from qihub.competitions.tests.conftest import score_all
from qihub.competitions.tests.factories import CompetitionFactory, PanelMemberFactory, upload
from qihub.core.models import PersonKind, User
from qihub.core.tests.factories import PersonFactory, StaffFactory, StaffLevelFactory
from qihub.core.tests.worker import run_worker


def _values(competition, clarity: int, originality: int) -> dict[int, int]:
    criteria = {c.name: c.pk for c in competition.criteria.all()}
    return {criteria["Clarity"]: clarity, criteria["Originality"]: originality}


def _entries(competition) -> list:
    return list(competition.entries.order_by("number"))


def _chair_user(panel) -> User:
    person = panel["chair"].person
    person.user = User.objects.create_user(email="chair@trust.example")
    person.save(update_fields=["user"])
    return person.user


# The mix rule


def test_an_empty_panel_is_told_every_group_it_lacks(open_competition):
    competition_close_entries(competition=open_competition)
    with pytest.raises(CompetitionError) as error:
        competition_start_shortlisting(competition=open_competition)
    assert error.value.code == "panel_not_mixed"
    assert error.value.message == (
        "The panel must be mixed: it needs at least 1 patient or carer (it has 0); "
        "at least 1 member of staff (it has 0); at least 1 senior leader (it has 0)."
    )
    open_competition.refresh_from_db()
    assert open_competition.phase == Phase.ENTRIES_CLOSED


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("patient", "at least 1 patient or carer (it has 0)"),
        ("staff", "at least 1 member of staff (it has 0)"),
        ("chair", "at least 1 senior leader (it has 0)"),
    ],
)
def test_each_missing_group_is_named(competition, panel, missing, named):
    panel[missing].delete()
    assert panel_mix_problems(competition=competition) == [named]


def test_who_counts_in_which_group(competition):
    senior = StaffLevelFactory.create(name="Senior leader", position=2, is_senior_leader=True)
    for person in (
        PersonFactory.create(kind=PersonKind.GOVERNOR),  # not a patient or carer
        StaffFactory.create(level=senior, is_active=False),  # a leaver counts as nothing
        PersonFactory.create(kind=PersonKind.CARER),
        StaffFactory.create(level=senior),  # a senior leader is not also "staff"
    ):
        PanelMemberFactory.create(competition=competition, person=person)
    assert panel_mix_problems(competition=competition) == ["at least 1 member of staff (it has 0)"]


def test_the_rule_is_configurable(competition, panel):
    competition.panel_min_patients_or_carers = 2
    competition.panel_min_senior_leaders = 0
    panel["chair"].delete()
    assert panel_mix_problems(competition=competition) == [
        "at least 2 patients or carers (it has 1)"
    ]


# Conflicts and scoring


def test_a_declared_conflict_removes_scores_and_blocks_scoring(shortlisting, panel):
    member, entry = panel["staff"], _entries(shortlisting)[0]
    score_submit(member=member, entry=entry, values=_values(shortlisting, 4, 4))
    conflict_declare(member=member, entry=entry, reason="My sister made it.")
    assert not Score.objects.filter(panel_member=member, entry=entry).exists()
    with pytest.raises(CompetitionError) as error:
        score_submit(member=member, entry=entry, values=_values(shortlisting, 4, 4))
    assert error.value.code == "conflicted"
    log = ModelLogEntry.objects.get(action="qihub.competitions.panel.declare_conflict")
    assert log.data == {"entry": entry.number}


def test_no_one_scores_their_own_or_their_teams_entry(open_competition, panel):
    chair, staff = panel["chair"], panel["staff"]
    open_competition.who_may_enter = Eligibility.STAFF_AND_PUBLIC  # the patient can be on a team
    open_competition.save()
    own = entry_submit(
        competition=open_competition,
        person=chair.person,
        title="The chair's own",
        description="x",
        images=[upload()],
    )
    teammate = StaffFactory.create(team=staff.person.team)
    team_entry = entry_submit(
        competition=open_competition,
        person=teammate,
        title="From my team",
        description="x",
        images=[upload()],
    )
    in_the_team = entry_submit(
        competition=open_competition,
        person=StaffFactory.create(),
        title="With a panel member in the team",
        description="x",
        images=[upload()],
    )
    team_join(entry=in_the_team, people=[panel["patient"].person])
    for entry in (own, team_entry, in_the_team):
        entry_accept(entry=entry, actor=None)
    competition_close_entries(competition=open_competition)
    competition_start_shortlisting(competition=open_competition)
    values = _values(open_competition, 3, 3)
    for member, entry in ((chair, own), (staff, team_entry), (panel["patient"], in_the_team)):
        with pytest.raises(CompetitionError) as error:
            score_submit(member=member, entry=entry, values=values)
        assert error.value.code == "conflicted"
    score_submit(member=staff, entry=own, values=values)
    assert Score.objects.count() == 2


def test_a_conflict_must_be_with_an_entry_in_the_same_competition(shortlisting, panel):
    other = CompetitionFactory.create()
    elsewhere = Entry.objects.create(
        competition=other,
        number=1,
        title="Elsewhere",
        description="x",
        submitted_by=StaffFactory.create(),
    )
    with pytest.raises(CompetitionError) as error:
        conflict_declare(member=panel["staff"], entry=elsewhere)
    assert error.value.code == "wrong_competition"
    with pytest.raises(CompetitionError) as error:
        score_submit(member=panel["staff"], entry=elsewhere, values=_values(shortlisting, 3, 3))
    assert error.value.code == "not_scorable"


@pytest.mark.parametrize(
    ("given", "code", "message"),
    [
        ({"Clarity": 0, "Originality": 3}, "out_of_range", "Clarity: give a score from 1 to 5."),
        (
            {"Clarity": 3, "Originality": 6},
            "out_of_range",
            "Originality: give a score from 1 to 5.",
        ),
        ({"Clarity": 3}, "incomplete", "Score every criterion: Originality."),
        ({}, "incomplete", "Score every criterion: Clarity, Originality."),
    ],
)
def test_scores_must_be_complete_and_in_range(shortlisting, panel, given, code, message):
    criteria = {c.name: c.pk for c in shortlisting.criteria.all()}
    values = {criteria[name]: value for name, value in given.items()}
    with pytest.raises(CompetitionError) as error:
        score_submit(member=panel["staff"], entry=_entries(shortlisting)[0], values=values)
    assert (error.value.code, error.value.message) == (code, message)
    assert not Score.objects.exists()


def test_only_accepted_entries_are_scored_and_a_second_score_replaces_the_first(
    open_competition, panel, entrants
):
    entries = [
        entry_submit(
            competition=open_competition,
            person=person,
            title=f"Design {person.pk}",
            description="x",
            images=[upload()],
        )
        for person in entrants[:2]
    ]
    entry_accept(entry=entries[0], actor=None)
    entry_reject(entry=entries[1], actor=None, reason="Off brief.")
    competition_close_entries(competition=open_competition)
    competition_start_shortlisting(competition=open_competition)
    member = panel["staff"]
    with pytest.raises(CompetitionError) as error:
        score_submit(member=member, entry=entries[1], values=_values(open_competition, 3, 3))
    assert error.value.code == "not_scorable"
    score_submit(member=member, entry=entries[0], values=_values(open_competition, 2, 2))
    score_submit(member=member, entry=entries[0], values=_values(open_competition, 5, 4))
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 5]
    assert ModelLogEntry.objects.filter(action="qihub.competitions.panel.score").count() == 2


def test_scoring_needs_the_shortlisting_phase(open_competition, panel):
    entry = entry_submit(
        competition=open_competition,
        person=StaffFactory.create(),
        title="Early",
        description="x",
        images=[upload()],
    )
    entry_accept(entry=entry, actor=None)
    with pytest.raises(CompetitionError) as error:
        score_submit(member=panel["staff"], entry=entry, values=_values(open_competition, 3, 3))
    assert error.value.code == "scoring_closed"


# Scores stay private until the panel is done


def test_scores_are_hidden_until_every_member_has_scored_every_entry_they_may(shortlisting, panel):
    entries = _entries(shortlisting)
    conflict_declare(member=panel["patient"], entry=entries[0])
    for member in panel.values():
        for entry in entries:
            if member is panel["patient"] and entry == entries[0]:
                continue  # not due: a declared conflict
            assert not scores_visible(competition=shortlisting)
            score_submit(member=member, entry=entry, values=_values(shortlisting, 3, 3))
    assert scores_visible(competition=shortlisting)


def test_the_chair_or_qi_team_may_close_scoring_early_others_may_not(shortlisting, panel):
    staff_user = User.objects.create_user(email="panel.staff@trust.example")
    panel["staff"].person.user = staff_user
    panel["staff"].person.save(update_fields=["user"])
    with pytest.raises(CompetitionError) as error:
        scoring_close(competition=shortlisting, actor=staff_user)
    assert error.value.code == "not_chair"
    assert not scores_visible(competition=shortlisting)
    chair = _chair_user(panel)
    scoring_close(competition=shortlisting, actor=chair)
    assert scores_visible(competition=shortlisting)
    log = ModelLogEntry.objects.get(action="qihub.competitions.competition.close_scoring")
    assert log.user_id == chair.pk
    with pytest.raises(CompetitionError) as error:
        score_submit(
            member=panel["staff"],
            entry=_entries(shortlisting)[0],
            values=_values(shortlisting, 3, 3),
        )
    assert error.value.code == "scoring_closed"
    with pytest.raises(CompetitionError):
        conflict_declare(member=panel["staff"], entry=_entries(shortlisting)[0])


# The ranking


def test_the_ranking_weights_criteria_and_shows_the_spread(shortlisting, panel):
    first, second, third, fourth = _entries(shortlisting)
    scores = {  # (clarity ×2, originality ×1) per member
        "chair": {first: (5, 2), second: (3, 3), third: (1, 5), fourth: (2, 2)},
        "staff": {first: (4, 4), second: (3, 3), third: (2, 5), fourth: (2, 2)},
        "patient": {first: (3, 3), second: (3, 3), third: (2, 2), fourth: (2, 2)},
    }
    for role, given in scores.items():
        for entry, (clarity, originality) in given.items():
            score_submit(
                member=panel[role], entry=entry, values=_values(shortlisting, clarity, originality)
            )
    ranking = panel_ranking(competition=shortlisting)
    assert [row.entry for row in ranking] == [first, second, third, fourth]
    top = ranking[0]
    # Weighted means per member: (5·2 + 2)/3 = 4, (4·2 + 4)/3 = 4, (3·2 + 3)/3 = 3.
    assert top.score == pytest.approx(11 / 3)
    assert (top.lowest, top.highest, top.scorers) == (3, 4, 3)
    assert top.spread == pytest.approx((2 / 9) ** 0.5)  # population sd of 4, 4, 3
    third_row = ranking[2]
    # (1·2 + 5)/3, (2·2 + 5)/3, (2·2 + 2)/3: originality counts half as much as clarity.
    assert third_row.score == pytest.approx((7 / 3 + 3 + 2) / 3)
    assert ranking[1].spread == 0


def test_an_unscored_entry_ranks_last_with_no_score(shortlisting, panel, qi_team_user):
    scoring_close(competition=shortlisting, actor=qi_team_user)
    ranking = panel_ranking(competition=shortlisting)
    assert all(row.score is None and row.scorers == 0 for row in ranking)
    assert [row.entry.number for row in ranking] == [1, 2, 3, 4]


# The shortlist


def test_the_shortlist_waits_for_the_scores(shortlisting, panel, qi_team_user):
    with pytest.raises(CompetitionError) as error:
        shortlist_confirm(
            competition=shortlisting,
            entry_ids=[e.pk for e in _entries(shortlisting)[:2]],
            actor=qi_team_user,
        )
    assert error.value.code == "scoring_incomplete"


@pytest.mark.parametrize("choice", ["one", "three", "duplicate", "rejected", "other competition"])
def test_the_shortlist_has_exactly_its_size_of_accepted_entries(
    shortlisting, panel, choice, qi_team_user
):
    score_all(shortlisting)
    entries = _entries(shortlisting)
    chosen = {
        "one": [entries[0].pk],
        "three": [e.pk for e in entries[:3]],
        "duplicate": [entries[0].pk, entries[0].pk],
        "rejected": [entries[0].pk, 999_999],
        "other competition": [entries[0].pk, entries[1].pk + 1_000],
    }[choice]
    with pytest.raises(CompetitionError) as error:
        shortlist_confirm(competition=shortlisting, entry_ids=chosen, actor=qi_team_user)
    assert error.value.code == "shortlist_size"
    assert error.value.message == "Choose exactly 2 accepted entries for the shortlist."
    assert not shortlisting.entries.filter(shortlisted=True).exists()


def test_the_shortlist_is_no_bigger_than_the_accepted_entries(shortlisting, panel, qi_team_user):
    shortlisting.shortlist_size = 10
    shortlisting.save()
    score_all(shortlisting)
    every = [e.pk for e in _entries(shortlisting)]
    chosen = shortlist_confirm(competition=shortlisting, entry_ids=every, actor=qi_team_user)
    assert len(chosen) == 4


def test_confirming_the_shortlist_locks_scores_and_emails_the_shortlisted(
    shortlisting, panel, django_capture_on_commit_callbacks
):
    score_all(shortlisting)
    entries = _entries(shortlisting)
    member_user = User.objects.create_user(email="not.chair@trust.example")
    with pytest.raises(CompetitionError) as error:
        shortlist_confirm(competition=shortlisting, entry_ids=[entries[0].pk], actor=member_user)
    assert error.value.code == "not_chair"
    chair = _chair_user(panel)
    with django_capture_on_commit_callbacks(execute=True):
        shortlist_confirm(
            competition=shortlisting,
            entry_ids=[entries[2].pk, entries[0].pk],
            actor=chair,
        )
    shortlisting.refresh_from_db()
    assert (shortlisting.shortlist_confirmed, shortlisting.scoring_closed) == (True, True)
    assert set(shortlisting.entries.filter(shortlisted=True)) == {entries[0], entries[2]}
    log = ModelLogEntry.objects.get(action="qihub.competitions.competition.confirm_shortlist")
    assert (log.data, log.user_id) == ({"entries": [1, 3]}, chair.pk)
    with pytest.raises(CompetitionError) as error:
        shortlist_confirm(
            competition=shortlisting, entry_ids=[entries[1].pk, entries[3].pk], actor=chair
        )
    assert error.value.code == "shortlist_locked"
    with pytest.raises(CompetitionError) as error:
        score_submit(member=panel["staff"], entry=entries[1], values=_values(shortlisting, 5, 5))
    assert error.value.code == "scoring_closed"
    run_worker()
    shortlisted_emails = {entry.submitted_by.email for entry in (entries[0], entries[2])}
    assert {message.to[0] for message in mail.outbox} == shortlisted_emails
    assert all(m.subject.startswith("Your entry has been shortlisted") for m in mail.outbox)


def test_entries_with_no_accepted_ones_cannot_go_to_the_panel(open_competition, panel):
    entry = entry_submit(
        competition=open_competition,
        person=StaffFactory.create(),
        title="Alone",
        description="x",
        images=[upload()],
    )
    competition_close_entries(competition=open_competition)
    with pytest.raises(CompetitionError) as error:
        competition_start_shortlisting(competition=open_competition)
    assert error.value.code == "unmoderated"
    entry_reject(entry=entry, actor=None, reason="Off brief.")
    with pytest.raises(CompetitionError) as error:
        competition_start_shortlisting(competition=open_competition)
    assert error.value.code == "no_entries"
    assert entry.status == EntryStatus.REJECTED
    assert PanelMember.objects.filter(competition=open_competition).count() == 3
