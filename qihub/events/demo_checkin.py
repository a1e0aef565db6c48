"""The feedback part of `qihub demo`: after the events' own demo has checked people in at past
events, about three in five of those who came give feedback, dated the day after the event.
Idempotent: an attendee with feedback already is left alone."""

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from qihub.events.models import Event, EventEngagementKind, EventStatus, Registration
from qihub.events.models_checkin import Feedback
from qihub.events.services.registration import _record

RATINGS = [5, 4, 4, 5, 3, 4, 5, 2, 4, 5]
WENT_WELL = [
    "Hearing from the ward teams who had tried it.",
    "The run chart exercise made SPC click for me.",
    "Meeting people from other directorates.",
    "",
]
COULD_BE_BETTER = [
    "",
    "More time for questions at the end.",
    "The room was too warm.",
    "Send the slides beforehand.",
    "",
]


def checkin_demo_build(*, progress: Callable[[str], None] | None = None) -> str:
    given = 0
    events = Event.objects.filter(status=EventStatus.PUBLISHED, ends_at__lt=timezone.now())
    with transaction.atomic():
        for event in events:
            attendees = (
                Registration.objects.filter(event=event, checked_in_at__isnull=False)
                .select_related("person")
                .order_by("pk")
            )
            on = timezone.localdate(event.ends_at) + datetime.timedelta(days=1)
            given_already = set(
                Feedback.objects.filter(registration__event=event).values_list(
                    "registration_id", flat=True
                )
            )
            for number, registration in enumerate(attendees):
                if number % 5 in (1, 3) or registration.pk in given_already:
                    continue
                Feedback.objects.create(
                    registration=registration,
                    rating=RATINGS[number % len(RATINGS)],
                    went_well=WENT_WELL[number % len(WENT_WELL)],
                    could_be_better=COULD_BE_BETTER[number % len(COULD_BE_BETTER)],
                )
                _record(registration, EventEngagementKind.GAVE_FEEDBACK, on=on)
                given += 1
    return f"Event feedback: {given} given"
