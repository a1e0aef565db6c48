"""`make bench-aims`: the programme's pages with a realistic load of data (issue 11, section 3).

On a fresh, temporary PostgreSQL database it builds 40 published aims, each with 10 years of
weekly data (520 points: 30 continuous measures on XmR charts, 6 proportions on p charts and 4
counts on c charts), then measures, as in production (DEBUG off, the production settings and
the real middleware, in this one process through Django's request handler):

1. a bare view through the same middleware (the floor), signed out and signed in;
2. "Our mission and aims" (/programme/): the mission and the summary table of all 40 aims,
   charted through `measures_summary`'s batch path;
3. one aim's page (/programme/aims/<slug>/): its chart, reading and 520-row table;
4. if `benchmarks/aims/consultation.py` exists, the page its `build(*, comments: int) -> str`
   returns (the consultation's analysis with 20,000 comments), signed in as the QI team.

Each page is fetched a few times to warm up, then timed; the report gives the median, the 95th
percentile and the ratio of the medians to the bare view's, and the number of queries each page
makes. The database is dropped afterwards; the one DATABASE_URL names is never touched.

    .venv/bin/python benchmarks/aims/bench_aims.py [--aims 40] [--years 10] [--requests 40]
        [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]

Results are recorded in docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import math
import os
import platform
import random
import secrets
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
OUT = ROOT / "var" / "bench-aims"
SEED = 20261111
WARM_UP = 3


@dataclass
class Timing:
    name: str
    url: str
    seconds: list[float]
    queries: int
    size: int

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)] * 1000


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


@contextlib.contextmanager
def _temporary_database(postgres_url: str) -> Iterator[str]:
    import psycopg

    name = f"qihub_bench_aims_{os.getpid()}"
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


def _production_environment(database_url: str) -> None:
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
            "DJANGO_SETTINGS_MODULE": "benchmarks.aims.settings",
        }
    )
    sys.path.insert(0, str(ROOT))


def _weeks(years: int) -> list[dt.date]:
    first = dt.date(2016, 1, 4)  # a Monday: weekly periods start on one
    return [first + dt.timedelta(weeks=week) for week in range(52 * years)]


def build(*, aims: int, years: int) -> list[str]:
    """The programme: a mission, five stages and `aims` published aims with weekly data."""
    from qihub.core.tests.factories import StaffFactory
    from qihub.measurement.models import (
        DataPoint,
        DataSource,
        DataType,
        Direction,
        Frequency,
        Measure,
    )
    from qihub.programme.models import Aim, Stage
    from qihub.programme.services import stage_save, statement_publish

    rng = random.Random(SEED)  # noqa: S311 - benchmark data
    statement_publish(kind="mission", text="Safe, kind care, improved every day.", actor=None)
    statement_publish(kind="vision", text="The best care in England.", actor=None)
    for position, name in enumerate(
        ["Direction", "Building will", "Building capability", "Improving at scale", "Sustaining"]
    ):
        stage_save(stage=Stage(name=name, position=position), actor=None)
    owner = StaffFactory.create()
    weeks = _weeks(years)
    slugs = []
    for number in range(aims):
        kind = (
            DataType.PROPORTION if number % 7 == 3 else DataType.COUNT if number % 10 == 9 else None
        ) or DataType.CONTINUOUS
        measure = Measure.objects.create(
            name=f"Outcome measure {number + 1}",
            slug=f"outcome-{number + 1}",
            definition="Counted each week from the patient record.",
            data_type=kind,
            frequency=Frequency.WEEK,
            direction=Direction.DECREASE if number % 2 else Direction.INCREASE,
            unit="" if kind == DataType.PROPORTION else "days",
        )
        level, shift = 50 + number, rng.choice([0.0, 0.0, 4.0, -4.0])
        points = []
        for index, period in enumerate(weeks):
            moved = shift if index > len(weeks) * 0.8 else 0.0
            if kind == DataType.PROPORTION:
                base = 400 + rng.randint(-30, 30)
                share = min(0.99, max(0.01, 0.7 + moved / 100 + rng.gauss(0, 0.02)))
                numbers: dict[str, Any] = {"numerator": round(base * share), "denominator": base}
            elif kind == DataType.COUNT:
                numbers = {"value": float(max(0, round(12 + moved + rng.gauss(0, 3))))}
            else:
                numbers = {"value": round(level + moved + rng.gauss(0, 2.5), 1)}
            points.append(
                DataPoint(
                    measure=measure,
                    data_type=kind,
                    period=period,
                    source=DataSource.DEMO,
                    **numbers,
                )
            )
        DataPoint.objects.bulk_create(points, batch_size=2000)
        aim = Aim(
            title=f"System-level aim {number + 1}",
            slug=f"aim-{number + 1}",
            description="What this aim means for patients, in plain words.",
            measure=measure,
            baseline_value=level,
            baseline_period="2016",
            target_value=0.75 if kind == DataType.PROPORTION else level - 2,
            target_date=dt.date(2027, 3, 31),
            owner=owner,
            position=number,
            live=False,
        )
        aim.save()
        aim.save_revision().publish(skip_permission_checks=True)
        slugs.append(aim.slug)
    return slugs


def _time(client: Any, name: str, url: str, requests: int, profile: bool = False) -> Timing:
    from django.db import connection

    for _ in range(WARM_UP):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    # Counted by a wrapper: Django empties its own query log when each request starts.
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        response = client.get(url)
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    return Timing(name, url, seconds, len(queries), len(response.content))


def _consultation_module() -> Any:
    """benchmarks/aims/consultation.py, if the consultations app has added it."""
    path = HERE / "consultation.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("benchmarks.aims.consultation", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(args: argparse.Namespace) -> list[Timing]:
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client

    from qihub.core.models import User
    from qihub.core.permissions import QI_TEAM_GROUP

    print("Migrating and collecting static files…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"Building {args.aims} aims with {args.years} years of weekly data…", flush=True)
    started = time.perf_counter()
    slugs = build(aims=args.aims, years=args.years)
    print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
    visitor = Client()
    qi_team = Client()
    member = User.objects.create_user(email="bench.qi@trust.example", password=None)
    member.groups.add(Group.objects.get(name=QI_TEAM_GROUP))
    qi_team.force_login(member)
    timings = [
        _time(visitor, "bare view, signed out", "/bench/bare/", args.requests),
        _time(
            visitor, "Our mission and aims (40 aims)", "/programme/", args.requests, args.profile
        ),
        _time(
            visitor,
            "one aim's page (520 points)",
            f"/programme/aims/{slugs[0]}/",
            args.requests,
            args.profile,
        ),
        _time(qi_team, "bare view, signed in (QI team)", "/bench/bare/", args.requests),
    ]
    consultation = _consultation_module()
    if consultation is not None:
        print("Building the consultation…", flush=True)
        url = consultation.build(comments=args.comments)
        timings.append(
            _time(
                qi_team, f"consultation analysis ({args.comments:,} comments)", url, args.requests
            )
        )
    return timings


def _report(timings: list[Timing], args: argparse.Namespace, database: str) -> None:
    floors = {"signed out": timings[0].median_ms, "signed in": timings[3].median_ms}
    print()
    print(f"machine: {_cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}")
    print(f"database: {database}; {args.requests} timed requests each after {WARM_UP} warm-ups")
    print(f"{'page':<46}{'median ms':>10}{'p95 ms':>9}{'× bare':>8}{'queries':>9}{'KiB':>7}")
    for timing in timings:
        floor = floors[
            "signed in"
            if "QI team" in timing.name or "consultation" in timing.name
            else "signed out"
        ]
        print(
            f"{timing.name:<46}{timing.median_ms:>10.1f}{timing.p95_ms:>9.1f}"
            f"{timing.median_ms / floor:>8.1f}{timing.queries:>9}{timing.size / 1024:>7.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aims", type=int, default=40)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
    parser.add_argument("--comments", type=int, default=20_000, help="for the consultation")
    parser.add_argument("--profile", action="store_true", help="print where the pages' time goes")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    args = parser.parse_args()
    if not args.postgres_url.startswith(("postgres://", "postgresql://")):
        sys.exit("bench-aims runs on PostgreSQL: give --postgres-url postgres://…")
    OUT.mkdir(parents=True, exist_ok=True)
    with _temporary_database(args.postgres_url) as database_url:
        _production_environment(database_url)
        timings = run(args)
        from django.db import connection

        version = connection.cursor().connection.info.server_version
    _report(timings, args, f"PostgreSQL {version // 10000}.{version % 10000}")


if __name__ == "__main__":
    main()
