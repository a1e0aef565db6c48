"""The back office's home page tells the QI team what needs their attention."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from qihub.core.models import RosterImport


def _import(at: datetime.datetime) -> None:
    with time_machine.travel(at, tick=False):
        RosterImport.objects.create(
            source_name="roster-november.csv",
            full_roster=True,
            rows=10,
            created_count=10,
            updated_count=0,
            leaver_count=0,
            error_count=0,
            report={},
        )


def test_the_qi_team_is_told_the_roster_was_never_imported(client, qi_team_user):
    client.force_login(qi_team_user)
    page = client.get("/admin/").content.decode()
    assert "Needs your attention" in page
    assert (
        'Due this week:</strong> <a href="/admin/roster/upload/">The staff roster has never' in page
    )


def test_a_recent_roster_is_reported_without_alarm(client, qi_team_user):
    _import(timezone.now() - datetime.timedelta(days=3))
    client.force_login(qi_team_user)
    page = client.get("/admin/").content.decode()
    assert "The staff roster was last imported 3\xa0days ago (roster-november.csv)." in page
    assert "Due this week" not in page


def test_a_roster_over_a_month_old_is_flagged(client, qi_team_user):
    _import(timezone.now() - datetime.timedelta(days=40))
    client.force_login(qi_team_user)
    assert "Due this week:</strong>" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("who", ["staff_user", "leader_user", "public_user"])
def test_only_the_qi_team_reaches_the_back_office_home(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/admin/")
    assert response.status_code in {302, 403}
    assert "Needs your attention" not in response.content.decode()
