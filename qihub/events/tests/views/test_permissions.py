"""Every view: who may, who may not. Drafts, tickets and other people's registrations never
reach anyone not entitled."""

import pytest
from django.urls import reverse

from qihub.events.models import EventAudience, EventStatus, Registration, RegistrationStatus
from qihub.events.services import cancel_token, event_register
from qihub.events.tests.factories import event_make

pytestmark = pytest.mark.django_db
CAST = [None, "public_user", "staff_user", "leader_user", "qi_team_user"]


def _as(request, client, who):
    if who:
        client.force_login(request.getfixturevalue(who))
    return client


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["list", "past", "feed"])
def test_the_event_lists_and_feed_are_public(request, client, who, name):
    assert _as(request, client, who).get(reverse(f"events:{name}")).status_code == 200


@pytest.mark.parametrize("who", CAST)
@pytest.mark.parametrize("name", ["detail", "register"])
def test_a_published_event_is_public(request, client, who, name):
    event = event_make()
    assert (
        _as(request, client, who).get(reverse(f"events:{name}", args=[event.slug])).status_code
        == 200
    )


@pytest.mark.parametrize("who", [None, "public_user", "staff_user", "leader_user"])
@pytest.mark.parametrize("name", ["detail", "register"])
def test_a_draft_is_missing_to_all_but_the_qi_team(request, client, who, name):
    draft = event_make(status=EventStatus.DRAFT)
    response = _as(request, client, who).get(reverse(f"events:{name}", args=[draft.slug]))
    assert response.status_code == 404
    assert draft.title not in client.get(reverse("events:list")).content.decode()


def test_the_qi_team_sees_a_draft(client, qi_team_user):
    draft = event_make(status=EventStatus.DRAFT)
    client.force_login(qi_team_user)
    assert client.get(reverse("events:detail", args=[draft.slug])).status_code == 200
    assert draft.title in client.get(reverse("events:list")).content.decode()


def test_my_events_needs_signing_in(client):
    response = client.get(reverse("events:mine"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["public_user", "staff_user", "leader_user", "qi_team_user"])
def test_my_events_shows_only_ones_own(request, client, who, staff_user):
    event = event_make(title="Only for Sam")
    event_register(event=event, user=staff_user)
    page = _as(request, client, who).get(reverse("events:mine")).content.decode()
    assert ("Only for Sam" in page) == (who == "staff_user")


@pytest.mark.parametrize("who", [None, "public_user", "leader_user"])
def test_nobody_else_may_cancel_from_the_account_pages(request, client, who, staff_user):
    registration = event_register(event=event_make(), user=staff_user)
    url = reverse("events:my_cancel", args=[registration.pk])
    response = _as(request, client, who).post(url)
    assert response.status_code in ({302} if who is None else {404})
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_the_holder_cancels_from_their_account_without_javascript(client, staff_user):
    event = event_make(capacity=1)
    registration = event_register(event=event, user=staff_user)
    client.force_login(staff_user)
    url = reverse("events:my_cancel", args=[registration.pk])
    assert "Cancel my registration" in client.get(url).content.decode()
    assert client.post(url).status_code == 200
    registration.refresh_from_db()
    event.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED and event.places_left == 1


def test_the_email_cancel_link_asks_then_cancels(client, staff_user):
    registration = event_register(event=event_make(), user=staff_user)
    url = reverse("events:cancel", args=[cancel_token(registration)])
    assert client.get(url).status_code == 200
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a GET changes nothing
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


@pytest.mark.parametrize("token", ["1:forged", "nonsense"])
def test_forged_links_are_refused_with_a_message(client, token):
    for name in ("cancel", "confirm"):
        response = client.get(reverse(f"events:{name}", args=[token]))
        assert response.status_code == 400 and "not valid" in response.content.decode()


def test_a_ticket_is_shown_to_whoever_has_its_code_and_a_forged_one_is_not_found(
    client, staff_user
):
    registration = event_register(event=event_make(), user=staff_user)
    page = client.get(reverse("events:ticket", args=[registration.ticket_code]))
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and registration.ticket_code in page.content.decode()
    assert (
        client.get(reverse("events:ticket", args=["ABCDEFGHJKLMNPQRSTUVWXYZ"])).status_code == 404
    )


def test_registration_without_javascript_for_an_account_holder(client, staff_user):
    event = event_make(capacity=1)
    client.force_login(staff_user)
    response = client.post(reverse("events:register", args=[event.slug]), {"waiting_list": "False"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "You have a place" in page and "Show your ticket" in page


def test_a_full_event_offers_the_waiting_list(client, staff_user, public_user):
    event = event_make(capacity=1)
    event_register(event=event, user=staff_user)
    client.force_login(public_user)
    url = reverse("events:register", args=[event.slug])
    assert "Join the waiting list" in client.get(url).content.decode()
    client.post(url, {"waiting_list": "True"})
    assert Registration.objects.get(person=public_user.person).status == RegistrationStatus.WAITING


def test_a_visitor_registers_by_name_and_email_and_bad_input_is_named(client):
    event = event_make()
    url = reverse("events:register", args=[event.slug])
    bad = client.post(url, {"name": "Vi", "email": "not an address", "waiting_list": "False"})
    assert bad.status_code == 400 and "Enter your email address" in bad.content.decode()
    assert not Registration.objects.exists()
    good = client.post(url, {"name": "Vi", "email": "vi@example.org", "waiting_list": "False"})
    assert "Check your email" in good.content.decode()
    assert Registration.objects.get().status == RegistrationStatus.PENDING


def test_a_staff_event_asks_a_visitor_to_sign_in(client):
    event = event_make(audience=EventAudience.STAFF)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "sign in to register" in page
    response = client.post(
        reverse("events:register", args=[event.slug]),
        {"name": "Vi", "email": "vi@example.org", "waiting_list": "False"},
    )
    assert response.status_code == 400 and not Registration.objects.exists()
