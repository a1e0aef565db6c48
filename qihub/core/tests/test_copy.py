"""The words on account pages and in account emails: NHS.UK sentence case, the programme's and
organisation's names (never "qihub")."""

import re

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import Site
from wagtailnhsukfrontend.settings.models import HeaderSettings

from qihub.core.demo import TRUST_NAME

# Words that keep their capital in the middle of a sentence.
PROPER = {"NHS", "QI", "I", "SSO", "OpenID", "Connect", "TOTP"}
ACCOUNT_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/login/code/",
    "/accounts/password/reset/",
]
SIGNED_IN_PAGES = ["/accounts/email/", "/accounts/password/change/", "/accounts/logout/"]


def _interface_text(html: str) -> list[str]:
    """Each piece of text in the main content's headings, labels and buttons."""
    main = html.split("<main", 1)[1]
    found = re.findall(r"<(h1|h2|label|button|legend)\b[^>]*>(.*?)</\1>", main, re.S)
    pieces = [piece for _, inner in found for piece in re.split(r"<[^>]+>", inner)]
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]


def _title_case_words(text: str) -> list[str]:
    words = re.findall(r"[A-Za-z][\w'-]*", text)
    return [word for word in words[1:] if word[0].isupper() and word not in PROPER]


@pytest.fixture
def site(db):
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Improving together"
    site.save(update_fields=["site_name"])
    header = HeaderSettings.for_site(site)
    header.organisation_name = TRUST_NAME
    header.save()


@pytest.mark.parametrize("path", ACCOUNT_PAGES)
def test_account_pages_speak_in_sentence_case(client: Client, site, path):
    texts = _interface_text(client.get(path).content.decode())
    assert texts, path
    assert {text: _title_case_words(text) for text in texts if _title_case_words(text)} == {}


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_signed_in_account_pages_speak_in_sentence_case(client: Client, site, staff_user, path):
    client.force_login(staff_user)
    texts = _interface_text(client.get(path).content.decode())
    assert texts, path
    assert {text: _title_case_words(text) for text in texts if _title_case_words(text)} == {}


def test_account_emails_are_signed_with_the_programme_not_qihub(client: Client, site):
    client.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.org",
            "password1": "a-long-enough-password-2026",
            "password2": "a-long-enough-password-2026",
            "kind": "patient",
            "first_name": "New",
            "last_name": "Person",
        },
    )
    [email] = mail.outbox
    assert email.subject.startswith("Improving together: ")
    assert "qihub" not in email.subject.lower()
    assert "qihub" not in email.body.lower()


def test_erasing_names_the_organisation(client: Client, site, public_user):
    client.force_login(public_user)
    page = client.get("/account/erase/").content.decode()
    assert f"everything {TRUST_NAME} holds about me" in page
    assert "qihub" not in page.split("<main", 1)[1].split("</main>", 1)[0].lower()
