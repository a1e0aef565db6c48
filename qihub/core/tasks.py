"""Background tasks, run by the worker (`qihub worker`) after the change that asks commits.

Reading and importing a large roster file uploaded in the back office, and forgetting the files
of previews once they have been kept long enough.
"""

from django_tasks import task

from qihub.core.roster.uploads import roster_upload_run, roster_uploads_forget


@task()
def roster_upload_process(upload_id: str) -> None:
    """Preview or import an uploaded roster file, recording progress and the report on it."""
    roster_upload_run(upload_id=upload_id)


@task()
def roster_uploads_forget_due() -> int:
    """Delete the roster uploads and preview files kept long enough; return how many."""
    return roster_uploads_forget()
