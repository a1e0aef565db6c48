"""`make bench-vote`: the rush (issue 4, section 5), on PostgreSQL and on SQLite.

For each database it creates a fresh database, an electorate of 20,000 staff with signed-in
sessions and a competition open for voting; serves the app as in production (gunicorn, production
settings, 2 workers); then, from 64 concurrent clients on loopback, drives

1. the bare view (a signed-in POST that inserts one row: the ceiling) flat out,
2. the vote (POST /competitions/<slug>/vote/) flat out, with about 10% repeated attempts,
3. both again at a fixed rate of half the bare view's flat-out throughput (the goal's rate), for
   the latency of a vote at that rate, from the same 64 clients.

Afterwards it checks, from the database, that there is exactly one ballot per voter who was
shown a receipt, that every receipt shown is in the count, that nobody was shown two and that
`qihub tally` agrees. Results go to var/bench-vote/results-<database>.json and standard output.

    python benchmarks/vote/bench_vote.py [--database postgresql|sqlite|both] [--voters 20000]
        [--clients 64] [--seconds 40] [--paced-seconds 20]

PostgreSQL is reached as the `postgres` user on 127.0.0.1:5432 (override with --postgres-url);
the database qihub_bench is dropped and created again.
"""

import argparse
import json
import os
import platform
import random
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.vote.load import (  # noqa: E402 - after the path is set
    Attempt,
    Phase,
    classify_bare,
    classify_vote,
    run_phase,
)

PYTHON = sys.executable
BIN = Path(PYTHON).parent
OUT = ROOT / "var" / "bench-vote"
HOST = "127.0.0.1"
SLUG = "the-rush"
DUPLICATE_SHARE = 0.10
REPLAY_WITHIN = 300


# The two halves that run inside Django (as subprocesses, with the database's environment).


def _django() -> None:
    import django

    django.setup()


def setup_electorate(voters: int, sessions_path: Path) -> None:
    """Create the staff, their accounts and sessions, and a competition open for voting."""
    _django()
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from qihub.competitions.builders import (
        EntryPlan,
        Stage,
        competition_build,
        competition_draft_build,
    )
    from qihub.core.models import (
        Directorate,
        Person,
        PersonKind,
        Service,
        StaffLevel,
        Team,
        User,
    )

    started = time.perf_counter()
    with transaction.atomic():
        level = StaffLevel.objects.create(name="Front-line clinical", position=4)
        senior = StaffLevel.objects.create(name="Senior leader", position=2, is_senior_leader=True)
        teams = []
        for d in range(8):
            directorate = Directorate.objects.create(name=f"Directorate {d}", code=f"D{d}")
            service = Service.objects.create(directorate=directorate, name=f"Service {d}")
            teams += [
                Team.objects.create(service=service, name=f"Team {d}.{t}", code=f"T{d}{t}")
                for t in range(5)
            ]
        password = make_password(None)
        users = User.objects.bulk_create(
            [User(email=f"voter{i}@bench.example", password=password) for i in range(voters)],
            batch_size=2_000,
        )
        Person.objects.bulk_create(
            [
                Person(
                    kind=PersonKind.STAFF,
                    user=user,
                    first_name="Voter",
                    last_name=str(i),
                    email=user.email,
                    employee_number=f"B{i:06d}",
                    team=teams[i % len(teams)],
                    level=senior if i == 1 else level,
                )
                for i, user in enumerate(users)
            ],
            batch_size=2_000,
        )
        expires = timezone.now() + timedelta(days=1)
        keys = []
        sessions = []
        for user in users:
            key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
            data = SessionStore().encode(
                {
                    "_auth_user_id": str(user.pk),
                    "_auth_user_backend": "qihub.core.auth_backends.ModelBackend",
                    "_auth_user_hash": user.get_session_auth_hash(),
                }
            )
            sessions.append(Session(session_key=key, session_data=data, expire_date=expires))
            keys.append(key)
        Session.objects.bulk_create(sessions, batch_size=2_000)

        people = list(Person.objects.order_by("pk")[:8])
        patient = Person.objects.create(kind=PersonKind.PATIENT, first_name="Pat", last_name="P")
        competition = competition_draft_build(
            slug=SLUG,
            title="The rush",
            brief="Vote for our brand.",
            shortlist_size=6,
            criteria=[("Overall", "", 1)],
            chair=people[1],  # the senior leader
            panel=[people[0], patient],
        )
        competition_build(
            competition=competition,
            stage=Stage.VOTING,
            entries=[
                EntryPlan(person=person, title=f"Design by {person.last_name}")
                for person in people[2:8]
            ],
            confirmed_by=people[1].user,
        )
    sessions_path.write_text(
        json.dumps(
            {"sessions": keys, "users": [u.pk for u in users], "entries": [1, 2, 3, 4, 5, 6]}
        )
    )
    print(f"electorate of {voters:,} ready in {time.perf_counter() - started:.1f} s")


