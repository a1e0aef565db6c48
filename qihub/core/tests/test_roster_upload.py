"""The back office's roster upload page: who may use it, preview then import, the report."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from qihub.core.models import Person, RosterImport, User
from qihub.core.tests.factories import StaffFactory, StaffLevelFactory, TeamFactory
from qihub.core.tests.roster_helpers import csv_bytes, roster_row

URL = "/admin/roster/upload/"


@pytest.fixture
def org(db):
    TeamFactory.create(code="T0001")
    StaffLevelFactory.create(name="Front-line clinical", position=4)


def _upload(data: bytes, name: str = "roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _roster() -> bytes:
    return csv_bytes([roster_row("E000001"), roster_row("E000002", team_code="T404")])


# Who may ----------------------------------------------------------------------------------


def test_the_qi_team_sees_the_upload_page(client, qi_team_user):
    client.force_login(qi_team_user)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import the staff roster" in page
    assert "<code>employee_number</code>" in page
    assert '"url": "/admin/roster/upload/"' in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


@pytest.mark.parametrize("who", ["public_user", "staff_user", "leader_user"])
def test_people_outside_the_qi_team_cannot_view_or_import(client, request, org, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    response = client.post(URL, {"file": _upload(_roster())})
    assert response.status_code == 302
    assert not Person.objects.filter(employee_number="E000001").exists()


def test_back_office_users_without_the_import_permission_are_turned_away(client, org):
    editor = User.objects.create_user(email="editor@trust.example", password="x")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    response = client.post(URL, {"file": _upload(_roster())})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not Person.objects.filter(employee_number="E000001").exists()
    assert '"url": "/admin/roster/upload/"' not in client.get("/admin/").content.decode()


# Preview, then import ---------------------------------------------------------------------


def test_preview_then_import(client, qi_team_user, org):
    StaffFactory.create(employee_number="E000009", first_name="Lee", last_name="Left")
    client.force_login(qi_team_user)

    response = client.post(URL, {"file": _upload(_roster()), "full_roster": "on", "dry_run": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: nothing has been changed" in page
    assert "1 person would be added" in page
    # Lee, and the QI team member's own staff record, are not in the file.
    assert "2 people would be marked as leavers" in page
    assert "Lee Left" in page
    assert "choose the same file again and press Import" in page
    assert not Person.objects.filter(employee_number="E000001").exists()
    assert Person.objects.get(employee_number="E000009").is_active
    assert not RosterImport.objects.exists()

    response = client.post(URL, {"file": _upload(_roster()), "full_roster": "on"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Import report" in page
    assert "1 person added" in page
    assert Person.objects.filter(employee_number="E000001").exists()
    assert not Person.objects.get(employee_number="E000009").is_active
    applied = RosterImport.objects.get()
    assert (applied.imported_by, applied.full_roster, applied.error_count) == (
        qi_team_user,
        True,
        1,
    )


def test_the_report_shows_each_bad_row_on_the_page(client, qi_team_user, org):
    client.force_login(qi_team_user)
    response = client.post(URL, {"file": _upload(_roster()), "dry_run": "on"})
    page = response.content.decode()
    assert "Rows with errors: nothing from these rows would be written" in page
    assert "<td>3</td><td>team_code</td><td>no team has the code &#x27;T404&#x27;</td>" in page


def test_updates_are_shown_with_what_changed(client, qi_team_user, org):
    StaffFactory.create(employee_number="E000001", email="e000001@trust.example")
    client.force_login(qi_team_user)
    response = client.post(URL, {"file": _upload(csv_bytes([roster_row("E000001")]))})
    page = response.content.decode()
    assert "1 person updated" in page
    assert "team_code:" in page
    assert "job_title: Staff nurse → Staff nurse" not in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("roster.pdf", b"%PDF", "The roster must be a .csv or .xlsx file."),
        ("roster.xlsx", b"PK\x03\x04broken", "the spreadsheet is damaged"),
        ("roster.csv", b"first,last\r\nA,B\r\n", "missing: employee_number"),
        ("roster.csv", b"", "The submitted file is empty."),
    ],
)
def test_a_bad_file_is_explained_on_the_page(client, qi_team_user, org, name, data, message):
    client.force_login(qi_team_user)
    response = client.post(URL, {"file": _upload(data, name), "dry_run": "on"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RosterImport.objects.exists()


def test_no_file_is_explained_on_the_page(client, qi_team_user):
    client.force_login(qi_team_user)
    response = client.post(URL, {"dry_run": "on"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
