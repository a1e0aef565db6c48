"""The back office: the QI team creates an event (its web address made from its title); nobody
else reaches it."""

import pytest
from django.contrib.auth.models import Group, Permission

from qihub.core.permissions import QI_TEAM_GROUP
from qihub.events.models import Event

pytestmark = pytest.mark.django_db
ADD = "/admin/snippets/events/event/add/"
FORM = {
    "title": "Roadshow: Older Adults",
    "slug": "",
    "description": "The QI team visits.",
    "audience": "staff",
    "status": "published",
    "place": "Rowan House",
    "online_url": "",
    "starts_at": "2030-03-01 12:30",
    "ends_at": "2030-03-01 14:00",
    "capacity": "40",
    "registration_opens_at": "2030-01-01 09:00",
    "registration_closes_at": "2030-03-01 12:00",
    "accessibility": "",
}


@pytest.fixture
def qi_team(qi_team_user):
    Group.objects.get(name=QI_TEAM_GROUP).permissions.add(
        *Permission.objects.filter(content_type__app_label="events")
    )
    return qi_team_user


def test_the_qi_team_creates_an_event(client, qi_team):
    client.force_login(qi_team)
    response = client.post(ADD, FORM)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get()
    assert event.slug == "roadshow-older-adults" and event.places_left == 40


def test_a_bad_event_is_refused_with_a_message(client, qi_team):
    client.force_login(qi_team)
    response = client.post(ADD, {**FORM, "place": "", "ends_at": "2030-03-01 11:00"})
    page = response.content.decode()
    assert response.status_code == 200 and not Event.objects.exists()
    assert "The event must end after it starts." in page
    assert "Say where the event is" in page


@pytest.mark.parametrize("who", [None, "public_user", "staff_user", "leader_user"])
def test_nobody_else_reaches_it(request, client, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(ADD)
    assert response.status_code in (302, 403)
    assert not Event.objects.exists()
