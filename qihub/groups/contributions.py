"""What reference groups add to the site search, an aim's page and the back office's "Needs
your attention" (registered in wagtail_hooks.py; the contracts are in qihub/core/extensions.py)."""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from qihub.core.extensions import AlignedItem, AttentionItem, SearchResult
from qihub.core.permissions import is_qi_team
from qihub.groups.models import MembershipStatus, ReferenceGroup
from qihub.groups.selectors import actions_overdue, groups_shaping_aim, groups_visible_in_search

SEARCH_RESULTS = 5
TERMS_ENDING_DAYS = 30


def groups_search(*, query: str, user: Any) -> list[SearchResult]:
    """Groups (all public) whose name or purpose has every word searched."""
    return [
        SearchResult(
            title=group.name,
            url=reverse("groups:detail", args=[group.slug]),
            summary=Truncator(group.purpose).words(30),
        )
        for group in groups_visible_in_search(query=query)[:SEARCH_RESULTS]
    ]


def groups_attention(*, user: Any) -> list[AttentionItem]:
    """Overdue actions, terms ending within a month (or past their end, still open: the QI
    team renews or ends them) and applications waiting, group by group."""
    if not is_qi_team(user):
        return []
    items = []
    overdue = (
        actions_overdue()
        .values("meeting__group__name", "meeting__group__slug")
        .annotate(n=Count("id"))
        .order_by("meeting__group__name")
    )
    for row in overdue:
        items.append(
            AttentionItem(
                f"{row['n']} overdue action{pluralize(row['n'])} in {row['meeting__group__name']}.",
                reverse("groups:manage", args=[row["meeting__group__slug"]]),
                due_soon=True,
            )
        )
    soon = timezone.localdate() + datetime.timedelta(days=TERMS_ENDING_DAYS)
    ending = ReferenceGroup.objects.annotate(
        n=Count(
            "memberships",
            filter=Q(
                memberships__status=MembershipStatus.ACTIVE, memberships__term_ends_on__lte=soon
            ),
        )
    ).filter(n__gt=0)
    for group in ending:
        items.append(
            AttentionItem(
                f"{group.n} term{pluralize(group.n)} on {group.name} "
                f"end{pluralize(group.n, 's,')} by {soon:%-d %B %Y}: renew or end "
                f"{pluralize(group.n, 'it,them')}.",
                reverse("groups:manage", args=[group.slug]),
                due_soon=True,
            )
        )
    waiting = ReferenceGroup.objects.annotate(
        n=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPLIED))
    ).filter(n__gt=0)
    for group in waiting:
        items.append(
            AttentionItem(
                f"{group.n} application{pluralize(group.n)} to join {group.name}.",
                reverse("groups:manage", args=[group.slug]),
            )
        )
    return items


def groups_aligned(*, aim_id: int, user: Any) -> list[AlignedItem]:
    return [
        AlignedItem(
            kind="Reference group",
            title=group.name,
            url=reverse("groups:detail", args=[group.slug]),
            summary="Its advice shaped this aim (see its published meeting notes).",
        )
        for group in groups_shaping_aim(aim_id=aim_id)
    ]
