"""Render the cached header, navigation and footer afresh after a change in the back office."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtailnhsukfrontend.settings.models import (
    FooterColumnLinks,
    FooterLinks,
    FooterSettings,
    FooterSettingsColumns,
    HeaderSettings,
    NavigationLink,
)

from qihub.microsite.chrome import chrome_invalidate


def chrome_changed(**kwargs: Any) -> None:
    chrome_invalidate()


def chrome_receivers_connect() -> None:
    """Connect `chrome_changed` to every change that shows in the header or footer."""
    # A setting's inline links are saved and deleted one by one, each sending its own signal.
    # The image model is there for a custom logo, whose old renditions go when its file changes.
    for model in (
        HeaderSettings,
        NavigationLink,
        FooterSettings,
        FooterLinks,
        FooterSettingsColumns,
        FooterColumnLinks,
        Site,
        get_image_model(),
    ):
        post_save.connect(chrome_changed, sender=model)
        post_delete.connect(chrome_changed, sender=model)
    # Pages give the links their addresses and the navigation its current item (by ancestry).
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(chrome_changed)
    post_delete.connect(chrome_changed, sender=Page)
