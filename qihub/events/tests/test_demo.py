"""The demo events: built as the issue describes them, through the services, and only once."""

from collections import Counter
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from qihub.core.extensions import demo_builders
from qihub.engagement.models import EngagementRecord
from qihub.events.demo import LAUNCH_SLUG, events_demo_build
from qihub.events.models import Event, EventEngagementKind, Registration, RegistrationStatus


@pytest.mark.django_db
def test_the_demo_builds_the_launch_and_the_roadshow_once():
    others = [build for build in demo_builders() if build is not events_demo_build]
    with mock.patch("qihub.core.demo.demo_builders", return_value=others):
        call_command("demo", verbosity=0)  # everything but the events
    assert not Event.objects.exists()
    assert events_demo_build().startswith("Events: 21 built this run")

    launch = Event.objects.get(slug=LAUNCH_SLUG)
    days_ago = (timezone.now() - launch.starts_at).days
    assert 290 <= days_ago <= 310
    registrations = launch.registrations
    confirmed = registrations.filter(status=RegistrationStatus.CONFIRMED)
    assert launch.capacity == launch.places_taken == confirmed.count() == 250
    assert registrations.filter(status=RegistrationStatus.WAITING).exists()
    assert registrations.filter(status=RegistrationStatus.CANCELLED).count() == 14
    # Those who took a cancelled place were given it after they registered.
    promoted = confirmed.filter(waiting_since__isnull=False)
    assert promoted.count() == promoted.filter(confirmed_at__gt=F("created_at")).count() == 14
    came = confirmed.filter(checked_in_at__isnull=False).count()
    assert 170 <= came <= 235, "check-ins and no-shows both"

    roadshows = Event.objects.filter(series__slug="improvement-roadshow")
    assert roadshows.count() == 20
    assert roadshows.filter(starts_at__gt=timezone.now()).exists(), "some still to come"
    for event in Event.objects.all():
        held = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
        assert event.places_taken == held <= event.capacity

    attended = EngagementRecord.objects.filter(kind_id=EventEngagementKind.ATTENDED)
    assert attended.count() == Registration.objects.filter(checked_in_at__isnull=False).count()
    launch_records = attended.filter(subject=f"event:{launch.pk}")
    assert set(launch_records.values_list("occurred_on", flat=True)) == {
        timezone.localdate(launch.starts_at)
    }
    by_directorate = Counter(
        attended.values_list("person__team__service__directorate__code", flat=True)
    )
    assert by_directorate["QUA"] > 4 * by_directorate["COR"], "some directorates come far more"

    counts = (Event.objects.count(), Registration.objects.count(), EngagementRecord.objects.count())
    assert events_demo_build().startswith("Events: 0 built this run")
    assert counts == (
        Event.objects.count(),
        Registration.objects.count(),
        EngagementRecord.objects.count(),
    )
