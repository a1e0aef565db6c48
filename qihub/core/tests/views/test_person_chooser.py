"""The back office's person chooser: found by name, email, employee number or team, each result
showing who they are; the QI team's only."""

import json
import re

import pytest

from qihub.core.models import PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory, TeamFactory

CHOOSER = "/admin/snippets/choose/core/person/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_aishas():
    """Three staff of the same name in different teams, and a patient of that name."""
    teams = [
        TeamFactory.create(name="Ward 7", code="W7"),
        TeamFactory.create(name="Pharmacy", code="PHA"),
        TeamFactory.create(name="Theatres", code="THE"),
    ]
    staff = [
        StaffFactory.create(
            first_name="Aisha",
            last_name="Adams",
            team=team,
            employee_number=number,
            email=f"aisha.adams{index}@trust.example",
        )
        for index, (team, number) in enumerate(
            zip(teams, ["100071", "200482", "300913"], strict=True)
        )
    ]
    patient = PersonFactory.create(
        first_name="Aisha", last_name="Adams", kind=PersonKind.PATIENT, email="aisha@example.org"
    )
    StaffFactory.create_batch(3)
    return [*staff, patient]


def _results(client, search: str) -> list[str]:
    """The rows of the chooser's results for a search, as their cells' text."""
    response = client.get(f"{CHOOSER}results/", {"q": search})
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S)[1:]  # after the header row
    return [
        " | ".join(
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        )
        for row in rows
    ]


@pytest.mark.parametrize("who", ["staff_user", "leader_user", "public_user"])
def test_only_the_qi_team_may_search_people(client, request, who, three_aishas):
    client.force_login(request.getfixturevalue(who))
    for url in (CHOOSER, f"{CHOOSER}results/?q=aisha"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Adams" not in response.content.decode()


def test_the_qi_team_finds_a_person_by_employee_number(client, qi_team_user, three_aishas):
    client.force_login(qi_team_user)
    rows = _results(client, "200482")
    assert rows == [
        "Aisha Adams | Member of staff | Pharmacy (PHA) | 200482 | aisha.adams1@trust.example"
    ]


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("aisha adams", 4),  # every one of that name, the patient too
        ("Aisha Ward 7", 1),  # name and team name together
        ("adams the", 1),  # the team's code
        ("AISHA.ADAMS2@trust.example", 1),  # email, in any case
        ("patient", 0),  # kinds are shown, not searched
        ("nobody", 0),
    ],
)
def test_the_search_matches_name_email_employee_number_and_team(
    client, qi_team_user, three_aishas, search, found
):
    client.force_login(qi_team_user)
    assert len(_results(client, search)) == found


def test_each_result_shows_kind_and_team_beside_the_name(client, qi_team_user, three_aishas):
    client.force_login(qi_team_user)
    page = client.get(CHOOSER, {"q": "aisha adams"})
    html = json.loads(page.content)["html"]
    assert "Search by name, email, employee number or team" in html
    for heading in ("Kind", "Team", "Employee number", "Email"):
        assert f">{heading}<" in html or f"{heading}\n" in html, heading
    rows = _results(client, "aisha adams")
    assert sorted(row.split(" | ")[2] for row in rows) == [
        "",
        "Pharmacy (PHA)",
        "Theatres (THE)",
        "Ward 7 (W7)",
    ]
    assert sum("Patient" in row for row in rows) == 1


def test_choosing_a_person_names_their_team_too(client, qi_team_user, three_aishas):
    client.force_login(qi_team_user)
    response = client.get(f"{CHOOSER}chosen/{three_aishas[0].pk}/")
    chosen = json.loads(response.content)["result"]
    assert chosen["string"] == (
        "Aisha Adams (Member of staff, Ward 7 (W7), employee number 100071)"
    )


def test_leaders_are_picked_with_this_chooser(client, qi_team_user, three_aishas):
    client.force_login(qi_team_user)
    html = client.get("/admin/snippets/core/leadership/add/").content.decode()
    assert CHOOSER in html
