"""What the programme adds to the site search and to consultations (registered in
wagtail_hooks.py; the contracts are in qihub/core/extensions.py)."""

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.text import Truncator

from qihub.core.extensions import ConsultableDraft, DraftPart, SearchResult
from qihub.programme.models import Aim, StatementKind, paragraphs
from qihub.programme.selectors import aims_visible_to, statement_draft_text, statements_published
from qihub.programme.services import aims_adopt, mission_adopt

SEARCH_RESULTS = 5
MISSION_DRAFT = "programme.mission"
AIMS_DRAFT = "programme.aims"


def programme_search(*, query: str, user: Any) -> list[SearchResult]:
    """Aims this person may see with every word of the search, then the mission and vision."""
    words = query.split()[:10]
    if not words:
        return []
    aims = aims_visible_to(user=user)
    for word in words:
        aims = aims.filter(Q(title__icontains=word) | Q(description__icontains=word))
    results = [
        SearchResult(
            title=aim.title,
            url=reverse("programme:aim", args=[aim.slug]),
            summary=Truncator(aim.description).words(30),
        )
        for aim in aims[:SEARCH_RESULTS]
    ]
    for history in statements_published().values():
        current = history.current
        if current and all(word.lower() in current.text.lower() for word in words):
            results.append(
                SearchResult(
                    title=f"Our {history.label.lower()}",
                    url=reverse("programme:index"),
                    summary=Truncator(current.text).words(30),
                )
            )
    return results


def _mission_parts() -> list[DraftPart]:
    """Each paragraph of the mission and of the vision as drafted (the published text where
    there is no draft), so that comments can be on one paragraph: parts "mission:1", …"""
    parts = []
    for kind, label in (
        (StatementKind.MISSION, "Our mission"),
        (StatementKind.VISION, "Our vision"),
    ):
        texts = paragraphs(statement_draft_text(kind=kind))
        for number, text in enumerate(texts, start=1):
            title = label if len(texts) == 1 else f"{label}, paragraph {number}"
            parts.append(DraftPart(key=f"{kind.value}:{number}", title=title, text=text))
    return parts


def _aims_parts() -> list[DraftPart]:
    """Every aim as drafted: its latest revision's title and description."""
    parts = []
    for aim in Aim.objects.all():
        drafted = aim.get_latest_revision_as_object() if aim.latest_revision_id else aim
        parts.append(DraftPart(key=f"aim:{aim.pk}", title=drafted.title, text=drafted.description))
    return parts


def programme_consultable_drafts() -> list[ConsultableDraft]:
    return [
        ConsultableDraft(
            key=MISSION_DRAFT,
            label="The programme's mission and vision",
            parts=_mission_parts,
            adopt=mission_adopt,
        ),
        ConsultableDraft(
            key=AIMS_DRAFT,
            label="The programme's system-level aims",
            parts=_aims_parts,
            adopt=aims_adopt,
        ),
    ]
