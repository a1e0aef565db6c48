"""Who sees the critical-mass dashboard, of which directorates, and what it says."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("critical_mass:dashboard")


def _directorate_url(directorate):
    return reverse("critical_mass:directorate", args=[directorate.pk])


def test_the_qi_team_sees_every_directorate_against_the_aim(client, qi_team_user, programme):
    mine, theirs = programme
    client.force_login(qi_team_user)
    page = client.get(DASHBOARD).content.decode()
    assert mine.name in page and theirs.name in page
    assert "Involved: 2 or more acts of taking part in the last 12 months." in page
    # 4 of the 12 staff (the leader and the QI team member are staff too) are Involved.
    assert "33.3%" in page
    assert 'id="critical-mass"' in page


def test_a_leader_sees_their_own_directorate_only(client, leader_user, programme):
    mine, theirs = programme
    client.force_login(leader_user)
    page = client.get(DASHBOARD).content.decode()
    assert mine.name in page and theirs.name not in page
    assert client.get(_directorate_url(mine)).status_code == 200
    assert client.get(_directorate_url(theirs)).status_code == 403


def test_the_drill_down_shows_the_directorates_teams(client, qi_team_user, programme):
    mine, _theirs = programme
    client.force_login(qi_team_user)
    page = client.get(_directorate_url(mine)).content.decode()
    assert mine.services.get().teams.get().name in page
    assert "50.0%" in page  # 3 of its 6 staff


@pytest.mark.parametrize("who", ["staff_user", "public_user"])
def test_staff_and_the_public_are_refused_the_private_pages(client, request, who, programme):
    mine, _ = programme
    client.force_login(request.getfixturevalue(who))
    for url in (DASHBOARD, _directorate_url(mine), reverse("critical_mass:export", args=["csv"])):
        assert client.get(url).status_code == 403


def test_a_visitor_is_sent_to_sign_in(client, programme):
    mine, _ = programme
    for url in (DASHBOARD, _directorate_url(mine), reverse("critical_mass:export", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_exports_keep_formulas_as_text(client, qi_team_user, programme):
    client.force_login(qi_team_user)
    rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("critical_mass:export", args=["csv"])).content.decode())
        )
    )
    assert rows[0][:3] == ["Breakdown", "Group", "Staff"]
    assert rows[1][:3] == ["All staff", "All staff", "12"]
    assert any(row[1] == '\'=HYPERLINK("http://evil")' for row in rows)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("critical_mass:export", args=["xlsx"])).content)
    )
    cells = [row[1] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://evil")' in cells


def test_a_leaders_export_holds_their_directorate_only(client, leader_user, programme):
    mine, theirs = programme
    client.force_login(leader_user)
    text = client.get(reverse("critical_mass:export", args=["csv"])).content.decode()
    assert mine.name in text and theirs.name not in text


def test_an_unknown_export_format_is_not_found(client, qi_team_user, programme):
    client.force_login(qi_team_user)
    assert client.get(reverse("critical_mass:export", args=["pdf"])).status_code == 404


def test_the_public_page_suppresses_counts_under_five(client, programme):
    mine, _theirs = programme
    page = client.get(reverse("critical_mass:public")).content.decode()
    assert mine.name in page
    # 6 staff in the leader's directorate, but only 3 Involved: suppressed.
    assert "fewer than 5" in page
    assert "(50%)" not in page


def test_the_engagement_aim_is_among_the_system_level_aims(client, programme):
    page = client.get(reverse("programme:index")).content.decode()
    assert "20% of staff in every directorate at Involved" in page
    # 4 of 11 staff; the leader's directorate at 50%, the other at 20%.
    assert "36.4% of staff" in page
    assert "2 of 2 directorates at or above the aim" in page
