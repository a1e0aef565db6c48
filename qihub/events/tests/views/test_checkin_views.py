"""The door, the walk-in and door-staff pages, the feedback form and the report: who may, who may
not, and that each works as a plain form without JavaScript."""

import pytest

from qihub.events.models import Registration
from qihub.events.models_checkin import DoorStaff, Feedback
from qihub.events.services.checkin import door_check_in
from qihub.events.services.feedback import feedback_token
from qihub.events.tests.checkin_helpers import attendee, door_user, event_today

pytestmark = pytest.mark.django_db
CAST = ["public_user", "staff_user", "leader_user"]


def _door_pages(event):
    return [f"/events/{event.slug}/door/", f"/events/{event.slug}/door/walk-in/"]


def _as(client, request, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    return client


def test_a_visitor_is_sent_to_sign_in_for_the_door_and_the_report(client):
    event = event_today()
    for url in [*_door_pages(event), f"/events/{event.slug}/report/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", CAST)
def test_people_not_on_the_door_are_refused_every_door_page(client, request, who):
    event = event_today()
    registration = attendee(event)
    door_user(event_today())  # door staff of another event do not make anyone door staff here
    client = _as(client, request, who)
    for url in [*_door_pages(event), f"/events/{event.slug}/door/staff/"]:
        assert client.get(url).status_code == 403
    response = client.post(f"/events/{event.slug}/door/ticket/", {"code": registration.ticket_code})
    assert response.status_code == 403
    response = client.post(f"/events/{event.slug}/door/registration/{registration.pk}/")
    assert response.status_code == 403
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_door_staff_of_another_event_are_refused(client):
    event = event_today()
    client.force_login(door_user(event_today()))
    assert client.get(f"/events/{event.slug}/door/").status_code == 403


def test_door_staff_check_in_by_name_search_without_javascript(client):
    event = event_today()
    registration = attendee(event, first_name="Priya", last_name="Sharma")
    attendee(event, first_name="Tom", last_name="Jones")
    client.force_login(door_user(event))
    page = client.get(f"/events/{event.slug}/door/", {"q": "priya sha"}).content.decode()
    assert "Priya Sharma" in page and "Tom Jones" not in page
    response = client.post(
        f"/events/{event.slug}/door/registration/{registration.pk}/", {"q": "priya"}, follow=True
    )
    assert "Priya Sharma is checked in." in response.content.decode()
    assert response.redirect_chain[0][0].endswith("/door/?q=priya")
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    page = client.get(f"/events/{event.slug}/door/", {"q": "priya"}).content.decode()
    assert "Checked in at" in page


def test_door_staff_cannot_choose_door_staff_or_read_the_report(client):
    event = event_today()
    client.force_login(door_user(event))
    assert client.get(f"/events/{event.slug}/door/staff/").status_code == 403
    assert client.get(f"/events/{event.slug}/report/").status_code == 403
    assert client.get(f"/events/{event.slug}/report.csv").status_code == 403


def test_a_typed_ticket_code_checks_in_once_and_the_second_time_says_when(client, qi_team_user):
    event = event_today()
    registration = attendee(event, first_name="Ada", last_name="Lovelace")
    client.force_login(qi_team_user)
    url = f"/events/{event.slug}/door/ticket/"
    first = client.post(url, {"code": registration.ticket_code.lower()}, follow=True)
    assert "Ada Lovelace is checked in." in first.content.decode()
    second = client.post(url, {"code": registration.ticket_code}, follow=True).content.decode()
    assert "Ada Lovelace was already checked in at" in second


def test_the_scanner_gets_json_answers(client, qi_team_user):
    event = event_today(capacity=5)
    registration = attendee(event)
    client.force_login(qi_team_user)
    url = f"/events/{event.slug}/door/ticket/"
    answer = client.post(
        url, {"code": registration.ticket_code}, HTTP_ACCEPT="application/json"
    ).json()
    assert answer["ok"] and answer["first"] and answer["checked_in"] == 1
    assert answer["places_left"] == 4
    refused = client.post(url, {"code": "FORGED"}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400
    assert "not for this event" in refused.json()["message"]


def test_a_walk_in_is_added_from_the_form(client, qi_team_user):
    event = event_today()
    client.force_login(door_user(event))
    url = f"/events/{event.slug}/door/walk-in/"
    refused = client.post(url, {"name": "Val", "email": "nope"})
    assert refused.status_code == 400 and "right form" in refused.content.decode()
    response = client.post(url, {"name": "Val Visitor", "email": "val@example.org"}, follow=True)
    assert "Val Visitor is checked in." in response.content.decode()
    assert Registration.objects.get().checked_in_at is not None


def test_the_qi_team_adds_and_removes_door_staff(client, qi_team_user, staff_user):
    event = event_today()
    client.force_login(qi_team_user)
    url = f"/events/{event.slug}/door/staff/"
    staff_user.person.first_name = "Sam"
    staff_user.person.save(update_fields=["first_name"])
    assert staff_user.person.full_name in client.get(url, {"q": "sam"}).content.decode()
    client.post(url, {"person": staff_user.person.pk})
    door = DoorStaff.objects.get(event=event)
    assert door.person == staff_user.person
    client.post(url, {"remove": door.pk})
    assert not DoorStaff.objects.exists()


@pytest.mark.parametrize("who", CAST)
def test_only_the_qi_team_reads_the_report(client, request, who, qi_team_user):
    event = event_today()
    client = _as(client, request, who)
    assert client.get(f"/events/{event.slug}/report/").status_code == 403
    assert client.get(f"/events/{event.slug}/report.csv").status_code == 403
    client.force_login(qi_team_user)
    assert client.get(f"/events/{event.slug}/report/").status_code == 200


def test_the_feedback_form_works_from_its_link_without_an_account(client, qi_team_user):
    event = event_today()
    registration = attendee(event)
    door_check_in(event=event, ticket_code=registration.ticket_code, user=qi_team_user)
    url = f"/events/feedback/{feedback_token(registration)}/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"rating": ""})
    assert refused.status_code == 400 and "Choose a rating" in refused.content.decode()
    thanks = client.post(url, {"rating": "5", "went_well": "Everything"})
    assert "Thank you for your feedback" in thanks.content.decode()
    assert Feedback.objects.get().rating == 5
    again = client.get(url).content.decode()
    assert "given your feedback on this event already" in again
    assert client.get("/events/feedback/forged/").status_code == 404
