"""The `qihub` command: Django's manage.py for this project (`qihub migrate`, `qihub demo`, …)."""

import os
import sys

ALIASES = {"worker": "db_worker", "import-people": "import_people"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qihub.settings")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    if len(argv) > 1:
        argv[1] = ALIASES.get(argv[1], argv[1])
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
