"""What consultations adds to the site search, an aim's page and the back office's "Needs your
attention" (registered in wagtail_hooks.py; the contracts are in qihub/core/extensions.py)."""

from typing import Any

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.text import Truncator

from qihub.consultations.models import CommentStatus, Consultation
from qihub.consultations.selectors import consultations_on_aim, consultations_visible_to
from qihub.core.extensions import AlignedItem, AttentionItem, SearchResult
from qihub.core.permissions import is_qi_team

SEARCH_RESULTS = 5


def consultations_search(*, query: str, user: Any) -> list[SearchResult]:
    """Consultations this person may see whose title or summary has every word searched."""
    matches = consultations_visible_to(user=user)
    for word in query.split()[:10]:
        matches = matches.filter(Q(title__icontains=word) | Q(summary__icontains=word))
    return [
        SearchResult(
            title=consultation.title,
            url=reverse("consultations:detail", args=[consultation.slug]),
            summary=Truncator(consultation.summary).words(30),
        )
        for consultation in matches[:SEARCH_RESULTS]
    ]


def consultations_attention(*, user: Any) -> list[AttentionItem]:
    """Comments waiting for a moderator, for the QI team."""
    if not is_qi_team(user):
        return []
    waiting = Consultation.objects.annotate(
        held=Count("comments", filter=Q(comments__status=CommentStatus.HELD))
    ).filter(held__gt=0)
    return [
        AttentionItem(
            f"{c.held} comment{pluralize(c.held)} to moderate in {c.title}.",
            reverse("consultations:moderate", args=[c.slug]),
        )
        for c in waiting
    ]


def consultations_aligned(*, aim_id: int, user: Any) -> list[AlignedItem]:
    return [
        AlignedItem(
            kind="Consultation",
            title=consultation.title,
            url=reverse("consultations:detail", args=[consultation.slug]),
            summary=Truncator(consultation.summary).words(30),
        )
        for consultation in consultations_on_aim(aim_id=aim_id, user=user)
    ]
