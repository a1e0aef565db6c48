"""A roster upload's own page: only its uploader sees it, Import after a Preview without the file
again, the file kept for a limited time, the report downloaded, large files in the background."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from qihub.core.models import Person, RosterImport, RosterUpload, RosterUploadStatus, User
from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.roster.uploads import roster_uploads_forget
from qihub.core.tests.roster_helpers import (
    UPLOAD_URL as URL,
)
from qihub.core.tests.roster_helpers import (
    csv_bytes,
    new_people_csv,
    roster_row,
    run_import,
    uploaded_file,
)
from qihub.core.tests.worker import run_worker

# The upload's own page: who may see it ----------------------------------------------------


def _preview(client: Client, data: bytes | None = None, **fields: str) -> RosterUpload:
    client.post(URL, {"file": uploaded_file(data or new_people_csv()), "dry_run": "on", **fields})
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


def test_back_office_users_without_the_import_permission_cannot_see_anuploaded_file(
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
    assert kept is not None and bytes(kept) == new_people_csv()
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
        response = client.post(URL, {"file": uploaded_file(new_people_csv()), "dry_run": "on"})
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
        page_url = client.post(URL, {"file": uploaded_file(new_people_csv())})["Location"]
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
        client.post(URL, {"file": uploaded_file(new_people_csv())})
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
            URL, {"file": uploaded_file(b"PK\x03\x04broken", "roster.xlsx"), "dry_run": "on"}
        )
    run_worker()
    page = client.get(response["Location"]).content.decode()
    assert "roster.xlsx: the spreadsheet is damaged and cannot be read" in page
    assert "Nothing was changed." in page
    assert RosterUpload.objects.get().data is None
