"""Signing in with a password or a one-time code, and the rate limit on failed attempts."""

import re

import pytest
from django.core import mail
from django.core.cache import cache

from qihub.conftest import PASSWORD


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_sign_in_with_email_and_password(client, staff_user):
    response = client.post("/accounts/login/", {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, staff_user):
    response = client.post("/accounts/login/", {"login": staff_user.email, "password": "nope"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get("/account/").status_code == 302


def test_sign_in_with_a_one_time_code_sent_by_email(client, public_user):
    response = client.post("/accounts/login/code/", {"email": public_user.email})
    assert response.status_code == 302
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", str(mail.outbox[-1].body), re.MULTILINE)
    assert code, mail.outbox[-1].body
    response = client.post("/accounts/login/code/confirm/", {"code": code.group(1)})
    assert response.status_code == 302
    assert client.get("/account/").status_code == 200


def test_failed_sign_ins_are_rate_limited(client, staff_user):
    for _ in range(5):
        client.post("/accounts/login/", {"login": staff_user.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": staff_user.email, "password": PASSWORD})
    assert response.status_code in {200, 429}
    assert client.get("/account/").status_code == 302, "the sixth attempt must not sign in"
