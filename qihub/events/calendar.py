"""Events as iCalendar (RFC 5545): the attachment on a ticket's email and the feed of upcoming
events that calendar programs subscribe to."""

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from qihub.events.models import Event, EventStatus

PRODUCT_ID = "-//qihub//events//EN"


def event_absolute_url(event: Event) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse("events:detail", args=[event.slug])


def _vevent(event: Event) -> CalendarEvent:
    item = CalendarEvent()
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "qihub"
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", timezone.now())
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("summary", event.title)
    item.add("description", event.description)
    item.add("location", event.place or event.online_url)
    item.add("url", event_absolute_url(event))
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return item


def events_calendar(events: Iterable[Event], *, name: str) -> bytes:
    """The events as one iCalendar file."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(_vevent(event))
    return calendar.to_ical()
