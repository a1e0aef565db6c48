"""Roster files uploaded in the back office: kept while they are previewed and imported, read and
imported in the web request when small and by the task worker when large, with their progress
and report recorded on the upload (`RosterUpload`)."""

import datetime
import io
import uuid
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Length
from django.template.defaultfilters import pluralize
from django.utils import timezone

from qihub.core.models import RosterUpload, RosterUploadStatus, User
from qihub.core.roster.errors import RosterError
from qihub.core.roster.reading import read_roster
from qihub.core.roster.services import roster_import

#: A file larger than this is read and imported by the task worker, not in the web request.
INLINE_MAX_BYTES = 1_000_000
#: How long after an upload a preview's file is kept, so that Import need not ask for it again.
PREVIEW_KEPT_FOR = datetime.timedelta(hours=1)
#: How long an upload's record, with its report for download, is kept.
UPLOAD_KEPT_FOR = datetime.timedelta(days=1)


class RosterUploadError(Exception):
    """The upload cannot do what was asked; `code` says why and the message says it in words."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def roster_upload_start(
    *, user: User, file: UploadedFile, full_roster: bool, dry_run: bool
) -> RosterUpload:
    """Keep the uploaded file and preview or import it: now if it is small, else in the worker.

    Raises RosterError, keeping nothing, if a small file cannot be imported at all; a large
    file's problem is recorded on the upload, as its progress and report are.
    """
    roster_uploads_forget()
    data = file.read()
    upload = RosterUpload.objects.create(
        uploaded_by=user,
        source_name=file.name or "roster",
        data=data,
        full_roster=full_roster,
        dry_run=dry_run,
    )
    if _start(upload.pk, size=len(data)):
        upload.refresh_from_db(fields=["status", "message"])
        if upload.status == RosterUploadStatus.FAILED:
            upload.delete()
            raise RosterError(upload.message)
    return upload


def roster_upload_import(*, upload: RosterUpload) -> None:
    """Import the file a preview read, as it was previewed, without asking for it again."""
    if refusal := _import_refusal(upload):
        raise refusal
    # One import however often Import is pressed: only the first finds the preview unchanged.
    started = RosterUpload.objects.filter(
        pk=upload.pk, dry_run=True, status=RosterUploadStatus.DONE, data__isnull=False
    ).update(dry_run=False, status=RosterUploadStatus.WAITING, rows_done=0, report=None)
    if not started:
        raise RosterUploadError("This file has been imported already.", code="imported")
    _start(upload.pk, size=_file_size(upload) or 0)


def roster_upload_can_import(*, upload: RosterUpload) -> bool:
    """Whether the upload is a finished preview whose file is still kept."""
    return _import_refusal(upload) is None


def _import_refusal(upload: RosterUpload) -> RosterUploadError | None:
    if not upload.dry_run:
        return RosterUploadError("This file has been imported already.", code="imported")
    if upload.status != RosterUploadStatus.DONE:
        return RosterUploadError("Its preview has not finished.", code="not_previewed")
    if upload.uploaded_at < timezone.now() - PREVIEW_KEPT_FOR or _file_size(upload) is None:
        hours = PREVIEW_KEPT_FOR // datetime.timedelta(hours=1)
        return RosterUploadError(
            f"The file was kept for {hours} hour{pluralize(hours)} after it was uploaded and "
            "has been deleted; choose it again to import it.",
            code="expired",
        )
    return None


def _file_size(upload: RosterUpload) -> int | None:
    """The size of the upload's file, or None once it has been deleted (without reading it)."""
    sizes = RosterUpload.objects.filter(pk=upload.pk).annotate(size=Length("data"))
    return sizes.values_list("size", flat=True).get()


def _start(upload_id: uuid.UUID | str, *, size: int) -> bool:
    """Run the upload now if its file is small (and say so), else ask the worker to run it."""
    if size <= INLINE_MAX_BYTES:
        roster_upload_run(upload_id=upload_id)
        return True
    # Imported here: the tasks import this module to run the upload.
    from qihub.core.tasks import roster_upload_process

    transaction.on_commit(partial(roster_upload_process.enqueue, str(upload_id)))
    return False


def roster_upload_run(*, upload_id: uuid.UUID | str) -> None:
    """Read the upload's file and preview or import it, recording progress, then the report.

    A file that cannot be imported at all leaves its message on the upload. The file is deleted
    when the run ends, but for a preview's, which is kept for Import (PREVIEW_KEPT_FOR).
    """
    kept = RosterUpload.objects.filter(pk=upload_id)
    if not kept.filter(status=RosterUploadStatus.WAITING).update(
        status=RosterUploadStatus.RUNNING, rows_total=None, rows_done=0
    ):
        return  # finished, already running, or forgotten
    upload = kept.select_related("uploaded_by").get()
    data = bytes(upload.data or b"")
    try:
        roster = read_roster(io.BytesIO(data), filename=upload.source_name)
        kept.update(rows_total=len(roster.rows))

        def checked(rows: int) -> None:
            kept.update(rows_done=F("rows_done") + rows)

        def run(*, dry_run: bool, watched: bool) -> dict[str, Any]:
            return roster_import(
                rows=roster.rows,
                full=upload.full_roster,
                dry_run=dry_run,
                source_name=upload.source_name,
                actor=upload.uploaded_by,
                ignored_columns=roster.ignored_columns,
                progress=checked if watched else None,
            ).to_data()

        if not upload.dry_run and len(data) > INLINE_MAX_BYTES:
            # An import checks and writes in one transaction, whose progress no one else sees
            # until it commits; someone waiting for a large file watches a check of it first.
            run(dry_run=True, watched=True)
        report = run(dry_run=upload.dry_run, watched=upload.dry_run)
    except RosterError as error:
        kept.update(status=RosterUploadStatus.FAILED, message=str(error), data=None)
        return
    except Exception:
        kept.update(
            status=RosterUploadStatus.FAILED,
            message="The import stopped on an error, which has been logged; nothing was written.",
            data=None,
        )
        raise
    finished = {"status": RosterUploadStatus.DONE, "rows_done": F("rows_total"), "report": report}
    kept.update(**finished, **({} if upload.dry_run else {"data": None}))
    if upload.dry_run:
        _forget_later()


def _forget_later() -> None:
    from qihub.core.tasks import roster_uploads_forget_due

    later = roster_uploads_forget_due.using(run_after=timezone.now() + PREVIEW_KEPT_FOR)
    transaction.on_commit(later.enqueue)


def roster_uploads_forget() -> int:
    """Delete the uploads kept long enough and the files of previews kept long enough.

    Returns how many uploads were deleted or lost their file.
    """
    now = timezone.now()
    deleted, _ = RosterUpload.objects.filter(uploaded_at__lt=now - UPLOAD_KEPT_FOR).delete()
    emptied = RosterUpload.objects.filter(
        uploaded_at__lt=now - PREVIEW_KEPT_FOR,
        data__isnull=False,
        status__in=[RosterUploadStatus.DONE, RosterUploadStatus.FAILED],
    ).update(data=None)
    return deleted + emptied
