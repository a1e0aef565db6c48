"""Links in emails: the site's address (settings.WAGTAILADMIN_BASE_URL) and a path."""

from django.conf import settings
from django.urls import reverse


def absolute_url(name: str, *args: object) -> str:
    return settings.WAGTAILADMIN_BASE_URL + reverse(name, args=args)
