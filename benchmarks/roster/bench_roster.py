"""Benchmark the staff roster import (issue 2, section 2): 50,000 rows in under a minute on SQLite.

On a fresh, temporary database with the demo organisation's structure (about 300 teams, six
staff levels) it generates a seeded roster of N rows and times, end to end (reading the file,
validating every row, writing):

1. the first import of a CSV (everyone is created);
2. a re-import of the same file (nothing changes, nothing is written);
3. a full-roster import in which 5% of the rows changed and 2% of the people are gone (updated
   and leavers);
4. a full-roster import after a reorganisation: every row's team changed (all updated);
5. reading the first roster as XLSX (the file only; the import after it is as in 1-4).

By default the database is a temporary SQLite file. If DATABASE_URL names a PostgreSQL server,
the benchmark creates a temporary database on that server, runs there and drops it afterwards;
the database DATABASE_URL names is never touched.

    .venv/bin/python benchmarks/roster/bench_roster.py [--rows 50000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python \\
        benchmarks/roster/bench_roster.py

`make bench-roster` runs it on SQLite. Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime
import os
import platform
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from qihub.core.roster import RosterReport

ROOT = Path(__file__).resolve().parents[2]
SEED = 20260504
TARGET_SECONDS = 60.0
FIRST_NAMES = "Aisha Ben Chen Deepa Emma Femi Grace Imran Kai Laura Nadia Oliver Priya Sam Zoe"
LAST_NAMES = "Adams Begum Chen Davies Evans Hughes Khan Mensah Okafor Patel Rossi Shah Singh"


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


@contextlib.contextmanager
def _temporary_database(work: Path) -> Iterator[str]:
    """Yield a DATABASE_URL for a fresh database that is removed afterwards."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{work / 'bench.sqlite3'}"
        return
    import psycopg

    name = f"qihub_bench_roster_{os.getpid()}"
    parts = urlsplit(given)
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


def _roster(rows: int, teams: list[str], levels: list[str]) -> list[dict[str, str]]:
    rng = random.Random(SEED)  # noqa: S311 - seeded test data, not secrets
    first_names, last_names = FIRST_NAMES.split(), LAST_NAMES.split()
    people = []
    for index in range(1, rows + 1):
        first, last = rng.choice(first_names), rng.choice(last_names)
        start = datetime.date(2000, 1, 1) + datetime.timedelta(days=rng.randrange(9_000))
        left = start + datetime.timedelta(days=rng.randrange(30, 3_000))
        people.append(
            {
                "employee_number": f"B{index:07d}",
                "first_name": first,
                "last_name": last,
                "work_email": f"{first}.{last}.{index}@bench.example".lower(),
                "team_code": rng.choice(teams),
                "staff_level": rng.choice(levels),
                "job_title": rng.choice(["Staff nurse", "Support worker", "Analyst", "Doctor"]),
                "start_date": start.strftime("%d/%m/%Y"),
                # About 1 in 50 has a leave date, as in a real HR export.
                "leave_date": left.isoformat() if rng.random() < 0.02 else "",
            }
        )
    return people


