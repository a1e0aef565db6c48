"""`make bench-dashboard`: the critical-mass dashboard at the scale of a large health system
(issue 12, section 3).

On a fresh, temporary PostgreSQL database it generates, in SQL (generate_series), 20
directorates of 10 services and 500 teams on 30 sites, 1.5 million staff (3 % of them leavers)
and 20 million ledger records over two years, skewed so that some people act often and many
never, rising towards today; rolls the ledger up by month as migration 0003 does; sets the
demo's rule set and aim; then measures, as in production (DEBUG off, the production settings
and middleware, through Django's request handler, signed in as the QI team):

1. the first build of the tallies (24 months), which the first page view triggers;
2. the dashboard's main page and one directorate's drill-down, tallies up to date;
3. one new act (`engagement_record`) and the next page view, which moves its person.

The numbers the pages show are checked against plain SQL counts on the raw ledger and the
roster. The database is dropped afterwards.

    .venv/bin/python benchmarks/dashboard/bench_dashboard.py [--staff 1500000]
        [--records 20000000] [--requests 10]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]

Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import secrets
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "var" / "bench-dashboard"
CHUNK = 2_000_000


@contextlib.contextmanager
def _temporary_database(postgres_url: str) -> Iterator[str]:
    import psycopg

    name = f"qihub_bench_dashboard_{os.getpid()}"
    parts = urlsplit(postgres_url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _environment(database_url: str) -> None:
    for key in [key for key in os.environ if key.startswith(("QIHUB_", "DJANGO_"))]:
        del os.environ[key]
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "QIHUB_SECRET_KEY": secrets.token_urlsafe(50),
            "QIHUB_ALLOWED_HOSTS": "testserver",
            "QIHUB_SECURE_SSL_REDIRECT": "0",
            "QIHUB_VAR_DIR": str(OUT),
            "QIHUB_STATIC_ROOT": str(OUT / "static"),
            "DJANGO_SETTINGS_MODULE": "qihub.settings",
        }
    )
    sys.path.insert(0, str(ROOT))


def _step(label: str, sql: str, params: list | None = None) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    print(f"  {label}: {time.perf_counter() - started:.1f} s", flush=True)


def _indexes_drop(table: str) -> list[tuple[str, str]]:
    """Load a table as a restore would: its foreign-key triggers off (the rows are valid by
    construction) and its secondary indexes built once at the end (`_indexes_build`)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef, c.conname FROM pg_indexes i "
            "LEFT JOIN pg_constraint c ON c.conname = i.indexname "
            "WHERE i.tablename = %s AND i.indexname NOT LIKE %s",
            [table, "%pkey"],
        )
        indexes = cursor.fetchall()
        for name, _, constraint in indexes:
            if constraint:
                cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            else:
                cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
    return [
        (
            name,
            definition
            if not constraint
            else f"ALTER TABLE {table} ADD CONSTRAINT "
            f'"{name}" UNIQUE USING INDEX "{name}"|{definition}',
        )
        for name, definition, constraint in indexes
    ]


def _indexes_build(table: str, indexes: list[tuple[str, str]]) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
    for name, definition in indexes:
        if "|" in definition:
            constraint, index = definition.split("|", 1)
            _step(f"index {name}", index)
            _step(f"constraint {name}", constraint)
        else:
            _step(f"index {name}", definition)


