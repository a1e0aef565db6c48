"""What the database server would log about a vote: nothing.

PostgreSQL writes the full text of every statement that fails to its log
(`log_min_error_statement = error`, the default), and with client-side parameter binding
(Django's default) that text holds every value: a refused repeat vote used to be logged with
the voter's person id and their whole sealed vote. The vote's expected refusals (already voted,
not an elector, voting closed) are now found from what a statement returns, never from an error.
`failing_statements` records, as the server would log it, every statement that fails on the
test's connection; on PostgreSQL, where the test may read the server's log file, it is read too.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import Elector, VoteCast
from qihub.competitions.sealing import receipt_hash, vote_seal
from qihub.competitions.services import competition_close_voting, vote_cast
from qihub.competitions.services.ballot_box import ballot_box_mix, voting_lock_statement
from qihub.competitions.services.voting import _receipt_new

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
needs_postgresql = pytest.mark.skipif(
    not ON_POSTGRESQL, reason="the server's log, its timeouts and its locks are PostgreSQL's"
)


def _as_sent(context: dict[str, Any], sql: str, params: Any, many: bool) -> str:
    """The statement as it reaches the server, values and all (psycopg's client-side binding)."""
    cursor = context["cursor"].cursor
    if ON_POSTGRESQL and params is not None:
        batches = params if many else [params]
        return "; ".join(cursor.mogrify(sql, batch) for batch in batches)
    return f"{sql} {params!r}"


@contextmanager
def failing_statements() -> Iterator[list[str]]:
    """Record every statement that fails on this thread's connection, as it was sent."""
    failed: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        try:
            return execute(sql, params, many, context)
        except Exception:
            failed.append(_as_sent(context, sql, params, many))
            raise

    with connection.execute_wrapper(record):
        yield failed


@contextmanager
def secrets_of_each_vote() -> Iterator[list[str]]:
    """Collect, as the server would see them in a statement's text, the sealed vote and the
    receipt code and hash of every vote attempted in the block."""
    secrets: list[str] = []

    def seal(**kwargs: Any) -> bytes:
        sealed = vote_seal(**kwargs)
        secrets.extend([sealed.hex(), kwargs["receipt_hash"]])
        return sealed

    def receipt() -> str:
        code = _receipt_new()
        secrets.extend([code, receipt_hash(code)])
        return code

    voting = "qihub.competitions.services.voting"
    with (
        mock.patch(f"{voting}.vote_seal", side_effect=seal),
        mock.patch(f"{voting}._receipt_new", side_effect=receipt),
    ):
        yield secrets


def _assert_nothing_logged(failed: list[str], secrets: list[str], person_id: int) -> None:
    logged = "\n".join(failed)
    for secret in secrets:
        assert secret not in logged, "a failing statement carried a vote's secret"
    assert f"person_id = {person_id}" not in logged, "a failing statement named the voter"
    assert failed == [], failed


@pytest.fixture
def elector(voting):
    return Elector.objects.filter(competition=voting).select_related("person").first()


@pytest.mark.parametrize("repeat", ["same choice", "other choice"])
def test_a_repeated_vote_makes_no_statement_fail(voting, elector, repeat):
    first, second = voting.entries.filter(shortlisted=True).order_by("number")
    vote_cast(competition=voting, person=elector.voter, entry=first)
    again = first if repeat == "same choice" else second
    with (
        secrets_of_each_vote() as secrets,
        failing_statements() as failed,
        pytest.raises(CompetitionError) as error,
    ):
        vote_cast(competition=voting, person=elector.voter, entry=again)
    assert error.value.code == "already_voted"
    assert VoteCast.objects.filter(elector=elector).count() == 1
    _assert_nothing_logged(failed, secrets, elector.person_id)


def test_no_statement_fails_for_any_refusal_or_for_a_vote(voting, elector, staff_user):
    entry = voting.entries.filter(shortlisted=True).first()
    with secrets_of_each_vote() as secrets, failing_statements() as failed:
        vote_cast(competition=voting, person=elector.voter, entry=entry)
        with pytest.raises(CompetitionError) as not_elector:
            vote_cast(competition=voting, person=staff_user.person, entry=entry)
        ballot_box_mix(competition=voting, minimum=0)
        competition_close_voting(competition=voting)
        with pytest.raises(CompetitionError) as closed:
            vote_cast(competition=voting, person=elector.voter, entry=entry)
    assert (not_elector.value.code, closed.value.code) == ("not_eligible", "voting_closed")
    _assert_nothing_logged(failed, secrets, elector.person_id)


def _server_log_path() -> str | None:
    """The server's log file, if this connection may read it (a superuser, or a member of
    pg_read_server_files) and its lines name their process: the logging collector's file, or
    the one Debian's `pg_ctlcluster` writes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_has_role(current_user, 'pg_read_server_files', 'USAGE'), "
            "pg_current_logfile(), current_setting('cluster_name'), "
            "current_setting('log_line_prefix')"
        )
        allowed, collector, cluster, prefix = cursor.fetchone()
        if not allowed or "%p" not in prefix or not (collector or cluster):
            return None
        path = collector or f"/var/log/postgresql/postgresql-{cluster.replace('/', '-')}.log"
        cursor.execute("SELECT (pg_stat_file(%s, true)).size IS NOT NULL", [path])
        return path if cursor.fetchone()[0] else None


def _log_size(path: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT (pg_stat_file(%s)).size", [path])
        return cursor.fetchone()[0]


def _log_since(path: str, offset: int) -> list[str]:
    """This connection's lines in the server's log from `offset` on."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), pg_read_file(%s, %s, 100000000)", [path, offset])
        pid, text = cursor.fetchone()
    return [line for line in text.splitlines() if f"[{pid}]" in line]


