from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from wagtail.models import Site


class AccountAdapter(DefaultAccountAdapter):
    """Sign the account emails with the programme's name rather than the server's host name."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        site = Site.find_for_request(self.request) if self.request is not None else None
        name = (site.site_name if site else "") or settings.SITE_NAME
        domain = self.request.get_host() if self.request is not None else ""
        super().send_mail(
            template_prefix,
            email,
            {"current_site": SimpleNamespace(name=name, domain=domain), **context},
        )
