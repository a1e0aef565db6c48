"""Demo mode's email backend: `make run` keeps its console readable."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.backends.filebased import EmailBackend as FileBackend

from qihub.core.demo import DEMO_ACCOUNTS, DOMAIN

MAIL_DIR = "mail"  # under QIHUB_VAR_DIR


def for_a_reader(address: str) -> bool:
    """True for someone trying the demo: its accounts, or an address they signed up with; false
    for the thousands of made-up people the demo builds (all at the demo's domain)."""
    address = address.strip().lower()
    domain = address.rpartition("@")[2]
    made_up = domain == DOMAIN or domain.endswith("." + DOMAIN)
    return address in DEMO_ACCOUNTS.emails.values() or not made_up


class DemoEmailBackend(ConsoleBackend):
    """Every email is saved under var/mail/; only those for a reader are printed to the console.

    The demo's competitions email hundreds of made-up entrants and voters through the worker;
    printed, they would bury the sign-in codes a person trying the demo needs.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saved = FileBackend(file_path=str(settings.VAR_DIR / MAIL_DIR))

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if not email_messages:
            return 0
        self.saved.send_messages(email_messages)
        shown = [m for m in email_messages if any(for_a_reader(r) for r in m.recipients())]
        super().send_messages(shown)
        return len(email_messages)
