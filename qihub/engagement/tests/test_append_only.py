"""Engagement records are never edited: not through the model, not in the database."""

import pytest
from django.db import IntegrityError, transaction

from qihub.core.tests.factories import PersonFactory
from qihub.engagement.models import EngagementRecord
from qihub.engagement.services import engagement_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(register_kind) -> EngagementRecord:
    register_kind("attended", "Attended an event")
    return engagement_record(
        person=PersonFactory.create(), kind="attended", subject="event:1", subject_label="QI fair"
    )


def test_the_model_refuses_to_save_a_record_again(record):
    record.subject_label = "Something else"
    with pytest.raises(ValueError, match="Engagement records are never edited"):
        record.save()
    assert EngagementRecord.objects.get(pk=record.pk).subject_label == "QI fair"


def test_the_database_refuses_an_update_from_any_code(record):
    """A trigger (migration 0002): an UPDATE the model never sees, such as a queryset's."""
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        EngagementRecord.objects.filter(pk=record.pk).update(subject_label="Something else")
    assert EngagementRecord.objects.get(pk=record.pk).subject_label == "QI fair"
