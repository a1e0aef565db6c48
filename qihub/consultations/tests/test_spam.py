"""Spam protection: the honeypot, the minimum time to fill the form, and the rate limits per
network address and per visitor email address."""

import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from qihub.consultations import spam
from qihub.consultations.errors import ConsultationError


def _spend(request, limit: int, **kwargs) -> None:
    for _ in range(limit):
        spam.rate_limit_consume(request=request, user=AnonymousUser(), **kwargs)
    with pytest.raises(ConsultationError) as refused:
        spam.rate_limit_consume(request=request, user=AnonymousUser(), **kwargs)
    assert refused.value.code == "rate_limited"


def test_per_network_address():
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    _spend(request, spam.LIMITS["address"][0])
    # Another address is still welcome.
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.10")
    spam.rate_limit_consume(request=other, user=AnonymousUser())


def test_per_visitor_email_address_across_network_addresses():
    limit = spam.LIMITS["email"][0]
    for number in range(limit):
        request = RequestFactory().post("/", REMOTE_ADDR=f"198.51.100.{number}")
        spam.rate_limit_consume(request=request, user=AnonymousUser(), email="Same@Example.org")
    with pytest.raises(ConsultationError):
        request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.200")
        spam.rate_limit_consume(request=request, user=AnonymousUser(), email="same@example.org")


def test_the_form_checks():
    now = time.time()
    spam.form_check(started=spam.form_started(at=now - 10), honeypot="", now=now)
    with pytest.raises(ConsultationError, match="faster"):
        spam.form_check(started=spam.form_started(at=now - 1), honeypot="", now=now)
    with pytest.raises(ConsultationError, match="Website"):
        spam.form_check(started=spam.form_started(at=now - 10), honeypot="x", now=now)
    with pytest.raises(ConsultationError, match="too long ago"):
        spam.form_check(started="tampered", honeypot="", now=now)
