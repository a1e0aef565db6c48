"""What competitions adds to a person's data download and erasure (qihub/core/extensions.py)."""

from typing import Any

from django.db.models import Q

from qihub.competitions.models import Entry, PanelMember, TeamInvitation
from qihub.core.extensions import ErasureRefused
from qihub.core.models import Person


def _invitations_to(person: Person) -> Any:
    """Invitations to join a team sent to the person's address, or answered by them."""
    return TeamInvitation.objects.filter(Q(person=person) | Q(email=(person.email or "").lower()))


def competitions_person_export(*, person: Person) -> dict[str, Any]:
    """The entries a person submitted or is on the team of, and the invitations they were sent."""
    submitted = Entry.objects.filter(submitted_by=person).select_related("competition")
    entries = [*submitted, *Entry.objects.filter(team_members=person).select_related("competition")]
    return {
        "competition_entries": [
            {
                "competition": entry.competition.title,
                "title": entry.title,
                "description": entry.description,
                "status": entry.status,
                "submitted_at": entry.created_at.isoformat(),
                **(
                    {"named_in_results": entry.name_in_results}
                    if entry.submitted_by_id == person.pk
                    else {}
                ),
            }
            for entry in entries
        ],
        "competition_team_invitations": [
            {
                "competition": invitation.entry.competition.title,
                "entry": invitation.entry.title,
                "sent_to": invitation.email,
                "status": invitation.status,
                "sent_at": invitation.created_at.isoformat(),
                "answered_at": invitation.answered_at.isoformat()
                if invitation.answered_at
                else None,
                "named_in_results": invitation.name_in_results,
            }
            for invitation in _invitations_to(person).select_related("entry__competition")
        ],
    }


def competitions_person_erase(*, person: Person) -> None:
    """Entries and panel seats are kept: the panel's scores and the results rely on them. (A
    person's place in an electorate and on an entry's team just lose their name.)"""
    if (
        Entry.objects.filter(submitted_by=person).exists()
        or PanelMember.objects.filter(person=person).exists()
    ):
        raise ErasureRefused(
            "Some records that others rely on name you, such as a competition entry or a seat "
            "on a shortlisting panel. Ask the QI team to remove you from them first."
        )
    # Invitations to their address go with them; those they answered go with their person.
    _invitations_to(person).delete()
