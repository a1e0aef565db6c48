from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from qihub.core.selectors import programme_name_for


class AccountAdapter(DefaultAccountAdapter):
    """Sign the account emails with the programme's name rather than the server's host name."""

    def format_email_subject(self, subject: str) -> str:
        return f"{programme_name_for(request=self.request)}: {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        name = programme_name_for(request=self.request)
        domain = self.request.get_host() if self.request is not None else ""
        super().send_mail(
            template_prefix,
            email,
            {"current_site": SimpleNamespace(name=name, domain=domain), **context},
        )
