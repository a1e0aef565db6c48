"""Production settings pass Django's deploy checks; pages carry the security headers."""

import os
import subprocess
import sys

import pytest


def _production_env() -> dict[str, str]:
    # The test run's own switches (async-unsafe ORM for Playwright) are not production's.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_production_settings_pass_check_deploy():
    env = {
        **_production_env(),
        "QIHUB_SECRET_KEY": "a-production-like-secret-key-with-enough-entropy-0123456789abcdef",
        "QIHUB_ALLOWED_HOSTS": "qi.example.org",
        "QIHUB_DEBUG": "0",
        "QIHUB_SECURE_SSL_REDIRECT": "1",
        "DJANGO_SETTINGS_MODULE": "qihub.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "qihub", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("QIHUB_SECRET_KEY", "", "QIHUB_SECRET_KEY"),
        # A batch of sealed votes is the crowd a ballot hides in while voting is open.
        ("QIHUB_VOTE_MIX_BATCH", "5", "QIHUB_VOTE_MIX_BATCH must be at least 10"),
    ],
)
def test_production_refuses_to_start_with_a_missing_or_unsafe_setting(setting, value, message):
    env = {**_production_env(), "QIHUB_SECRET_KEY": "k" * 50, "QIHUB_DEBUG": "0"}
    env[setting] = value
    env["DJANGO_SETTINGS_MODULE"] = "qihub.settings"
    result = subprocess.run(
        [sys.executable, "-m", "qihub", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_public_pages_carry_csp_and_security_headers(client):
    response = client.get("/search/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_production_collects_static_files_with_hashed_names(tmp_path):
    """`qihub collectstatic` under production settings: hashed, compressed, manifest written."""
    env = {
        **_production_env(),
        "QIHUB_SECRET_KEY": "a-production-like-secret-key-with-enough-entropy-0123456789abcdef",
        "QIHUB_DEBUG": "0",
        "QIHUB_STATIC_ROOT": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "qihub.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "qihub", "collectstatic", "--no-input", "-v0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "staticfiles.json").is_file()
    assert list((tmp_path / "qihub" / "js").glob("site.*.js.gz"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/", "/api/v1/docs"])
def test_the_back_office_and_the_api_docs_carry_a_policy_of_their_own(client, qi_team_user, path):
    client.force_login(qi_team_user)
    response = client.get(path)
    assert response.status_code == 200
    directives = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
    )
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    for sources in directives.values():
        assert "http" not in sources and "*" not in sources, sources


@pytest.mark.django_db
def test_the_api_docs_serve_swagger_ui_from_this_site(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
