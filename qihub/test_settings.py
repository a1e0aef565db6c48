"""Settings for the test suite: production settings with a fixed key and fast password hashing."""

import hashlib
import os
import tempfile

os.environ.setdefault("QIHUB_SECRET_KEY", "test-only-secret-key-" + "t" * 40)
os.environ.setdefault("QIHUB_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("QIHUB_DEMO_MODE", "1")
os.environ.setdefault("QIHUB_VAR_DIR", tempfile.mkdtemp(prefix="qihub-test-"))

from qihub.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":  # noqa: F405
    # One test database per checkout, so two checkouts can run the suite at once on one server
    # (Django's default, "test_" + NAME, is shared by every checkout).
    _checkout = hashlib.sha1(str(BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:10]  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_qihub_{_checkout}"}  # noqa: F405

# Each test clears the caches, most without a database; the tests run in one process, so the
# shared cache production keeps in the database (settings.CACHES) is each process's memory here.
# qihub/core/tests/test_settings.py checks production's choice in processes of its own.
CACHES["default"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}  # noqa: F405
