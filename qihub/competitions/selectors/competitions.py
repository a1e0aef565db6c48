"""Competitions and their entries, as the person asking may see them."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.db.models import Count, F, Prefetch, Q, QuerySet

from qihub.competitions.models import (
    Competition,
    Entry,
    EntryImage,
    InvitationStatus,
    Phase,
    TeamInvitation,
)
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


INVITATION_SALT = "qihub.competitions.team-invitation"


def team_invitation_token(invitation: TeamInvitation) -> str:
    """The key in an invitation's link: its id, signed with the server's secret key, so that
    links cannot be guessed and nothing secret is stored."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def team_invitation_for(*, competition: Competition, token: str) -> TeamInvitation | None:
    """The competition's invitation that a link's key names, or None if the key is not one."""
    try:
        pk = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    return (
        TeamInvitation.objects.select_related("entry__competition", "entry__submitted_by")
        .filter(pk=pk, entry__competition=competition)
        .first()
    )


def addresses_of(person: Person) -> set[str]:
    """The addresses a person is known by, lower-cased: their own and their account's."""
    addresses = {person.email.lower()} if person.email else set()
    if person.user is not None:
        addresses.add(person.user.email.lower())
    return addresses


def is_invitee(*, invitation: TeamInvitation, person: Person | None) -> bool:
    """Whether the person holds the invited address."""
    return person is not None and invitation.email in addresses_of(person)


def named_in_results(*, entry: Entry, person: Person | None) -> bool | None:
    """Whether this entrant agreed to be named beside the entry in the results; None if they
    are not one who can say (a team member from before invitations asked it)."""
    if person is None:
        return None
    if entry.submitted_by_id == person.pk:
        return entry.name_in_results
    joined = entry.invitations.filter(person=person, status=InvitationStatus.ACCEPTED).first()
    return None if joined is None else joined.name_in_results


def team_of(*, entry: Entry) -> tuple[list[TeamInvitation], list[TeamInvitation]]:
    """An entry's invitations, for its entrants: those who joined, and the addresses that have
    not (whether they have not answered, declined or let it expire is not theirs to know)."""
    invitations = list(entry.invitations.select_related("person"))
    joined = [i for i in invitations if i.status == InvitationStatus.ACCEPTED]
    return joined, [i for i in invitations if i.status != InvitationStatus.ACCEPTED]


@dataclass(frozen=True)
class Credit:
    """Who the results name beside an entry, and how many of its entrants they do not name."""

    names: list[str]
    others: int


def entrants_named(*, entries: Iterable[Entry]) -> dict[int, Credit]:
    """Who the results may name beside each entry, by entry id: whoever sent it and the team
    members who joined, each only if they agreed to be named."""
    entries = list(entries)
    ids = [entry.pk for entry in entries]
    sizes = dict(
        Entry.objects.filter(pk__in=ids)
        .annotate(size=Count("team_members"))
        .values_list("pk", "size")
    )
    joined = (
        TeamInvitation.objects.filter(
            entry__in=ids,
            status=InvitationStatus.ACCEPTED,
            name_in_results=True,
            person__team_competition_entries=F("entry"),
        )
        .select_related("person")
        .order_by("answered_at", "pk")
    )
    members: dict[int, list[str]] = {}
    for invitation in joined:
        assert invitation.person is not None  # an accepted invitation names who accepted
        members.setdefault(invitation.entry_id, []).append(invitation.person.full_name)
    credits = {}
    for entry in entries:
        names = [entry.submitted_by.full_name] if entry.name_in_results else []
        names += members.get(entry.pk, [])
        credits[entry.pk] = Credit(names=names, others=1 + sizes[entry.pk] - len(names))
    return credits
