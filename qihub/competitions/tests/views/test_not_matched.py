"""A staff member who signed up with an address that is not on the roster is told plainly what is
wrong and what to do, instead of being asked to sign in again."""

import pytest
from allauth.account.models import EmailAddress

from qihub.conftest import PASSWORD
from qihub.core.models import User

EXPLAINED = "Your account is not linked to the staff roster yet"


@pytest.fixture
def unmatched_user(db) -> User:
    user = User.objects.create_user(email="sam.personal@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_the_competition_page_explains_instead_of_asking_to_sign_in(client, voting, unmatched_user):
    client.force_login(unmatched_user)
    page = client.get(f"/competitions/{voting.slug}/").content.decode()
    assert EXPLAINED in page
    assert "sam.personal@example.org" in page
    assert "Sign in to vote" not in page
    assert 'href="/accounts/email/"' in page


def test_the_ballot_explains_what_to_do(client, voting, unmatched_user):
    client.force_login(unmatched_user)
    response = client.get(f"/competitions/{voting.slug}/vote/")
    assert response.status_code == 403
    assert EXPLAINED in response.content.decode()


def test_an_open_competition_explains_why_they_cannot_enter(
    client, open_competition, unmatched_user
):
    client.force_login(unmatched_user)
    page = client.get(f"/competitions/{open_competition.slug}/").content.decode()
    assert EXPLAINED in page
    assert "Sign in to enter" not in page


def test_the_account_page_explains_too(client, unmatched_user):
    client.force_login(unmatched_user)
    assert EXPLAINED in client.get("/account/").content.decode()


def test_visitors_are_still_asked_to_sign_in(client, voting):
    page = client.get(f"/competitions/{voting.slug}/").content.decode()
    assert "Sign in to vote" in page
    assert EXPLAINED not in page
