from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qihub.core.demo import DEMO_ACCOUNTS, demo_build


class Command(BaseCommand):
    help = "Build the fictional demo trust and its demo accounts (demo mode only; idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "Demo mode is off: the demo accounts have well-known passwords and are never "
                "created on a real site. Set QIHUB_DEMO_MODE=1 on a machine of your own."
            )
        progress = self.stdout.write if options["verbosity"] > 1 else None
        for summary in demo_build(progress=progress):
            self.stdout.write(summary)
        self.stdout.write(f"Demo sign-in accounts (password for all: {DEMO_ACCOUNTS.password}):")
        for role, email in DEMO_ACCOUNTS.emails.items():
            self.stdout.write(f"  {role:<22} {email}")
