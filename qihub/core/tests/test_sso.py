"""Single sign-on appears on the sign-in page only when it is configured."""

import os
import subprocess
import sys

import pytest
from django.test import override_settings

OIDC = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "sso",
                "name": "NHSmail",
                "client_id": "qihub",
                "secret": "not-a-real-secret",
                "settings": {"server_url": "https://login.example.org/tenant/v2.0"},
            }
        ]
    }
}


@pytest.mark.django_db
def test_no_sso_button_by_default(client):
    assert "NHSmail" not in client.get("/accounts/login/").content.decode()


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=OIDC)
def test_configured_sso_is_offered_on_the_sign_in_page(client):
    page = client.get("/accounts/login/").content.decode()
    assert "NHSmail" in page
    assert "/accounts/oidc/sso/login/" in page


def test_sso_is_switched_on_by_environment_variables():
    env = {
        **os.environ,
        "QIHUB_OIDC_SERVER_URL": "https://login.example.org/tenant/v2.0",
        "QIHUB_OIDC_CLIENT_ID": "qihub",
        "QIHUB_OIDC_CLIENT_SECRET": "s3cret",
        "QIHUB_OIDC_NAME": "NHSmail",
        "DJANGO_SETTINGS_MODULE": "qihub.test_settings",
    }
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "app = settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'][0]; "
        "print(app['name'], app['client_id'], app['settings']['server_url'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["NHSmail", "qihub", "https://login.example.org/tenant/v2.0"]