def verify(results_path: Path) -> None:
    """Close voting, then check the stored ballots against what the clients were told; print
    the checks as JSON."""
    _django()
    from benchmarks.vote.benchapp.models import BenchRow
    from qihub.competitions.models import Ballot, Competition, SealedVote, VoteCast
    from qihub.competitions.sealing import receipt_hash
    from qihub.competitions.selectors import tally_check
    from qihub.competitions.services import competition_close_voting

    told = json.loads(results_path.read_text())
    competition = Competition.objects.get(slug=SLUG)
    # What the worker had mixed in by the end of the run; closing mixes the rest.
    mixed_by_worker = Ballot.objects.filter(competition=competition, entry__isnull=False).count()
    sealed_at_end = SealedVote.objects.filter(competition=competition).count()
    competition = competition_close_voting(competition=competition)
    receipts: dict[str, list[str]] = told["receipts"]  # voter index → receipts shown
    shown_twice = [voter for voter, codes in receipts.items() if len(codes) > 1]
    hashes = [receipt_hash(code) for codes in receipts.values() for code in codes]
    filled = Ballot.objects.filter(competition=competition, entry__isnull=False)
    counted = set()
    for start in range(0, len(hashes), 2_000):
        counted |= set(
            filled.filter(receipt_hash__in=hashes[start : start + 2_000]).values_list(
                "receipt_hash", flat=True
            )
        )
    tally, checks = tally_check(competition=competition)
    ballots = filled.count()
    casts = VoteCast.objects.filter(elector__competition=competition).count()
    result = {
        "mixed_by_worker": mixed_by_worker,
        "sealed_at_end": sealed_at_end,
        "voters_told_recorded": len(receipts),
        "ballots": ballots,
        "votes_cast": casts,
        "receipts_in_the_count": len(counted),
        "receipts_shown": len(hashes),
        "voters_shown_two_receipts": len(shown_twice),
        "bare_rows": BenchRow.objects.count(),
        "bare_told_recorded": told["bare_recorded"],
        "tally": [row["votes"] for row in tally],
        "tally_checks": [(check.ok, check.what) for check in checks],
    }
    result["ok"] = (
        ballots == casts == len(receipts)
        and not SealedVote.objects.filter(competition=competition).exists()
        and len(counted) == len(hashes)
        and not shown_twice
        and all(check.ok for check in checks)
        and result["bare_rows"] == result["bare_told_recorded"]
    )
    print(json.dumps(result))


# The orchestration.


def _environment(database_url: str, var_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("QIHUB_", "DJANGO_")) and key != "DATABASE_URL"
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "QIHUB_SECRET_KEY": secrets.token_urlsafe(50),
            "QIHUB_ALLOWED_HOSTS": HOST,
            "QIHUB_SECURE_SSL_REDIRECT": "0",
            "QIHUB_VAR_DIR": str(var_dir),
            "QIHUB_STATIC_ROOT": str(OUT / "static"),
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "benchmarks.vote.settings",
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def _fresh_database(kind: str, postgres_url: str, var_dir: Path) -> str:
    if kind == "sqlite":
        var_dir.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            (var_dir / f"bench.sqlite3{suffix}").unlink(missing_ok=True)
        return f"sqlite:///{var_dir / 'bench.sqlite3'}"
    import psycopg

    with psycopg.connect(f"{postgres_url}/postgres", autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS qihub_bench WITH (FORCE)")
        connection.execute("CREATE DATABASE qihub_bench")
    return f"{postgres_url}/qihub_bench"


def _threads(kind: str, args: argparse.Namespace) -> int:
    return args.threads if args.threads is not None else (2 if kind == "sqlite" else 1)


def _server_description(kind: str, args: argparse.Namespace) -> str:
    threads = _threads(kind, args)
    return f"gunicorn, {args.workers} workers × {threads} thread{'s' if threads > 1 else ''}"


def _serve(
    kind: str, env: dict[str, str], port: int, log: Path, args: argparse.Namespace
) -> subprocess.Popen:
    # By default sync workers on PostgreSQL; on SQLite a few threads per worker (the write lock
    # is one).
    threads = _threads(kind, args)
    workers = ["--workers", str(args.workers)]
    workers += ["--threads", str(threads)] if threads > 1 else ["--worker-class", "sync"]
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, our arguments
        [
            str(BIN / "gunicorn"),
            "qihub.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            *workers,
            "--backlog",
            "2048",
            "--timeout",
            "120",
        ],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):
                return server
        except OSError:  # not listening yet, or no worker ready to answer
            time.sleep(0.3)
    _stop(server)
    sys.exit(f"gunicorn did not start; see {log}")


