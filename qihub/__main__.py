"""The `qihub` command: Django's manage.py for this project (`qihub migrate`, `qihub demo`, …)."""

import os
import secrets
import sys

ALIASES = {"worker": "db_worker", "import-people": "import_people"}
# Commands that sign and store nothing, so they run where no secret key is set (an analyst's
# laptop running `qihub spc`, say) with a throwaway one.
NO_SECRET_NEEDED = {"spc", "help", "--help", "-h", "version", "--version"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qihub.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    if (argv[1] if len(argv) > 1 else "help") in NO_SECRET_NEEDED:
        os.environ.setdefault("QIHUB_SECRET_KEY", "throwaway-" + secrets.token_urlsafe(50))
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reads the settings, so a mistake is reported here
    except ImproperlyConfigured as error:
        sys.exit(f"qihub: {error}")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