def _changed(people: list[dict[str, str]], teams: list[str]) -> tuple[list[dict], int, int]:
    """The roster a month on: 5% of rows changed, 2% of people gone."""
    rng = random.Random(SEED + 1)  # noqa: S311 - seeded test data, not secrets
    n = len(people)
    # Those who go are active staff, so each becomes a leaver.
    active = [index for index in range(n) if not people[index]["leave_date"]]
    gone = set(rng.sample(active, n * 2 // 100))
    kept = [index for index in range(n) if index not in gone]
    changed = set(rng.sample(kept, n * 5 // 100))
    result = []
    for index in kept:
        row = dict(people[index])
        if index in changed:
            if index % 2:
                row["team_code"] = next(code for code in teams if code != row["team_code"])
            else:
                row["job_title"] = row["job_title"] + " (band 6)"
        result.append(row)
    return result, len(changed), len(gone)


def _write_csv(path: Path, people: list[dict[str, str]]) -> None:
    from qihub.core.roster import COLUMNS

    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(people)


def _write_xlsx(path: Path, people: list[dict[str, str]]) -> None:
    from openpyxl import Workbook

    from qihub.core.roster import COLUMNS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Roster")
    sheet.append(COLUMNS)
    for person in people:
        sheet.append([person[column] or None for column in COLUMNS])
    workbook.save(path)


def _timed_import(path: Path, *, full: bool) -> tuple[float, float, RosterReport]:
    from qihub.core.roster import read_roster, roster_import

    started = time.perf_counter()
    with path.open("rb") as file:
        roster = read_roster(file, filename=path.name)
    read = time.perf_counter() - started
    report = roster_import(rows=roster.rows, full=full, dry_run=False, source_name=path.name)
    return read, time.perf_counter() - started, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="qihub-bench-roster-"))
    try:
        with _temporary_database(work) as database_url:
            os.environ["DATABASE_URL"] = database_url
            os.environ["QIHUB_VAR_DIR"] = str(work)
            os.environ["QIHUB_DEBUG"] = "1"
            os.environ["DJANGO_SETTINGS_MODULE"] = "qihub.settings"
            sys.path.insert(0, str(ROOT))
            return _run(args.rows, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(rows: int, work: Path) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from qihub.core.demo import STAFF_LEVELS, _structure_build
    from qihub.core.models import Person, PersonKind
    from qihub.core.roster import read_roster

    print("Preparing: migrating a fresh database and building the demo structure…", flush=True)
    call_command("migrate", verbosity=0)
    teams, _ = _structure_build()
    codes = [team.code for team in teams]
    people = _roster(rows, codes, [name for name, _, _ in STAFF_LEVELS])
    first = work / "roster.csv"
    _write_csv(first, people)
    later_people, changed, gone = _changed(people, codes)
    later = work / "roster-next-month.csv"
    _write_csv(later, later_people)
    xlsx = work / "roster.xlsx"
    _write_xlsx(xlsx, people)

    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        vendor = f"{connection.vendor} {cursor.fetchone()[0]}"
    print(
        f"Machine: {len(os.sched_getaffinity(0))} CPUs ({_cpu_model()}), "
        f"Python {platform.python_version()}, "
        f"database {vendor}; {len(teams)} teams; {rows:,} rows "
        f"({first.stat().st_size / 1e6:.1f} MB CSV, {xlsx.stat().st_size / 1e6:.1f} MB XLSX)"
    )
    results = []
    failed = False

    def record(label: str, count: int, read: float, total: float, ok: bool, detail: str) -> None:
        nonlocal failed
        failed = failed or not ok
        results.append((label, count, read, total, detail if ok else f"UNEXPECTED: {detail}"))

    read, total, report = _timed_import(first, full=False)
    record(
        "first import (all created)",
        rows,
        read,
        total,
        len(report.created) == rows and not report.errors,
        f"{len(report.created):,} created, {report.bad_rows} bad rows",
    )
    before = dict(Person.objects.values_list("employee_number", "updated_at"))
    read, total, report = _timed_import(first, full=True)
    after = dict(Person.objects.values_list("employee_number", "updated_at"))
    record(
        "re-import, same file (no changes)",
        rows,
        read,
        total,
        report.changes == 0 and before == after,
        f"{report.unchanged:,} unchanged, {report.changes} changes",
    )
    read, total, report = _timed_import(later, full=True)
    record(
        "full roster: 5% changed, 2% gone",
        len(later_people),
        read,
        total,
        (len(report.updated), len(report.leavers), len(report.created)) == (changed, gone, 0),
        f"{len(report.updated):,} updated, {len(report.leavers):,} leavers",
    )
    reorganised = [
        {**person, "team_code": codes[(codes.index(person["team_code"]) + 1) % len(codes)]}
        for person in later_people
    ]
    _write_csv(later, reorganised)
    read, total, report = _timed_import(later, full=True)
    record(
        "full roster: everyone moved team",
        len(reorganised),
        read,
        total,
        len(report.updated) == len(reorganised),
        f"{len(report.updated):,} updated",
    )
    started = time.perf_counter()
    with xlsx.open("rb") as file:
        roster = read_roster(file, filename=xlsx.name)
    elapsed = time.perf_counter() - started
    record("read the first roster as XLSX", len(roster.rows), elapsed, elapsed, True, "file only")
    staff = Person.objects.filter(kind=PersonKind.STAFF)
    print(f"Staff now: {staff.count():,} ({staff.filter(is_active=True).count():,} active)\n")

    print(f"| {'scenario':<36} | {'rows':>7} | {'read s':>6} | {'total s':>7} | {'rows/s':>7} | |")
    print(f"|{'-' * 38}|{'-' * 9}|{'-' * 8}|{'-' * 9}|{'-' * 9}|---|")
    for label, count, read, total, detail in results:
        print(
            f"| {label:<36} | {count:>7,} | {read:>6.2f} | {total:>7.2f} | "
            f"{count / total:>7,.0f} | {detail} |"
        )
    slowest = max(total for _, _, _, total, _ in results[:4])
    verdict = "within" if slowest < TARGET_SECONDS * rows / 50_000 else "OVER"
    print(
        f"\nSlowest CSV import: {slowest:.1f} s ({verdict} the one-minute target for 50,000 rows)."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
