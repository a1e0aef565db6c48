"""The test settings with the example app installed and its URLs mounted: the only two changes
outside its folder that an app needs."""

from qihub.test_settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "extensions.example"]  # noqa: F405
ROOT_URLCONF = "extensions.urls"

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    # Not the test database of the run that starts this one.
    DATABASES["default"]["TEST"]["NAME"] += "_example"  # noqa: F405
