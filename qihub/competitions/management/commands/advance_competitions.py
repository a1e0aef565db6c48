from typing import Any

from django.core.management.base import BaseCommand

from qihub.competitions.services import competition_advance_due


class Command(BaseCommand):
    help = (
        "Move every competition whose opening or closing date has passed on to its next phase. "
        "Run it every minute (cron or a systemd timer); it is safe to run at any time."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for line in competition_advance_due():
            self.stdout.write(line)
