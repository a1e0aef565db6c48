"""Demo mode's email: the console shows what the person trying the demo needs, var/mail/ keeps
everything."""

from django.core import mail
from django.test import override_settings


def _send(to: str, subject: str) -> None:
    mail.EmailMessage(subject, "body", "demo@example.org", [to]).send()


def test_only_emails_for_a_reader_reach_the_console_and_all_are_saved(tmp_path, capsys):
    backend = "qihub.core.mail.DemoEmailBackend"
    with override_settings(EMAIL_BACKEND=backend, VAR_DIR=tmp_path):
        _send("staff@northmoor.example", "Your sign-in code")
        _send("someone@gmail.example", "Confirm your email address")
        for number in range(50):
            _send(f"aisha.adams.{number}@northmoor.example", "Voting is open")
        _send("patient.3@public.northmoor.example", "Voting is open")
    printed = capsys.readouterr().out
    assert printed.count("Subject: ") == 2
    assert "Your sign-in code" in printed and "Confirm your email address" in printed
    saved = "".join(path.read_text() for path in (tmp_path / "mail").iterdir())
    assert saved.count("Subject: ") == 53
