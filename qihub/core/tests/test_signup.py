"""Signing up, verifying the email, and being matched to the roster or registered as public."""

import re

import pytest
from django.core import mail

from qihub.core.models import Person, PersonKind, User
from qihub.core.tests.factories import StaffFactory


def _sign_up(client, email: str, kind: str):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "first_name": "Robin",
            "last_name": "Example",
            "kind": kind,
        },
    )


def _confirm_from_email(client) -> None:
    link = re.search(r"(/accounts/confirm-email/[^\s]+/)", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    client.post(link.group(1))


@pytest.mark.django_db
def test_member_of_the_public_signs_up_and_is_registered_with_their_kind(client):
    response = _sign_up(client, "robin@example.org", PersonKind.CARER)
    assert response.status_code == 302
    person = Person.objects.get(user__email="robin@example.org")
    assert person.kind == PersonKind.CARER
    assert person.full_name == "Robin Example"
    assert "Confirm" in mail.outbox[0].subject or "confirm" in mail.outbox[0].body


@pytest.mark.django_db
def test_staff_account_is_linked_to_the_roster_only_after_the_email_is_verified(client):
    staff = StaffFactory.create(email="robin.example@trust.example")
    _sign_up(client, "Robin.Example@trust.example", PersonKind.STAFF)
    staff.refresh_from_db()
    assert staff.user is None, "an unverified email must not claim a roster record"
    _confirm_from_email(client)
    staff.refresh_from_db()
    assert staff.user == User.objects.get(email__iexact="robin.example@trust.example")


@pytest.mark.django_db
def test_choosing_a_public_kind_with_a_roster_email_still_links_to_staff(client):
    staff = StaffFactory.create(email="kim@trust.example")
    _sign_up(client, "kim@trust.example", PersonKind.PATIENT)
    assert not Person.objects.filter(kind=PersonKind.PATIENT, email="kim@trust.example").exists()
    _confirm_from_email(client)
    staff.refresh_from_db()
    assert staff.user is not None


@pytest.mark.django_db
def test_sign_up_with_missing_names_changes_nothing(client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "x@example.org",
            "password1": "a-long-unusual-passphrase",
            "password2": "a-long-unusual-passphrase",
            "kind": "patient",
        },
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()
