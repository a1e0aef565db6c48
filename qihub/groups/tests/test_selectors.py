"""The representativeness grid and the public composition."""

import pytest

from qihub.core.models import PersonKind
from qihub.core.tests.factories import (
    DirectorateFactory,
    PersonFactory,
    StaffFactory,
    StaffLevelFactory,
    TeamFactory,
)
from qihub.groups.models import Dimension, MembershipStatus
from qihub.groups.selectors import composition_public, grid_for
from qihub.groups.tests.factories import (
    MembershipFactory,
    PublicGroupFactory,
    ReferenceGroupFactory,
    RuleFactory,
)

pytestmark = pytest.mark.django_db


def test_the_grid_counts_members_against_every_directorate_and_level():
    group = ReferenceGroupFactory.create()
    RuleFactory.create(group=group, dimension=Dimension.DIRECTORATE, minimum=1)
    RuleFactory.create(group=group, dimension=Dimension.STAFF_LEVEL, minimum=1)
    clinical = StaffLevelFactory.create(name="Front-line clinical", position=4)
    board = StaffLevelFactory.create(name="Board", position=1)
    covered, empty = TeamFactory.create(), TeamFactory.create()
    for _ in range(2):
        MembershipFactory.create(
            group=group, person=StaffFactory.create(team=covered, level=clinical)
        )
    # A former member, an applicant and an invitee are not members.
    MembershipFactory.create(
        group=group,
        person=StaffFactory.create(team=empty, level=board),
        status=MembershipStatus.INVITED,
        started_on=None,
    )
    best = StaffFactory.create(team=empty, level=board, last_name="Both")
    StaffFactory.create(team=empty, level=clinical, last_name="One")
    StaffFactory.create(team=empty, level=board, is_active=False)  # a leaver
    grid = grid_for(group=group)
    rows = {row.label: row for row in grid.rows}
    columns = {column.label: column for column in grid.columns}
    covered_name = covered.service.directorate.name
    empty_name = empty.service.directorate.name
    assert (rows[covered_name].count, rows[covered_name].gap) == (2, 0)
    assert (rows[empty_name].count, rows[empty_name].gap) == (0, 1)
    assert (columns["Board"].count, columns["Board"].gap) == (0, 1)
    assert (columns["Front-line clinical"].count, columns["Front-line clinical"].gap) == (2, 0)
    assert grid.members == 2 and grid.size_gap == 28
    # Who could fill the directorate's gap: the one who also fills the level's gap first; not
    # the invitee, not the leaver.
    assert [p.last_name for p in rows[empty_name].candidates] == ["Both", "One"]
    assert columns["Board"].candidates == [best]


def test_a_named_value_asks_more_than_every_value():
    group = ReferenceGroupFactory.create()
    strong = DirectorateFactory.create()
    RuleFactory.create(group=group, dimension=Dimension.DIRECTORATE, minimum=1)
    RuleFactory.create(group=group, dimension=Dimension.DIRECTORATE, directorate=strong, minimum=3)
    rows = {row.label: row for row in grid_for(group=group).rows}
    assert rows[strong.name].minimum == 3


def test_a_public_groups_grid_is_by_kind_of_person():
    group = PublicGroupFactory.create()
    RuleFactory.create(
        group=group, dimension=Dimension.PERSON_KIND, person_kind=PersonKind.GOVERNOR, minimum=3
    )
    MembershipFactory.create(group=group, person=PersonFactory.create(kind=PersonKind.GOVERNOR))
    waiting = PersonFactory.create(kind=PersonKind.GOVERNOR)
    StaffFactory.create()  # staff cannot fill a public group's gap
    grid = grid_for(group=group)
    governors = next(c for c in grid.columns if c.label == "Governor")
    assert (governors.count, governors.minimum, governors.gap) == (1, 3, 2)
    assert governors.candidates == [waiting]


def test_a_staff_groups_composition_is_shown_in_full():
    group = ReferenceGroupFactory.create()
    team = TeamFactory.create()
    MembershipFactory.create(group=group, person=StaffFactory.create(team=team))
    composition = composition_public(group=group)
    by_directorate = dict(composition.by_dimension)["Directorate"]
    assert [(c.label, c.shown) for c in by_directorate] == [(team.service.directorate.name, "1")]
