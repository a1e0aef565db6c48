"""What competitions adds to the site search and to the back office's "Needs your attention"
(registered in wagtail_hooks.py; the contracts are in qihub/core/extensions.py)."""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from qihub.competitions.models import Competition, EntryStatus, Phase
from qihub.competitions.selectors import competitions_visible_to, panel_progress
from qihub.core.extensions import AttentionItem, SearchResult

SEARCH_RESULTS = 5
SOON = datetime.timedelta(days=7)
DEADLINES = [
    ("entries_open_at", Phase.DRAFT, "Entries open"),
    ("entries_close_at", Phase.ENTRIES_OPEN, "Entries close"),
    ("voting_open_at", Phase.SHORTLISTING, "Voting opens"),
    ("voting_close_at", Phase.VOTING, "Voting closes"),
]


def competitions_search(*, query: str, user: Any) -> list[SearchResult]:
    """Competitions this person may see whose title or brief has every word of the search."""
    matches = competitions_visible_to(user=user)
    for word in query.split()[:10]:
        matches = matches.filter(Q(title__icontains=word) | Q(brief__icontains=word))
    return [
        SearchResult(
            title=competition.title,
            url=reverse("competitions:detail", args=[competition.slug]),
            summary=Truncator(competition.brief).words(30),
        )
        for competition in matches[:SEARCH_RESULTS]
    ]


def competitions_attention(*, user: Any) -> list[AttentionItem]:
    """Entries to moderate, panels still scoring, and dates due in the coming week."""
    items = []
    now = timezone.now()
    live = Competition.objects.exclude(phase=Phase.RESULTS).annotate(
        waiting=Count("entries", filter=Q(entries__status=EntryStatus.SUBMITTED))
    )
    for competition in live:
        manage = reverse("competitions:manage", args=[competition.slug])
        if competition.waiting:
            waiting = competition.waiting
            items.append(
                AttentionItem(
                    f"{waiting} entr{pluralize(waiting, 'y,ies')} to check in {competition}.",
                    manage,
                )
            )
        if competition.phase == Phase.SHORTLISTING and not competition.scoring_closed:
            unfinished = [p for p in panel_progress(competition=competition) if p.scored < p.due]
            if unfinished:
                items.append(
                    AttentionItem(
                        f"{len(unfinished)} panel member{pluralize(len(unfinished))} "
                        f"still scoring {competition}.",
                        manage,
                    )
                )
        for field, phase, what in DEADLINES:
            when = getattr(competition, field)
            if competition.phase == phase and when is not None and now <= when <= now + SOON:
                day = date_format(timezone.localtime(when), r"l j F \a\t H:i")
                items.append(AttentionItem(f"{what} in {competition} on {day}.", manage, True))
    return items