def generate(*, staff: int, records: int, today: dt.date) -> None:
    """The organisation, the roster and the ledger, in SQL."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
    _step(
        "30 sites, 20 directorates, 200 services",
        "INSERT INTO core_location (name, address) SELECT 'Site ' || s, '' "
        "FROM generate_series(1, 30) s; "
        "INSERT INTO core_directorate (name, code) SELECT 'Directorate ' || d, 'D' || d "
        "FROM generate_series(1, 20) d; "
        "INSERT INTO core_service (directorate_id, name) "
        "SELECT (SELECT id FROM core_directorate WHERE code = 'D' || (1 + s % 20)), "
        "'Service ' || s FROM generate_series(0, 199) s; "
        "INSERT INTO core_stafflevel (name, position, is_senior_leader) "
        "SELECT 'Band ' || b, b, b >= 8 FROM generate_series(1, 9) b",
    )
    _step(
        "10,000 teams",
        "INSERT INTO core_team (service_id, name, code, location_id) "
        "SELECT (SELECT min(id) FROM core_service) + t % 200, 'Team ' || t, 'T' || t, "
        "(SELECT min(id) FROM core_location) + t % 30 FROM generate_series(0, 9999) t",
    )
    _step(
        f"{staff:,} staff",
        "INSERT INTO core_person (kind, employee_number, first_name, last_name, email, team_id, "
        "level_id, job_title, start_date, leave_date, is_active, created_at, updated_at) "
        "SELECT 'staff', 'E' || p, 'First', 'Last ' || p, '', "
        "(SELECT min(id) FROM core_team) + mod(p::bigint * 7919, 10000), "
        "(SELECT min(id) FROM core_stafflevel) + mod(p, 9), '', "
        "CASE WHEN mod(p, 10) = 0 AND mod(p, 33) <> 0 THEN %s - mod(p, 700) END, "
        "CASE WHEN mod(p, 33) = 0 THEN %s - mod(p, 600) END, mod(p, 33) <> 0, now(), now() "
        "FROM generate_series(1, %s) p",
        [today, today, staff],
    )
    indexes = _indexes_drop("engagement_engagementrecord")
    done = 0
    while done < records:
        size = min(CHUNK, records - done)
        # Skewed people (random()^3: a few act often, many never) and days (more of them lately).
        _step(
            f"ledger records {done + 1:,}–{done + size:,}",
            "INSERT INTO engagement_engagementrecord "
            "(person_id, kind, subject, subject_label, occurred_on, created_at) "
            "SELECT (SELECT min(id) FROM core_person) + floor(power(random(), 3) * %s)::int, "
            "kinds.codes[1 + floor(random() * array_length(kinds.codes, 1))::int], "
            "'event:1', '', %s - floor(power(random(), 1.6) * 730)::int, now() "
            "FROM generate_series(1, %s), "
            "(SELECT array_agg(code ORDER BY code) AS codes FROM engagement_engagementkind) kinds",
            [staff, today, size],
        )
        done += size
    _indexes_build("engagement_engagementrecord", indexes)
    rollup_indexes = _indexes_drop("engagement_engagementmonth")
    _step(
        "the monthly roll-up (as migration 0003 rolls up existing records)",
        "INSERT INTO engagement_engagementmonth (person_id, month, kind, acts) "
        "SELECT person_id, date_trunc('month', occurred_on)::date, kind, count(*) "
        "FROM engagement_engagementrecord GROUP BY 1, 2, 3",
    )
    _indexes_build("engagement_engagementmonth", rollup_indexes)
    _step("ANALYZE", "ANALYZE")


def rules(today: dt.date) -> None:
    from qihub.engagement.models import EngagementAim, EngagementLevel

    levels = {
        name: EngagementLevel.objects.create(
            name=name, position=position, min_acts=acts, months=months, min_kinds=kinds
        )
        for name, position, acts, months, kinds in [
            ("Aware", 1, 1, 12, 1),
            ("Involved", 2, 2, 12, 1),
            ("Active", 3, 4, 6, 2),
            ("Leading", 4, 10, 12, 3),
        ]
    }
    EngagementAim.objects.create(
        level=levels["Involved"],
        share=20,
        starts_on=today - dt.timedelta(days=300),
        due_on=today + dt.timedelta(days=65),
    )


def plain_counts(today: dt.date) -> dict[int | None, tuple[int, int]]:
    """Staff on today's roster and those at Involved or above (two or more acts since the first
    day of the month 11 months ago: the Active and Leading rules imply it), by directorate and
    (None) overall, straight from the ledger."""
    from django.db import connection

    from qihub.engagement.tallies import months_before

    start = months_before(today.replace(day=1), 11)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.directorate_id, count(*), count(*) FILTER (WHERE acts.n >= 2) "
            "FROM core_person p JOIN core_team t ON t.id = p.team_id "
            "JOIN core_service s ON s.id = t.service_id "
            "LEFT JOIN (SELECT person_id, count(*) AS n FROM engagement_engagementrecord "
            "WHERE occurred_on >= %s AND occurred_on <= %s GROUP BY person_id) acts "
            "ON acts.person_id = p.id "
            "WHERE p.kind = 'staff' AND (p.start_date IS NULL OR p.start_date <= %s) "
            "AND ((p.leave_date IS NULL AND p.is_active) OR p.leave_date >= %s) "
            "GROUP BY ROLLUP (s.directorate_id)",
            [start, today, today, today],
        )
        return {directorate: (total, above) for directorate, total, above in cursor.fetchall()}


def _timed(client, url: str, requests: int) -> list[float]:
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        seconds.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    return seconds


def _line(name: str, seconds: list[float]) -> str:
    ordered = sorted(seconds)
    return (
        f"{name:<58}{statistics.median(ordered) * 1000:>10.0f}{ordered[-1] * 1000:>9.0f}"
        f"{len(ordered):>6}"
    )


def run(args: argparse.Namespace) -> list[str]:
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from qihub.core.models import Directorate, Person, User
    from qihub.core.permissions import QI_TEAM_GROUP
    from qihub.engagement.selectors import engagement_breakdown
    from qihub.engagement.services import engagement_record
    from qihub.engagement.tallies import month_of

    today = timezone.localdate()
    print("Migrating…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Generating {args.staff:,} staff and {args.records:,} ledger records…", flush=True)
    generate(staff=args.staff, records=args.records, today=today)
    rules(today)
    member = User.objects.create_user(email="bench.qi@trust.example", password=None)
    member.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    client = Client()
    client.force_login(member)
    directorate = Directorate.objects.get(code="D1")
    main, drill = "/critical-mass/", f"/critical-mass/directorates/{directorate.pk}/"
    lines = []
    lines.append(_line("first view: build the tallies (24 months)", _timed(client, main, 1)))
    lines.append(
        _line("dashboard main page, tallies up to date", _timed(client, main, args.requests))
    )
    lines.append(
        _line("one directorate's drill-down (500 teams)", _timed(client, drill, args.requests))
    )
    person = Person.objects.filter(is_active=True).order_by("-id")[0]
    record_seconds, view_seconds = [], []
    for _ in range(args.requests):
        started = time.perf_counter()
        engagement_record(person=person, kind="voted", subject="competition:1")
        record_seconds.append(time.perf_counter() - started)
        view_seconds += _timed(client, main, 1)
    lines.append(_line("a new act: engagement_record", record_seconds))
    lines.append(_line("main page after a new act (moves its person)", view_seconds))

    month = month_of(today)
    shown = {
        row.key: (row.staff, row.at_or_above(2))
        for row in engagement_breakdown(month=month, by="directorate")
    }
    [overall] = engagement_breakdown(month=month)
    shown[None] = (overall.staff, overall.at_or_above(2))
    plain = plain_counts(today)
    if shown != plain:
        sys.exit(f"The dashboard's numbers differ from the plain SQL counts:\n{shown}\n{plain}")
    staff, above = plain[None]
    lines.append(
        f"checked against plain SQL: {staff:,} staff on the roster, {above:,} "
        f"({above / staff:.1%}) Involved or above; every directorate's numbers equal"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=1_500_000)
    parser.add_argument("--records", type=int, default=20_000_000)
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()
    if not args.postgres_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench-dashboard runs on PostgreSQL: give --postgres-url postgres://…")
    OUT.mkdir(parents=True, exist_ok=True)
    with _temporary_database(args.postgres_url) as database_url:
        _environment(database_url)
        lines = run(args)
        from django.db import connection

        version = connection.cursor().connection.info.server_version
    print()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
        f"PostgreSQL {version // 10000}.{version % 10000}; Python {platform.python_version()}"
    )
    print(f"{'':<58}{'median ms':>10}{'max ms':>9}{'runs':>6}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
