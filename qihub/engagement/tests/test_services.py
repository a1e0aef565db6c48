"""The ledger's one writer, the kinds apps register, and what the database refuses."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from wagtail import hooks

from qihub.core.extensions import ENGAGEMENT_KINDS
from qihub.core.tests.factories import PersonFactory
from qihub.engagement.models import EngagementKind, EngagementRecord
from qihub.engagement.selectors import engagement_records_for
from qihub.engagement.services import engagement_kinds_sync, engagement_record

pytestmark = pytest.mark.django_db


def test_a_record_says_who_took_part_how_in_what_and_on_which_day(register_kind):
    register_kind("attended", "Attended an event")
    person = PersonFactory.create()
    record = engagement_record(
        person=person, kind="attended", subject="event:3", subject_label="QI fair"
    )
    assert (record.kind.label, record.subject, record.subject_label) == (
        "Attended an event",
        "event:3",
        "QI fair",
    )
    assert record.occurred_on == datetime.date.today()
    assert list(engagement_records_for(person=person)) == [record]


def test_a_kind_no_app_registered_is_refused_by_name_and_nothing_is_written():
    with pytest.raises(ValueError, match="'juggled' is not a registered kind of engagement"):
        engagement_record(person=PersonFactory.create(), kind="juggled", subject="circus:1")
    assert not EngagementRecord.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_database_refuses_a_kind_no_app_registered_too():
    """Even from code that skips the service: the kind is a foreign key to the registered
    kinds (checked when the transaction commits)."""
    person = PersonFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        EngagementRecord.objects.create(
            person=person, kind_id="juggled", subject="circus:1", occurred_on=datetime.date.today()
        )
    assert not EngagementRecord.objects.exists()


def test_registered_kinds_reach_the_database_after_migrate_and_labels_follow_the_app():
    with hooks.register_temporarily(ENGAGEMENT_KINDS, lambda: [("trained", "Completed training")]):
        engagement_kinds_sync()
    assert EngagementKind.objects.get(code="trained").label == "Completed training"
    with hooks.register_temporarily(ENGAGEMENT_KINDS, lambda: [("trained", "Trained")]):
        engagement_kinds_sync()
    assert EngagementKind.objects.get(code="trained").label == "Trained"


def test_a_kind_no_longer_registered_stays_so_its_records_stay_valid():
    with hooks.register_temporarily(ENGAGEMENT_KINDS, lambda: [("trained", "Trained")]):
        engagement_kinds_sync()
        record = engagement_record(
            person=PersonFactory.create(), kind="trained", subject="course:1"
        )
    engagement_kinds_sync()
    assert EngagementKind.objects.filter(code="trained").exists()
    assert EngagementRecord.objects.get(pk=record.pk).kind_id == "trained"


@pytest.mark.parametrize("code", ["Voted", "took-part", "a" * 21, ""])
def test_a_kind_with_a_bad_code_stops_the_sync_with_a_message_naming_it(code):
    with (
        hooks.register_temporarily(ENGAGEMENT_KINDS, lambda: [(code, "Took part")]),
        pytest.raises(ValueError, match=f"The engagement kind {code!r}"),
    ):
        engagement_kinds_sync()
    assert not EngagementKind.objects.filter(code=code).exists()


def test_two_apps_may_not_register_one_kind_with_different_labels():
    with (
        hooks.register_temporarily(
            [
                (ENGAGEMENT_KINDS, lambda: [("joined_group", "Joined a group")]),
                (ENGAGEMENT_KINDS, lambda: [("joined_group", "Joined a reference group")]),
            ]
        ),
        pytest.raises(ValueError, match="Two apps register the engagement kind 'joined_group'"),
    ):
        engagement_record(person=PersonFactory.create(), kind="joined_group", subject="group:1")
