"""Running the background worker from a test."""

from unittest import mock

from django.core.management import call_command


def run_worker() -> None:
    """Run the background worker until the queue is empty (the real `qihub worker`).

    Between tasks the worker closes connections it thinks are stale, and inside a test's
    transaction that is the test's own connection on PostgreSQL (SQLite's in-memory test
    database ignores the close), so that one step is skipped here.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