@needs_postgresql
def test_the_database_server_logs_nothing_for_a_repeated_vote(voting, elector):
    """Read the server's own log, as configured by default (only failing statements)."""
    path = _server_log_path()
    if path is None:
        pytest.skip("this connection may not read the server's log, or its lines name no process")
    with connection.cursor() as cursor:
        for setting, value in [
            ("log_min_error_statement", "error"),
            ("log_statement", "none"),
            ("log_min_duration_statement", "-1"),
        ]:
            cursor.execute("SELECT set_config(%s, %s, false)", [setting, value])
    entry = voting.entries.filter(shortlisted=True).first()
    start = _log_size(path)
    with secrets_of_each_vote() as secrets:
        vote_cast(competition=voting, person=elector.voter, entry=entry)
        with pytest.raises(CompetitionError):
            vote_cast(competition=voting, person=elector.voter, entry=entry)
    logged = _log_since(path, start)
    assert not any(secret in line for line in logged for secret in secrets), logged
    assert logged == []


@needs_postgresql
def test_a_vote_waiting_for_the_close_is_not_cancelled_by_a_timeout(voting, elector):
    """A vote waits for the voting lock while voting closes. A timeout set for the database
    role would cancel it, and PostgreSQL logs a cancelled statement in full; the vote's
    transaction waits instead, however long the close takes."""
    statement = voting_lock_statement(voting, exclusive=True)
    assert statement is not None
    held, release = threading.Event(), threading.Event()

    def closing() -> None:  # holds the lock as a close does, on this thread's own connection
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(*statement)
                held.set()
                release.wait(timeout=10)
        finally:
            connections.close_all()

    closer = threading.Thread(target=closing)
    closer.start()
    assert held.wait(timeout=10)
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '200ms'")
        cursor.execute("SET lock_timeout = '100ms'")
    threading.Timer(0.6, release.set).start()
    entry = voting.entries.filter(shortlisted=True).first()
    with secrets_of_each_vote() as secrets, failing_statements() as failed:
        receipt = vote_cast(competition=voting, person=elector.voter, entry=entry)
    closer.join(timeout=10)
    assert receipt
    _assert_nothing_logged(failed, secrets, elector.person_id)
