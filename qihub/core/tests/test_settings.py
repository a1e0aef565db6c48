"""Settings read from the environment: mistakes are named in one line, and the shared cache."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

PRODUCTION = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("QIHUB_", "DJANGO_", "DATABASE_URL"))
}


def _qihub(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "qihub", *args],
        env={**PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _setting(expression: str, **env: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**PRODUCTION, "DJANGO_SETTINGS_MODULE": "qihub.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_a_command_without_a_secret_key_says_in_one_line_what_to_set(tmp_path):
    result = _qihub("migrate", QIHUB_VAR_DIR=str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "qihub: Set QIHUB_SECRET_KEY (or QIHUB_DEBUG=1 for local development)."
    )


def test_commands_that_need_no_secret_key_run_without_one(tmp_path):
    assert "Available subcommands" in _qihub("--help", QIHUB_VAR_DIR=str(tmp_path)).stdout
    series = tmp_path / "series.csv"
    series.write_text("value\n" + "\n".join(str(n % 7) for n in range(20)) + "\n")
    result = _qihub("spc", str(series), "--chart", "run", QIHUB_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_a_number_setting_that_is_not_a_number_is_named(tmp_path):
    result = _qihub("check", QIHUB_SECRET_KEY="k" * 50, QIHUB_EMAIL_PORT="smtp")
    assert result.returncode == 1
    assert result.stderr.strip() == "qihub: QIHUB_EMAIL_PORT must be a whole number, not 'smtp'."


def test_half_set_single_sign_on_names_the_missing_variables():
    result = _qihub(
        "check", QIHUB_SECRET_KEY="k" * 50, QIHUB_OIDC_SERVER_URL="https://login.example.org"
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "QIHUB_OIDC_CLIENT_ID and QIHUB_OIDC_CLIENT_SECRET" in result.stderr


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "django.core.cache.backends.db.DatabaseCache"),
        ({"QIHUB_REDIS_URL": "redis://127.0.0.1:6379/0"}, "django.core.cache.backends.redis."),
        ({"QIHUB_DEBUG": "1"}, "django.core.cache.backends.locmem.LocMemCache"),
    ],
)
def test_production_never_counts_sign_ins_in_one_process_alone(tmp_path, env, backend):
    configured = _setting(
        "settings.CACHES['default']['BACKEND']",
        QIHUB_SECRET_KEY="k" * 50,
        QIHUB_VAR_DIR=str(tmp_path),
        **env,
    )
    assert configured.startswith(backend)


def test_without_redis_two_worker_processes_share_the_sign_in_counters(tmp_path):
    env = {"QIHUB_SECRET_KEY": "k" * 50, "QIHUB_VAR_DIR": str(tmp_path)}
    _qihub("createcachetable", **env).check_returncode()
    _setting("__import__('django.core.cache').core.cache.cache.set('attempts', 4)", **env)
    counted = _setting("__import__('django.core.cache').core.cache.cache.incr('attempts')", **env)
    assert counted == "5", "the second process saw the first process's count"


def test_each_checkout_has_its_own_postgresql_test_database():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['TEST']['NAME'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            **PRODUCTION,
            "DJANGO_SETTINGS_MODULE": "qihub.test_settings",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        },
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    checkout = str(Path(__file__).resolve().parents[3])
    expected = hashlib.sha1(checkout.encode(), usedforsecurity=False).hexdigest()[:10]
    assert result.stdout.strip() == f"test_qihub_{expected}"


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"QIHUB_DEBUG": "1"}, "qihub.core.mail.DemoEmailBackend"),
        ({"QIHUB_DEBUG": "1", "QIHUB_DEMO_MODE": "0"}, "django.core.mail.backends.console."),
        ({"QIHUB_SECRET_KEY": "k" * 50}, "django.core.mail.backends.smtp."),
    ],
)
def test_demo_mode_keeps_the_console_for_the_emails_a_person_needs(tmp_path, env, backend):
    assert _setting("settings.EMAIL_BACKEND", QIHUB_VAR_DIR=str(tmp_path), **env).startswith(
        backend
    )