def _work(env: dict[str, str], log: Path) -> subprocess.Popen:
    """The background worker, as in production: it mixes sealed votes into the ballot box."""
    return subprocess.Popen(  # noqa: S603 - our own worker, our arguments
        [str(BIN / "qihub"), "worker", "--no-reload", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def _stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _vote_attempts(voters: int, entries: list[int], rng: random.Random) -> list[Attempt]:
    """Every voter once, in random order, and 10% more attempts by voters who also vote: half
    double clicks (right behind the first, so two clients send them at once), half replays a
    few seconds later (within the next REPLAY_WITHIN attempts), so any stretch of the run has
    its share of repeats."""
    order = list(range(voters))
    rng.shuffle(order)
    attempts = [Attempt(v, f"entry={rng.choice(entries)}") for v in order]
    repeats = int(voters * DUPLICATE_SHARE)
    for _ in range(repeats // 2):
        at = rng.randrange(len(attempts))
        attempts.insert(at + 1, Attempt(attempts[at].voter, f"entry={rng.choice(entries)}"))
    for _ in range(repeats - repeats // 2):
        at = rng.randrange(len(attempts))
        later = min(len(attempts), at + 2 + rng.randrange(REPLAY_WITHIN))
        attempts.insert(later, Attempt(attempts[at].voter, f"entry={rng.choice(entries)}"))
    return attempts


def _smoke(port: int, session: str) -> None:
    """The ballot page renders for a signed-in voter with the `entry` field the harness posts."""
    request = urllib.request.Request(
        f"http://{HOST}:{port}/competitions/{SLUG}/vote/",
        headers={"Cookie": f"sessionid={session}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        page = response.read()
    if b'name="entry"' not in page or b'value="1"' not in page:
        sys.exit("The ballot page has no `entry` choices; has the vote form changed?")


def bench(kind: str, args: argparse.Namespace) -> dict:
    var_dir = OUT / kind
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    env = _environment(_fresh_database(kind, args.postgres_url, var_dir), var_dir)
    print(f"[{kind}] migrating a fresh database…", flush=True)
    _run([str(BIN / "qihub"), "migrate", "--no-input", "-v0"], env)
    _run([str(BIN / "qihub"), "collectstatic", "--no-input", "-v0"], env)
    sessions_path = var_dir / "sessions.json"
    print(f"[{kind}] creating the electorate…", flush=True)
    print(
        "  "
        + _run([PYTHON, __file__, "setup", "--voters", str(args.voters), str(sessions_path)], env)
        .strip()
        .replace("\n", "\n  "),
        flush=True,
    )
    setup = json.loads(sessions_path.read_text())
    sessions = setup["sessions"]
    port = args.port
    server = _serve(kind, env, port, var_dir / "gunicorn.log", args)
    worker = _work(env, var_dir / "worker.log")
    phases: list[Phase] = []
    try:
        _smoke(port, sessions[0])
        rng = random.Random(2026)  # noqa: S311 - a reproducible order, not a secret
        votes: Iterator[Attempt] = iter(_vote_attempts(args.voters, setup["entries"], rng))
        rows = (Attempt(i % args.voters, "") for i in range(10**9))
        common = {"host": HOST, "port": port, "sessions": sessions, "clients": args.clients}
        print(f"[{kind}] bare view, flat out…", flush=True)
        phases.append(
            run_phase(
                name="bare, flat out",
                path="/bench/insert/",
                attempts=rows,
                classify=classify_bare,
                seconds=args.seconds,
                **common,
            )
        )
        print(f"[{kind}] vote, flat out…", flush=True)
        phases.append(
            run_phase(
                name="vote, flat out",
                path=f"/competitions/{SLUG}/vote/",
                attempts=votes,
                classify=classify_vote,
                seconds=args.seconds,
                **common,
            )
        )
        # The goal's rate: half the bare view's flat-out throughput.
        rate = max(1.0, round(len(phases[0].latencies) / phases[0].wall / 2))
        print(f"[{kind}] both at {rate:.0f} requests/s…", flush=True)
        phases.append(
            run_phase(
                name="bare, paced",
                path="/bench/insert/",
                attempts=rows,
                classify=classify_bare,
                seconds=args.paced_seconds,
                rate=rate,
                **common,
            )
        )
        phases.append(
            run_phase(
                name="vote, paced",
                path=f"/competitions/{SLUG}/vote/",
                attempts=votes,
                classify=classify_vote,
                seconds=args.paced_seconds,
                rate=rate,
                **common,
            )
        )
    finally:
        _stop(server)
        _stop(worker)
    receipts: dict[int, list[str]] = {}
    for phase in phases:
        for voter, codes in phase.receipts.items():
            receipts.setdefault(voter, []).extend(codes)
    told = var_dir / "told.json"
    told.write_text(
        json.dumps(
            {
                "receipts": receipts,
                "bare_recorded": sum(p.outcomes["recorded"] for p in phases if "bare" in p.name),
            }
        )
    )
    checks = json.loads(_run([PYTHON, __file__, "verify", str(told)], env))
    return {
        "database": kind,
        "server": _server_description(kind, args),
        "voters": args.voters,
        "phases": [phase.summary() for phase in phases],
        "checks": checks,
        "database_version": _database_version(kind, env),
    }


def _database_version(kind: str, env: dict[str, str]) -> str:
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor();"
        "c.execute('SHOW server_version' if connection.vendor == 'postgresql' "
        "else 'SELECT sqlite_version()'); print(c.fetchone()[0])"
    )
    return f"{kind} {_run([PYTHON, '-c', code], env).strip()}"


def _machine() -> dict[str, str | int]:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpus": os.cpu_count() or 0,
        "cpu": model,
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


def _report(results: list[dict], machine: dict) -> None:
    print(f"\nMachine: {machine['cpus']} CPUs, {machine['cpu']}, Python {machine['python']}")
    for result in results:
        print(f"\n{result['database_version']} — {result['server']}, {result['voters']:,} voters")
        print(
            "| phase | clients | requests | per second | p50 ms | p99 ms | outcomes | "
            "client CPU | machine busy | load before |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|")
        for p in result["phases"]:
            outcomes = ", ".join(f"{k} {v}" for k, v in sorted(p["outcomes"].items()))
            print(
                f"| {p['phase']} | {p['clients']} | {p['requests']:,} | {p['per_second']} | "
                f"{p['p50_ms']} | {p['p99_ms']} | {outcomes} | "
                f"{p['client_cpu_percent_of_one_core']}% | {p['machine_busy_percent']}% | "
                f"{p['load_average_before']} |"
            )
        bare, vote = result["phases"][0], result["phases"][1]
        ratio = vote["per_second"] / bare["per_second"] if bare["per_second"] else 0
        checks = result["checks"]
        print(f"vote/bare throughput: {ratio:.2f}")
        print(
            f"checks {'PASSED' if checks['ok'] else 'FAILED'}: ballots {checks['ballots']:,}, "
            f"votes cast {checks['votes_cast']:,}, voters told recorded "
            f"{checks['voters_told_recorded']:,}, receipts in the count "
            f"{checks['receipts_in_the_count']:,}/{checks['receipts_shown']:,}, shown two "
            f"receipts {checks['voters_shown_two_receipts']}; bare rows {checks['bare_rows']:,}"
            f" = told {checks['bare_told_recorded']:,}; mixed in by the worker during the run "
            f"{checks['mixed_by_worker']:,}, still sealed at the end (mixed at close) "
            f"{checks['sealed_at_end']:,}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command")
    setup = sub.add_parser("setup")
    setup.add_argument("--voters", type=int, required=True)
    setup.add_argument("sessions", type=Path)
    check = sub.add_parser("verify")
    check.add_argument("told", type=Path)
    parser.add_argument("--database", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--voters", type=int, default=20_000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--paced-seconds", type=float, default=20)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, help="threads per worker (default: 1 on PostgreSQL, 2 on SQLite)"
    )
    parser.add_argument("--postgres-url", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    if args.command == "setup":
        setup_electorate(args.voters, args.sessions)
        return
    if args.command == "verify":
        verify(args.told)
        return
    kinds = ["postgresql", "sqlite"] if args.database == "both" else [args.database]
    machine = _machine()
    results = [bench(kind, args) for kind in kinds]
    OUT.mkdir(parents=True, exist_ok=True)
    for result in results:
        path = OUT / f"results-{result['database']}.json"
        path.write_text(json.dumps({"machine": machine, **result}, indent=2))
    _report(results, machine)
    if not all(result["checks"]["ok"] for result in results):
        sys.exit("The checks failed: see above.")


if __name__ == "__main__":
    main()
