"""Events ready for tests: published, with registration open, starting relative to now."""

import datetime
import itertools
from typing import Any

from django.utils import timezone

from qihub.events.models import Event, EventAudience, EventStatus

_numbers = itertools.count(1)


def event_make(
    *,
    capacity: int = 10,
    starts: datetime.timedelta = datetime.timedelta(days=7),
    opens: datetime.timedelta = -datetime.timedelta(days=1),
    closes: datetime.timedelta | None = None,
    status: str = EventStatus.PUBLISHED,
    audience: str = EventAudience.BOTH,
    **fields: Any,
) -> Event:
    """An event `starts` from now lasting two hours, whose registration opened `opens` from now
    and closes `closes` from now (by default when the event starts)."""
    now = timezone.now()
    number = next(_numbers)
    starts_at = now + starts
    fields.setdefault("title", f"Improvement workshop {number}")
    fields.setdefault("slug", f"improvement-workshop-{number}")
    fields.setdefault("description", "Learn the Model for Improvement with colleagues.")
    fields.setdefault("place", "Education Centre, Room 2")
    return Event.objects.create(
        capacity=capacity,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        registration_opens_at=now + opens,
        registration_closes_at=now + closes if closes is not None else starts_at,
        status=status,
        audience=audience,
        **fields,
    )
