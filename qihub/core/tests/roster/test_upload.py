"""The back office's roster upload page: who may use it, preview then import, the report, and
files it refuses (an upload's own page: test_upload_status.py)."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from qihub.core.models import Person, RosterImport, RosterUpload, User
from qihub.core.tests.factories import StaffFactory
from qihub.core.tests.roster_helpers import (
    UPLOAD_URL as URL,
)
from qihub.core.tests.roster_helpers import (
    csv_bytes,
    new_people_csv,
    roster_row,
    uploaded_file,
)


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
    response = client.post(URL, {"file": uploaded_file(_roster())})
    assert response.status_code == 302
    assert not Person.objects.filter(employee_number="E000001").exists()


def test_back_office_users_without_the_import_permission_are_turned_away(client, org):
    editor = User.objects.create_user(email="editor@trust.example", password="x")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    response = client.post(URL, {"file": uploaded_file(_roster())})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert not Person.objects.filter(employee_number="E000001").exists()
    assert '"url": "/admin/roster/upload/"' not in client.get("/admin/").content.decode()


# Preview, then import ---------------------------------------------------------------------


def test_preview_then_import(client, qi_team_user, org):
    StaffFactory.create(employee_number="E000009", first_name="Lee", last_name="Left")
    client.force_login(qi_team_user)

    response = client.post(
        URL, {"file": uploaded_file(_roster()), "full_roster": "on", "dry_run": "on"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: nothing has been changed" in page
    assert "1 person would be added" in page
    # Lee, and the QI team member's own staff record, are not in the file.
    assert "2 people would be marked as leavers" in page
    assert "Lee Left" in page
    assert "To make these changes, press Import" in page
    assert not Person.objects.filter(employee_number="E000001").exists()
    assert Person.objects.get(employee_number="E000009").is_active
    assert not RosterImport.objects.exists()

    response = client.post(
        URL, {"file": uploaded_file(_roster()), "full_roster": "on"}, follow=True
    )
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
    response = client.post(URL, {"file": uploaded_file(_roster()), "dry_run": "on"}, follow=True)
    page = response.content.decode()
    assert "Rows with errors: nothing from these rows would be written" in page
    assert "<td>3</td><td>team_code</td><td>no team has the code &#x27;T404&#x27;</td>" in page


def test_updates_are_shown_with_what_changed(client, qi_team_user, org):
    StaffFactory.create(employee_number="E000001", email="e000001@trust.example")
    client.force_login(qi_team_user)
    response = client.post(
        URL, {"file": uploaded_file(csv_bytes([roster_row("E000001")]))}, follow=True
    )
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
    response = client.post(URL, {"file": uploaded_file(data, name), "dry_run": "on"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RosterImport.objects.exists()


def test_no_file_is_explained_on_the_page(client, qi_team_user):
    client.force_login(qi_team_user)
    response = client.post(URL, {"dry_run": "on"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_a_file_larger_than_a_roster_may_be_is_refused_before_it_is_kept(
    client, qi_team_user, org, monkeypatch
):
    monkeypatch.setattr("qihub.core.forms.MAX_FILE_BYTES", 1024 * 1024)
    client.force_login(qi_team_user)
    data = new_people_csv() + b"," * (1024 * 1024)
    response = client.post(URL, {"file": uploaded_file(data), "dry_run": "on"})
    assert "The file is larger than 1 MB." in response.content.decode()
    assert not RosterUpload.objects.exists()


def _multipart(file_name: str) -> tuple[bytes, str]:
    """A form posted with a file of that name, as a browser sends it."""
    boundary = "qihub-test-boundary"
    body = (
        (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="dry_run"\r\n\r\non\r\n'
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + new_people_csv()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def test_a_file_name_too_long_to_upload_is_explained_on_the_page(qi_team_user, org):
    """Django cannot read an upload whose file name takes over 1 KB; it answered a bare 400."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(qi_team_user)
    client.get(URL)  # as a browser does, which gets the CSRF cookie
    body, content_type = _multipart("a" * 1_100 + ".csv")
    response = client.generic("POST", URL, body, content_type=content_type)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The file&#x27;s name is too long to upload: rename the file" in page
    assert 'name="file"' in page
    assert not RosterUpload.objects.exists()


def test_an_upload_without_the_forms_csrf_token_is_refused(qi_team_user, org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(qi_team_user)
    client.get(URL)
    body, content_type = _multipart("roster.csv")
    response = client.generic("POST", URL, body, content_type=content_type)
    assert response.status_code == 403
    assert not RosterUpload.objects.exists()
