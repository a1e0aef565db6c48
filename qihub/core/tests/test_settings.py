"""Database settings read from the environment: prepared statements on PostgreSQL only."""

import json
import os
import subprocess
import sys

import pytest

PRINT_OPTIONS = (
    "import json, qihub.settings as s; "
    "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {}), default=str))"
)


def _database_options(**env: str) -> dict:
    environment = {**os.environ, "QIHUB_SECRET_KEY": "k" * 50, **env}
    done = subprocess.run(
        [sys.executable, "-c", PRINT_OPTIONS],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("env", "binding"),
    [
        ({"DATABASE_URL": "postgres://qihub@db.internal:5432/qihub"}, True),
        (
            {
                "DATABASE_URL": "postgres://qihub@db.internal:5432/qihub",
                "QIHUB_DB_SERVER_SIDE_BINDING": "0",
            },
            None,
        ),
        ({"DATABASE_URL": "sqlite:////tmp/qihub-settings-test.sqlite3"}, None),
    ],
    ids=["postgresql", "postgresql, switched off behind a pooler", "sqlite"],
)
def test_server_side_binding_is_on_for_postgresql_unless_switched_off(env, binding):
    assert _database_options(**env).get("server_side_binding") == binding
