"""Spam protection without any third-party service: a honeypot field, a minimum time to fill
the form in, and rate limits per account, per network address and per email address.

The counters live in the shared cache ("default" in settings.CACHES), as allauth's sign-in rate
limits do, so every app server counts the same attempts; the client's address is read as allauth
reads it (its adapter honours the trusted-proxy settings)."""

import time
from typing import Any

from allauth.account.adapter import get_adapter
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from qihub.consultations.errors import ConsultationError

STARTED_SALT = "qihub.consultations.form-started"
# Fewer seconds than a person needs to read a question and type a word.
MIN_SECONDS = 3
MAX_AGE = 24 * 3600  # a form left open longer is sent again with a fresh start
# (contributions, seconds) in each window, by who is counted.
LIMITS = {"account": (10, 600), "address": (30, 600), "email": (5, 600)}

TOO_FAST = (
    "That was sent faster than a person can fill the form in. Check your answers and send it again."
)
STALE = "This form was opened too long ago. Check your answers and send it again."
HONEYPOT = "Leave the field called “Website” empty: it is there to catch automatic spam."
TOO_MANY = "You have sent a lot of comments in the last few minutes. Wait 10 minutes and try again."


def form_started(*, at: float | None = None) -> str:
    """A signed note of when the form was drawn, for its hidden `started` field."""
    return signing.dumps(time.time() if at is None else at, salt=STARTED_SALT)


def form_check(*, started: str, honeypot: str, now: float | None = None) -> None:
    """Refuse a form a robot filled in: the honeypot is filled, or it came back too fast."""
    if honeypot:
        raise ConsultationError(HONEYPOT, code="honeypot")
    try:
        drawn = float(signing.loads(started, salt=STARTED_SALT, max_age=MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        raise ConsultationError(STALE, code="stale_form") from None
    if (now or time.time()) - drawn < MIN_SECONDS:
        raise ConsultationError(TOO_FAST, code="too_fast")


def _client_address(request: HttpRequest) -> str:
    try:
        return get_adapter().get_client_ip(request)
    except Exception:  # allauth refuses a request it cannot place (no REMOTE_ADDR)
        return "unknown"


def rate_limit_consume(*, request: HttpRequest, user: Any, email: str = "") -> None:
    """Count one contribution against each limit that applies; refuse once one is spent."""
    counted = [("address", _client_address(request))]
    if getattr(user, "is_authenticated", False):
        counted.append(("account", str(user.pk)))
    if email:
        counted.append(("email", email.strip().lower()))
    for scope, value in counted:
        amount, seconds = LIMITS[scope]
        window = int(time.time() // seconds)
        key = f"qihub.consultations.rate:{scope}:{value}:{window}"
        cache.add(key, 0, seconds)
        try:
            used = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, seconds)
            used = 1
        if used > amount:
            raise ConsultationError(TOO_MANY, code="rate_limited")
