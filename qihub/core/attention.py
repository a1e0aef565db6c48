"""The back office's home page: what needs the QI team's attention now, from every app."""

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from wagtail.admin.ui.components import Component

from qihub.core.extensions import AttentionItem, attention_items
from qihub.core.models import RosterImport
from qihub.core.permissions import is_qi_team

# A roster older than this no longer keeps the engagement denominators true.
ROSTER_STALE_DAYS = 35


def roster_attention(*, user: Any) -> list[AttentionItem]:
    """When the roster was last imported; flagged when it is over a month old, or never was."""
    upload = reverse("roster_upload")
    last = RosterImport.objects.order_by("-imported_at").first()
    if last is None:
        return [AttentionItem("The staff roster has never been imported.", upload, due_soon=True)]
    age = timezone.now() - last.imported_at
    return [
        AttentionItem(
            f"The staff roster was last imported {timesince(last.imported_at)} ago "
            f"({last.source_name}).",
            upload,
            due_soon=age.days > ROSTER_STALE_DAYS,
        )
    ]


class AttentionPanel(Component):
    """ "Needs your attention": each app's items, the ones with a deadline this week first."""

    name = "qihub_attention"
    order = 50
    template_name = "core/admin/fragment_attention.html"

    def __init__(self, *, user: Any) -> None:
        self.user = user

    def get_context_data(self, parent_context: Any = None) -> dict[str, Any]:
        items = sorted(attention_items(user=self.user), key=lambda item: not item.due_soon)
        return {"items": items}


def attention_panel_add(request: Any, panels: list[Any]) -> None:
    if is_qi_team(request.user):
        panels.append(AttentionPanel(user=request.user))
