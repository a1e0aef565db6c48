from django.core.management.base import BaseCommand

from qihub.groups.services import action_reminders_due


class Command(BaseCommand):
    help = (
        "Queue a reminder for every open reference-group action due within a week whose owner "
        "has not been reminded of its due date (run daily; the worker sends them)."
    )

    def handle(self, *args: object, **options: object) -> None:
        queued = action_reminders_due()
        self.stdout.write(f"{queued} reminder{'s' if queued != 1 else ''} queued.")
