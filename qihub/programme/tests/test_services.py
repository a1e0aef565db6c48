"""Publishing the mission and vision keeps every version; exactly one stage is current."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from qihub.programme.errors import ProgrammeError
from qihub.programme.models import Stage, Statement, StatementVersion
from qihub.programme.selectors import statement_draft_text, statements_published
from qihub.programme.services import stage_delete_refusal, stage_save, statement_publish

pytestmark = pytest.mark.django_db


def test_each_publication_is_kept_as_a_version(mission, qi_team_user):
    statement_publish(kind="mission", text="Kinder care, for everyone.", actor=qi_team_user)
    history = statements_published()["mission"]
    assert [v.text for v in history.versions] == [
        "Kinder care, for everyone.",
        "The best care, for everyone.",
        "Better care, every day.",
    ]
    assert history.current is not None
    assert history.current.published_by == qi_team_user
    assert ModelLogEntry.objects.filter(action="qihub.programme.statement.publish").count() == 3


def test_publishing_the_same_text_again_adds_no_version(mission):
    statement_publish(kind="mission", text="  The best care, for everyone. ", actor=None)
    assert StatementVersion.objects.count() == 2


def test_a_draft_is_not_public(mission):
    statement = Statement.objects.get(kind="mission")
    statement.text = "A secret draft."
    statement.save_revision()
    assert statement_draft_text(kind="mission") == "A secret draft."
    history = statements_published()["mission"]
    assert history.current is not None
    assert history.current.text == "The best care, for everyone."
    assert "A secret draft." not in [v.text for v in history.versions]


def test_an_unpublished_statement_shows_nothing(mission):
    Statement.objects.get(kind="mission").unpublish()
    assert statements_published()["mission"].versions == []


def test_empty_or_unknown_statements_are_refused(db):
    with pytest.raises(ProgrammeError) as empty:
        statement_publish(kind="mission", text="   ", actor=None)
    assert empty.value.code == "invalid_statement"
    with pytest.raises(ProgrammeError) as unknown:
        statement_publish(kind="values", text="Kind", actor=None)
    assert unknown.value.code == "unknown_statement"
    with pytest.raises(ProgrammeError, match="at most 2000"):
        statement_publish(kind="vision", text="x" * 2001, actor=None)
    assert not StatementVersion.objects.exists()


def test_the_first_stage_is_current_and_marking_another_moves_the_mark(stages):
    assert [s.name for s in Stage.objects.filter(is_current=True)] == ["Direction"]
    stages[1].is_current = True
    stage_save(stage=stages[1], actor=None)
    assert [s.name for s in Stage.objects.filter(is_current=True)] == ["Building will"]


def test_the_current_stage_keeps_its_mark_until_another_takes_it(stages):
    stages[0].is_current = False
    with pytest.raises(ProgrammeError) as refused:
        stage_save(stage=stages[0], actor=None)
    assert refused.value.code == "current_stage_needed"
    assert Stage.objects.get(is_current=True).name == "Direction"


def test_the_database_refuses_two_current_stages(stages):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.filter(pk=stages[2].pk).update(is_current=True)


def test_the_database_refuses_a_stage_ending_before_it_starts(stages):
    with pytest.raises(IntegrityError), transaction.atomic():
        Stage.objects.filter(pk=stages[2].pk).update(
            started_on=datetime.date(2026, 5, 1), ended_on=datetime.date(2026, 4, 1)
        )


def test_the_current_stage_cannot_be_deleted_while_others_remain(stages):
    assert "current stage" in (stage_delete_refusal(stage=stages[0]) or "")
    assert stage_delete_refusal(stage=stages[1]) is None
