"""Every way into an account goes through allauth: Wagtail's own sign-in pages only redirect."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache

from qihub.conftest import PASSWORD
from qihub.core.models import User
from qihub.core.permissions import QI_TEAM_GROUP

WAGTAIL_SIGN_IN = ["/admin/login/", "/_util/login/"]
WAGTAIL_RESET = [
    "/admin/password_reset/",
    "/admin/password_reset/done/",
    "/admin/password_reset/confirm/MQ/abc-123/",
    "/admin/password_reset/complete/",
]


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("url", WAGTAIL_SIGN_IN)
def test_wagtail_sign_in_pages_send_people_to_allauth_keeping_where_they_were_going(client, url):
    response = client.get(url + "?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


@pytest.mark.parametrize("url", WAGTAIL_RESET)
def test_wagtail_password_reset_pages_send_people_to_allauth(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/"


@pytest.mark.parametrize("url", WAGTAIL_SIGN_IN)
def test_posting_a_password_to_a_wagtail_sign_in_page_signs_nobody_in(client, qi_team_user, url):
    response = client.post(url, {"username": qi_team_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302, "still signed out"


def test_twenty_five_wrong_passwords_then_the_right_one_sign_nobody_in(client, qi_team_user):
    for _ in range(25):
        client.post("/admin/login/", {"username": qi_team_user.email, "password": "wrong"})
    client.post("/admin/login/", {"username": qi_team_user.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    # None of them reached a password check, so allauth's own limit is unspent.
    response = client.post("/accounts/login/", {"login": qi_team_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wagtail_password_reset_sends_no_email(client, qi_team_user):
    for _ in range(8):
        client.post("/admin/password_reset/", {"email": qi_team_user.email})
    assert mail.outbox == []


def test_an_unverified_account_cannot_reach_the_back_office(client, db):
    user = User.objects.create_user(email="new.qi@trust.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    user.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302
    assert "confirm" in mail.outbox[-1].subject.lower(), "allauth asks for the email first"


def test_the_back_office_has_no_password_or_email_forms_of_its_own(client, qi_team_user):
    client.force_login(qi_team_user)
    page = client.get("/admin/account/").content.decode()
    assert 'name="email-email"' not in page
    assert 'name="password-old_password"' not in page


def test_the_back_office_asks_gravatar_for_nothing(client, qi_team_user):
    client.force_login(qi_team_user)
    for url in ("/admin/", "/admin/account/", "/admin/users/"):
        assert "gravatar.com" not in client.get(url).content.decode(), url
