"""The mission and vision as a draft to consult on: one part a paragraph, so that comments are
on a paragraph; adopting the paragraphs publishes each statement's next version."""

import pytest

from qihub.core.extensions import DraftPart, consultable_drafts
from qihub.programme.errors import ProgrammeError
from qihub.programme.models import Statement, StatementVersion
from qihub.programme.selectors import statements_published
from qihub.programme.services import statement_publish

pytestmark = pytest.mark.django_db


def _draft():
    return consultable_drafts()["programme.mission"]


@pytest.fixture
def drafted(mission):
    """A published mission and vision, and a two-paragraph draft of the mission not published."""
    statement_publish(kind="vision", text="The best services in England.", actor=None)
    statement = Statement.objects.get(kind="mission")
    statement.text = "Safe care for everyone.\n\nImproved by all of us, every day."
    statement.save_revision()
    return statement


def test_each_paragraph_of_the_drafted_mission_and_of_the_vision_is_a_part(drafted):
    assert _draft().parts() == [
        DraftPart(
            key="mission:1", title="Our mission, paragraph 1", text="Safe care for everyone."
        ),
        DraftPart(
            key="mission:2",
            title="Our mission, paragraph 2",
            text="Improved by all of us, every day.",
        ),
        DraftPart(key="vision:1", title="Our vision", text="The best services in England."),
    ]


def test_adopting_the_paragraphs_publishes_each_statements_next_version(drafted, qi_team_user):
    _draft().adopt(
        parts=[
            DraftPart(key="mission:1", title="", text="Safe, kind care for everyone."),
            # A paragraph the QI team split in two, and the vision left as consulted.
            DraftPart(key="mission:2", title="", text="Improved by us all.\n\nEvery day."),
            DraftPart(key="vision:1", title="", text="The best services in England."),
        ],
        actor=qi_team_user,
    )
    history = statements_published()
    mission = history["mission"].current
    assert mission is not None
    assert mission.paragraphs == [
        "Safe, kind care for everyone.",
        "Improved by us all.",
        "Every day.",
    ]
    assert mission.published_by == qi_team_user
    assert len(history["mission"].versions) == 3
    # The vision's text did not change, so it has no new version.
    assert len(history["vision"].versions) == 1


def test_a_paragraph_left_empty_is_dropped_and_a_statement_with_none_stays(drafted, qi_team_user):
    _draft().adopt(
        parts=[
            DraftPart(key="mission:1", title="", text="Safe care for everyone."),
            DraftPart(key="mission:2", title="", text="   "),
        ],
        actor=qi_team_user,
    )
    assert StatementVersion.objects.earliest("-published_at", "-pk").text == (
        "Safe care for everyone."
    )
    vision = statements_published()["vision"].current
    assert vision is not None and vision.text == "The best services in England."


def test_a_consultation_from_before_paragraphs_adopts_the_whole_statement(mission, qi_team_user):
    _draft().adopt(
        parts=[DraftPart(key="mission", title="Our mission", text="The mission we adopted.")],
        actor=qi_team_user,
    )
    mission = statements_published()["mission"].current
    assert mission is not None and mission.text == "The mission we adopted."


@pytest.mark.parametrize(
    "parts",
    [
        [DraftPart(key="values:1", title="Our values", text="Kind.")],
        [DraftPart(key="mission:one", title="", text="Adopted.")],
        [
            DraftPart(key="mission:1", title="", text="A."),
            DraftPart(key="mission:1", title="", text="B."),
        ],
    ],
)
def test_an_adoption_naming_parts_the_draft_lacks_or_twice_changes_nothing(
    mission, qi_team_user, parts
):
    with pytest.raises(ProgrammeError):
        _draft().adopt(
            parts=[DraftPart(key="mission:1", title="", text="Adopted."), *parts],
            actor=qi_team_user,
        )
    assert StatementVersion.objects.count() == 2
