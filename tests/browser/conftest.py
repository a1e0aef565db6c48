"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against Django's live server.

Chromium starts once per session. Each test gets a fresh browser context (no shared cookies) and a
database restored to its migrated state (pytest-django's serialized rollback), so Wagtail's home
page and site exist, then builds only what it needs: the demo site's pages and the ready-made
people from qihub/conftest.py.
"""

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connections
from django.test import Client, override_settings
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

from qihub.conftest import (  # noqa: F401  (fixtures shared with the app tests)
    PASSWORD,
    leader_user,
    public_user,
    qi_team_user,
    staff_user,
)
from qihub.core.demo import TRUST_NAME
from qihub.core.models import User
from qihub.microsite.chrome import FRAGMENT_CACHE
from qihub.microsite.demo import demo_site_build

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 320, "height": 640}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Where Django's test database creation keeps the serialized data on a connection.
SERIALIZED = "_test_serialized_contents"
# WCAG 2.2 level A and AA success criteria, as axe-core tags them.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def _serialized_contents() -> dict[str, str]:
    """The migrated data pytest-django saved for serialized rollback, by database alias."""
    saved = {alias: getattr(connections[alias], SERIALIZED, None) for alias in connections}
    return {alias: contents for alias, contents in saved.items() if contents is not None}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    serialized = _serialized_contents()
    with sync_playwright() as playwright:
        # Playwright's sync API leaves an asyncio loop running in this thread, so Django (through
        # asgiref) opens a second set of connections here from now on. Hand them the migrated
        # data too, or serialized rollback would stop restoring it between tests.
        for alias, contents in serialized.items():
            setattr(connections[alias], SERIALIZED, contents)
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # Those connections are out of reach once the loop stops; close them while they are not.
        connections.close_all()


def _migrated_data_load(alias: str, contents: str) -> None:
    """Load the serialized migrated data into an empty database, as serialized rollback does."""
    # Wagtail pages look up their content type while they are loaded, and one missing from
    # Django's cache would be created under a new id, clashing with the row loaded after it.
    ContentType.objects.db_manager(alias).bulk_create(
        ContentType(pk=row["pk"], **row["fields"])
        for row in json.loads(contents)
        if row["model"] == "contenttypes.contenttype"
    )
    ContentType.objects.clear_cache()
    connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="module")
def _migrated_database(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Start each module of browser tests, and leave the database, as migrations left it.

    pytest-django's serialized rollback loads the migrated data before each test and flushes
    everything after it. The load needs an empty database, but a transactional test without
    serialized rollback leaves behind what post_migrate recreates (content types, permissions,
    the QI team group) under new ids; and the last flush would leave no Wagtail site for a later
    test that uses the database without pytest-django knowing (`request.getfixturevalue("db")`).
    """
    serialized = _serialized_contents()
    with django_db_blocker.unblock():
        for alias, contents in serialized.items():
            # As TransactionTestCase flushes: sequences keep counting past the restored ids.
            call_command(
                "flush",
                database=alias,
                reset_sequences=False,
                inhibit_post_migrate=True,
                interactive=False,
                verbosity=0,
            )
            _migrated_data_load(alias, contents)
    yield
    with django_db_blocker.unblock():
        for alias, contents in serialized.items():
            _migrated_data_load(alias, contents)


@pytest.fixture
def site(
    live_server: LiveServer, django_db_serialized_rollback: None, _migrated_database: None
) -> Iterator[LiveServer]:
    """The live server, serving the demo site's pages, header and footer."""
    # allauth's rate-limit counters live in the cache; each test starts with none used.
    cache.clear()
    # The cached header and footer were drawn from the previous test's pages and settings.
    caches[FRAGMENT_CACHE].clear()
    # Background work (the search index among it) runs at once instead of waiting for a worker.
    with override_settings(TASKS=IMMEDIATE_TASKS):
        demo_site_build(organisation_name=TRUST_NAME)
        yield live_server


@pytest.fixture
def context(browser: Browser, site: LiveServer) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=site.url, viewport=DESKTOP)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def sign_in(context: BrowserContext, site: LiveServer) -> Callable[[User], None]:
    """Sign a user in to the browser context without going through the sign-in form."""

    def sign_in_as(user: User) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": site.url}]
        )

    return sign_in_as


def axe_violations(page: Page) -> str:
    """Run axe-core's WCAG 2.2 A and AA rules on the page; return a report, empty if it passes."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    )
    return results.generate_report() if results.violations_count else ""


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
