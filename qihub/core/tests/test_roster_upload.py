"""The back office's roster upload page: who may use it, preview then import without choosing the
file again, large files in the background with their progress, the report and its download."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from qihub.core.models import Person, RosterImport, RosterUpload, RosterUploadStatus, User
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.roster.uploads import roster_uploads_forget
from qihub.core.tests.factories import StaffFactory, StaffLevelFactory, TeamFactory
from qihub.core.tests.roster_helpers import csv_bytes, roster_row, run_import
from qihub.core.tests.worker import run_worker

URL = "/admin/roster/upload/"


@pytest.fixture
def org(db):
    TeamFactory.create(code="T0001")
    StaffLevelFactory.create(name="Front-line clinical", position=4)


def _upload(data: bytes, name: str = "roster.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def _roster() -> bytes:
    return csv_bytes([roster_row("E000001"), roster_row("E000002", team_code="T404")])


def _new_people() -> bytes:
    """A roster of people no factory makes (the factories number staff E000001 on)."""
    return csv_bytes([roster_row("N000001"), roster_row("N000002", team_code="T404")])


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

    response = client.post(
        URL, {"file": _upload(_roster()), "full_roster": "on", "dry_run": "on"}, follow=True
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

    response = client.post(URL, {"file": _upload(_roster()), "full_roster": "on"}, follow=True)
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
    response = client.post(URL, {"file": _upload(_roster()), "dry_run": "on"}, follow=True)
    page = response.content.decode()
    assert "Rows with errors: nothing from these rows would be written" in page
    assert "<td>3</td><td>team_code</td><td>no team has the code &#x27;T404&#x27;</td>" in page


def test_updates_are_shown_with_what_changed(client, qi_team_user, org):
    StaffFactory.create(employee_number="E000001", email="e000001@trust.example")
    client.force_login(qi_team_user)
    response = client.post(URL, {"file": _upload(csv_bytes([roster_row("E000001")]))}, follow=True)
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


def test_a_file_larger_than_a_roster_may_be_is_refused_before_it_is_kept(
    client, qi_team_user, org, monkeypatch
):
    monkeypatch.setattr("qihub.core.forms.MAX_FILE_BYTES", 1024 * 1024)
    client.force_login(qi_team_user)
    data = _new_people() + b"," * (1024 * 1024)
    response = client.post(URL, {"file": _upload(data), "dry_run": "on"})
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
        + _new_people()
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


# The upload's own page: who may see it ----------------------------------------------------


def _preview(client: Client, data: bytes | None = None, **fields: str) -> RosterUpload:
    client.post(URL, {"file": _upload(data or _new_people()), "dry_run": "on", **fields})
    return RosterUpload.objects.latest("uploaded_at")


def _upload_urls(upload: RosterUpload) -> list[tuple[str, str]]:
    page = f"{URL}{upload.pk}/"
    return [("get", page), ("get", f"{page}report.csv"), ("post", f"{page}import/")]


@pytest.mark.parametrize("who", ["public_user", "staff_user", "leader_user", None])
def test_people_outside_the_qi_team_cannot_see_an_upload_its_report_or_import_it(
    client, request, org, qi_team_user, who
):
    client.force_login(qi_team_user)
    upload = _preview(client)
    client.logout()
    if who:
        client.force_login(request.getfixturevalue(who))
    for method, url in _upload_urls(upload):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert not Person.objects.filter(employee_number="N000001").exists()


def test_back_office_users_without_the_import_permission_cannot_see_an_upload(
    client, org, qi_team_user
):
    client.force_login(qi_team_user)
    upload = _preview(client)
    editor = User.objects.create_user(email="editor@trust.example", password="x")
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)
    for method, url in _upload_urls(upload):
        response = getattr(client, method)(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/"), url
    assert not Person.objects.filter(employee_number="N000001").exists()


def test_only_the_person_who_uploaded_a_file_sees_it_or_imports_it(client, org, qi_team_user):
    client.force_login(qi_team_user)
    upload = _preview(client)
    colleague = User.objects.create_user(email="cleo.colleague@trust.example", password="x")
    colleague.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    client.force_login(colleague)
    for method, url in _upload_urls(upload):
        assert getattr(client, method)(url).status_code == 404, url
    assert RosterUpload.objects.get(pk=upload.pk).dry_run
    assert not Person.objects.filter(employee_number="N000001").exists()


# Preview, then Import without the file again ------------------------------------------------


def test_after_a_preview_import_does_not_ask_for_the_file_again(client, qi_team_user, org):
    client.force_login(qi_team_user)
    upload = _preview(client, full_roster="on")
    page = client.get(f"{URL}{upload.pk}/").content.decode()
    assert f'<form method="post" action="{URL}{upload.pk}/import/">' in page
    assert 'type="file"' not in page

    response = client.post(f"{URL}{upload.pk}/import/", follow=True)

    page = response.content.decode()
    assert "Import report" in page
    assert "1 person added" in page
    assert "To make these changes, press Import" not in page
    assert Person.objects.filter(employee_number="N000001").exists()
    applied = RosterImport.objects.get()
    assert (applied.imported_by, applied.full_roster, applied.source_name) == (
        qi_team_user,
        True,
        "roster.csv",
    )
    assert RosterUpload.objects.get(pk=upload.pk).data is None  # the file, once imported


def test_pressing_import_twice_imports_once(client, qi_team_user, org):
    client.force_login(qi_team_user)
    upload = _preview(client)
    client.post(f"{URL}{upload.pk}/import/")
    page = client.post(f"{URL}{upload.pk}/import/", follow=True).content.decode()
    assert "This file has been imported already." in page
    assert RosterImport.objects.count() == 1


def test_a_previews_file_is_kept_privately_for_an_hour(client, qi_team_user, org):
    client.force_login(qi_team_user)
    upload = _preview(client)
    kept = RosterUpload.objects.get(pk=upload.pk).data
    assert kept is not None and bytes(kept) == _new_people()
    assert upload.uploaded_by == qi_team_user
    RosterUpload.objects.update(uploaded_at=F("uploaded_at") - datetime.timedelta(minutes=61))

    page = client.get(f"{URL}{upload.pk}/").content.decode()
    assert "press Import" not in page
    page = client.post(f"{URL}{upload.pk}/import/", follow=True).content.decode()
    assert (
        "The file was kept for 1 hour after it was uploaded and has been deleted; choose it "
        "again to import it."
    ) in page
    assert not Person.objects.filter(employee_number="N000001").exists()

    assert roster_uploads_forget() == 1
    assert RosterUpload.objects.get(pk=upload.pk).data is None
    RosterUpload.objects.update(uploaded_at=F("uploaded_at") - datetime.timedelta(days=1))
    assert roster_uploads_forget() == 1
    assert not RosterUpload.objects.exists()


def test_the_worker_forgets_a_previews_file_an_hour_later(
    client, qi_team_user, org, django_capture_on_commit_callbacks
):
    client.force_login(qi_team_user)
    with django_capture_on_commit_callbacks(execute=True):
        _preview(client)
    task = DBTaskResult.objects.get(task_path="qihub.core.tasks.roster_uploads_forget_due")
    due = task.run_after - task.enqueued_at
    assert datetime.timedelta(minutes=59) < due <= datetime.timedelta(hours=1)


# The report, downloaded ---------------------------------------------------------------------


def test_the_report_can_be_downloaded_safe_to_open_in_a_spreadsheet(client, qi_team_user, org):
    run_import(csv_bytes([roster_row("N000004")]))
    client.force_login(qi_team_user)
    upload = _preview(
        client,
        csv_bytes(
            [
                roster_row("N000001", first_name="=cmd|' /C calc'!A0"),
                roster_row("E000002", team_code="T404"),
                roster_row("N000004", job_title="Matron"),
            ]
        ),
    )

    response = client.get(f"{URL}{upload.pk}/report.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="roster-preview-report.csv"'
    assert response.content.startswith("\ufeff".encode())
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")))) == [
        ["row", "employee_number", "name", "outcome", "column", "old", "new", "reason"],
        ["3", "", "", "not imported", "team_code", "", "", "no team has the code 'T404'"],
        ["2", "N000001", "'=cmd|' /C calc'!A0 Patel", "would be added", "", "", "", ""],
        [
            "4",
            "N000004",
            "Priya Patel",
            "would be updated",
            "job_title",
            "Staff nurse",
            "Matron",
            "",
        ],
    ]
    page = client.get(f"{URL}{upload.pk}/").content.decode()
    assert f'href="{URL}{upload.pk}/report.csv"' in page


# Large files, in the background -----------------------------------------------------------


@pytest.fixture
def in_background(monkeypatch):
    """Every file counts as large, so goes to the task worker."""
    monkeypatch.setattr("qihub.core.roster.uploads.INLINE_MAX_BYTES", 0)


def test_a_large_file_is_previewed_and_imported_by_the_worker(
    client, qi_team_user, org, in_background, django_capture_on_commit_callbacks
):
    client.force_login(qi_team_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": _upload(_new_people()), "dry_run": "on"})
    page_url = response["Location"]
    page = client.get(page_url).content.decode()
    assert "roster.csv is waiting for the task worker" in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert f'<a href="{page_url}?refresh=off">Stop it refreshing</a>' in page
    page = client.get(f"{page_url}?refresh=off").content.decode()
    assert 'http-equiv="refresh"' not in page
    assert f'<a href="{page_url}?refresh=off">Refresh now</a>' in page

    run_worker()
    page = client.get(page_url).content.decode()
    assert "Preview: nothing has been changed" in page
    assert "1 person would be added" in page
    assert 'http-equiv="refresh"' not in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{page_url}import/")
    assert not Person.objects.filter(employee_number="N000001").exists()
    run_worker()
    page = client.get(page_url).content.decode()
    assert "Import report" in page
    assert "1 person added" in page
    assert RosterImport.objects.get().imported_by == qi_team_user


def test_the_page_shows_how_far_a_large_file_has_got(
    client, qi_team_user, org, in_background, django_capture_on_commit_callbacks
):
    client.force_login(qi_team_user)
    with django_capture_on_commit_callbacks(execute=True):
        page_url = client.post(URL, {"file": _upload(_new_people())})["Location"]
    running = RosterUpload.objects.all()
    running.update(status=RosterUploadStatus.RUNNING)
    assert "Reading roster.csv…" in client.get(page_url).content.decode()
    running.update(rows_total=50_000, rows_done=20_000)
    page = client.get(page_url).content.decode()
    assert "Checked 20,000 of 50,000 rows" in page
    assert '<progress id="roster-progress" max="50000" value="20000">' in page
    assert '<meta http-equiv="refresh" content="3">' in page
    running.update(rows_done=50_000)
    assert "now writing the changes" in client.get(page_url).content.decode()


def test_progress_is_recorded_as_rows_are_checked_before_anything_is_written(
    client, qi_team_user, org, in_background, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("qihub.core.roster.services.PROGRESS_STEP", 1)
    client.force_login(qi_team_user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"file": _upload(_new_people())})
    with CaptureQueriesContext(connection) as queries:
        run_worker()
    statements = [query["sql"] for query in queries.captured_queries]
    progress = [
        index
        for index, sql in enumerate(statements)
        if sql.startswith('UPDATE "core_rosterupload" SET "rows_done" = ')
    ]
    first_write = next(
        index for index, sql in enumerate(statements) if sql.startswith('INSERT INTO "core_person"')
    )
    assert len(progress) >= 2  # one a row
    assert progress[1] < first_write
    assert RosterUpload.objects.get().rows_done == 2


def test_a_large_file_that_cannot_be_read_says_why_on_its_page(
    client, qi_team_user, org, in_background, django_capture_on_commit_callbacks
):
    client.force_login(qi_team_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"file": _upload(b"PK\x03\x04broken", "roster.xlsx"), "dry_run": "on"}
        )
    run_worker()
    page = client.get(response["Location"]).content.decode()
    assert "roster.xlsx: the spreadsheet is damaged and cannot be read" in page
    assert "Nothing was changed." in page
    assert RosterUpload.objects.get().data is None
