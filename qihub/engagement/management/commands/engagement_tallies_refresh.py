from typing import Any

from django.core.management.base import BaseCommand

from qihub.engagement.tallies import engagement_tallies_refresh


class Command(BaseCommand):
    help = (
        "Bring the critical-mass tallies up to date with the ledger, the roster and the rules "
        "(run it after a roster import and each night, so that no page view has to re-count)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        months = engagement_tallies_refresh()
        self.stdout.write(f"Tallies up to date ({months} month(s) re-counted or moved).")
