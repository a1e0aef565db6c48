"""Every action `qihub.core.audit` declares is written by what it names, and shown to the QI team
in Site history (each app tests its own: the competitions' in their tests/test_audit.py)."""

import csv
import io
from collections.abc import Callable

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from wagtail.models import ModelLogEntry

from qihub.core.audit import AUDIT_ACTIONS
from qihub.core.models import PersonKind, User
from qihub.core.services import person_create_public, person_erase, person_link_account
from qihub.core.tests.factories import StaffFactory, StaffLevelFactory, TeamFactory
from qihub.core.tests.roster_helpers import csv_bytes, roster_row, run_import

CORE = "qihub.core."


def _link_account(qi: User) -> User | None:
    StaffFactory.create(email="sam.staff@trust.example")
    user = User.objects.create_user(email="sam.staff@trust.example")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    assert person_link_account(user=user) is not None
    return user


def _create_public(qi: User) -> User | None:
    user = User.objects.create_user(email="pat@example.org")
    person_create_public(user=user, kind=PersonKind.PATIENT, first_name="Pat", last_name="Smith")
    return user


def _erase(qi: User) -> User | None:
    user = User.objects.create_user(email="pat@example.org")
    person = person_create_public(
        user=user, kind=PersonKind.PATIENT, first_name="Pat", last_name="Smith"
    )
    person_erase(person=person, actor=user)
    return None  # the erasure keeps that it happened, not who asked


def _export(qi: User) -> User | None:
    client = Client()
    client.force_login(qi)
    assert client.get("/account/data/").status_code == 200
    return qi


def _roster_import(qi: User) -> User | None:
    TeamFactory.create(code="T0001")
    StaffLevelFactory.create(name="Front-line clinical", position=4)
    report = run_import(csv_bytes([roster_row()]), actor=qi)
    assert len(report.created) == 1
    return qi


ACTS: dict[str, Callable[[User], User | None]] = {
    f"{CORE}person.link_account": _link_account,
    f"{CORE}person.create_public": _create_public,
    f"{CORE}person.erase": _erase,
    f"{CORE}person.export": _export,
    f"{CORE}roster.import": _roster_import,
}


def test_every_action_core_declares_is_written_by_something_tested_here():
    assert set(ACTS) == {action for action in AUDIT_ACTIONS if action.startswith(CORE)}


@pytest.mark.parametrize("action", sorted(ACTS))
def test_the_qi_team_sees_each_action_in_site_history(client, qi_team_user, action):
    first = ModelLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    who = ACTS[action](qi_team_user)
    logged = list(ModelLogEntry.objects.filter(pk__gt=first, action=action))
    assert [entry.user for entry in logged] == [who]
    client.force_login(qi_team_user)
    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    shown = [row["User"] for row in rows if row["Action type"] == AUDIT_ACTIONS[action]]
    assert shown == [logged[0].user_display_name]
