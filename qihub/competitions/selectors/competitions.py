"""Competitions and their entries, as the person asking may see them."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from qihub.competitions.models import Competition, Entry, EntryImage, Phase
from qihub.competitions.permissions import competition_can_view, entry_can_view
from qihub.core.models import Person
from qihub.core.permissions import is_qi_team


def competitions_visible_to(*, user: Any) -> QuerySet[Competition]:
    """Everyone sees competitions once they open; only the QI team sees drafts."""
    competitions = Competition.objects.all()
    if not is_qi_team(user):
        competitions = competitions.exclude(phase=Phase.DRAFT)
    return competitions


def competition_for(*, user: Any, slug: str) -> Competition | None:
    competition = Competition.objects.filter(slug=slug).first()
    if competition is None or not competition_can_view(user=user, obj=competition):
        return None
    return competition


def with_images(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    return entries.prefetch_related(Prefetch("images", queryset=EntryImage.objects.all()))


def entries_of(*, competition: Competition, person: Person) -> list[Entry]:
    """The entries a person submitted or is on the team of, with their images."""
    entries = competition.entries.filter(Q(submitted_by=person) | Q(team_members=person))
    return list(
        with_images(entries.distinct().select_related("submitted_by")).prefetch_related(
            "team_members"
        )
    )


def entries_for_moderation(*, competition: Competition) -> list[Entry]:
    """Every entry, awaiting moderation first; the QI team sees who entered."""
    entries = competition.entries.select_related("submitted_by").prefetch_related("team_members")
    order = {"submitted": 0, "accepted": 1, "rejected": 2}
    return sorted(with_images(entries), key=lambda e: (order.get(e.status, 3), e.number))


def entry_numbered(*, competition: Competition, number: int) -> Entry | None:
    """The competition's entry with this number, with who entered and its images."""
    entries = competition.entries.select_related("submitted_by").prefetch_related("team_members")
    return with_images(entries).filter(number=number).first()


def people_by_email(*, emails: Iterable[str]) -> dict[str, Person]:
    """The people with these emails (case-insensitive), keyed by the lower-cased email."""
    wanted = {email.strip().lower() for email in emails if email.strip()}
    if not wanted:
        return {}
    people = Person.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=wanted)
    return {person.email.lower(): person for person in people}


def entry_image_for(*, user: Any, competition: Competition, pk: int) -> EntryImage | None:
    """An entry's image, for those who may see the entry now (`entry_can_view`), else None."""
    image = (
        EntryImage.objects.select_related("entry__competition")
        .filter(entry__competition=competition, pk=pk)
        .first()
    )
    if image is None or not entry_can_view(user=user, obj=image.entry):
        return None
    return image
