"""Where a vote's time goes: the bare view and the vote, timed in one process, part by part.

Run after `make bench-vote`, against the database it left behind (it votes as voters who have
not voted yet; the benchmark closed voting for its checks, so this throwaway database's
competition is put back in the voting phase first). It uses Django's test client, so there is
no server, network or queue: what it measures is the CPU and database work of each request.

    python benchmarks/vote/breakdown.py [--database postgresql|sqlite] [--requests 400]
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = "postgresql://postgres@127.0.0.1:5432/qihub_bench"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--requests", type=int, default=400)
    args = parser.parse_args()
    var_dir = ROOT / "var" / "bench-vote" / args.database
    os.environ.pop("QIHUB_DEBUG", None)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.vote.settings",
            "DATABASE_URL": POSTGRES
            if args.database == "postgresql"
            else f"sqlite:///{var_dir / 'bench.sqlite3'}",
            "QIHUB_SECRET_KEY": secrets.token_urlsafe(50),
            "QIHUB_SECURE_SSL_REDIRECT": "0",
            "QIHUB_ALLOWED_HOSTS": "127.0.0.1",
            "QIHUB_VAR_DIR": str(var_dir),
            "QIHUB_STATIC_ROOT": str(ROOT / "var" / "bench-vote" / "static"),
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.template.response import TemplateResponse
    from django.test import Client

    import qihub.competitions.views.vote as vote_view
    from benchmarks.vote.bench_vote import SLUG
    from benchmarks.vote.load import CSRF_TOKEN
    from qihub.competitions.models import Competition, Elector, Phase
    from qihub.core.models import User

    Competition.objects.filter(slug=SLUG).update(phase=Phase.VOTING)
    users = list(
        User.objects.filter(
            person__in=Elector.objects.filter(
                competition__slug=SLUG, vote_cast__isnull=True
            ).values("person")
        )[: args.requests + 40]
    )

    def session_for(user: User) -> str:
        session = SessionStore()
        session.update(
            {
                "_auth_user_id": str(user.pk),
                "_auth_user_backend": "qihub.core.auth_backends.ModelBackend",
                "_auth_user_hash": user.get_session_auth_hash(),
            }
        )
        session.save()
        return session.session_key or ""

    keys = [session_for(user) for user in users]
    times: dict[str, list[float]] = defaultdict(list)

    def timed(label: str, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                times[label].append(time.perf_counter() - started)

        return wrapper

    vote_view.vote_cast = timed("of which vote_cast", vote_view.vote_cast)
    TemplateResponse.render = timed("of which rendering", TemplateResponse.render)

    # One client (its handler loads the middleware, WhiteNoise's file scan included, once); each
    # request carries its voter's session cookie.
    client = Client(HTTP_HOST="127.0.0.1")

    def post(path: str, key: str, data: dict[str, str], label: str) -> None:
        client.cookies.clear()
        client.cookies["sessionid"] = key
        client.cookies["csrftoken"] = CSRF_TOKEN
        started = time.perf_counter()
        response = client.post(path, {"csrfmiddlewaretoken": CSRF_TOKEN, **data})
        times[label].append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"{path} answered {response.status_code}")

    vote = f"/competitions/{SLUG}/vote/"
    for index, key in enumerate(keys):
        post("/bench/insert/", key, {}, "bare view")
        post(vote, key, {"entry": str(index % 6 + 1)}, "vote")
        if index == 39:  # warmed up
            times.clear()
    print(f"{args.database}, median of {len(times['vote'])} requests each:")
    for label in ("bare view", "vote", "of which vote_cast", "of which rendering"):
        print(f"  {label:<20} {statistics.median(times[label]) * 1000:6.2f} ms")


if __name__ == "__main__":
    main()
