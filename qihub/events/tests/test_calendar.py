import pytest
from django.urls import reverse
from icalendar import Calendar

from qihub.events.models import EventStatus
from qihub.events.tests.factories import event_make

pytestmark = pytest.mark.django_db


def test_the_feed_is_valid_icalendar_with_the_upcoming_events_only(client):
    upcoming = event_make(title="Roadshow: surgery")
    cancelled = event_make(title="Called off", status=EventStatus.CANCELLED)
    event_make(title="A draft", status=EventStatus.DRAFT)
    response = client.get(reverse("events:feed"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    items = {str(item["summary"]): item for item in calendar.walk("VEVENT")}
    assert set(items) == {upcoming.title, cancelled.title}
    assert str(items["Called off"]["status"]) == "CANCELLED"
    assert str(items[upcoming.title]["url"]).endswith(f"/events/{upcoming.slug}/")
    assert str(items[upcoming.title]["location"]) == upcoming.place
