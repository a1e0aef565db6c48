"""What competitions adds to a person's data download and erasure (qihub/core/extensions.py)."""

from typing import Any

from qihub.competitions.models import Entry, PanelMember
from qihub.core.extensions import ErasureRefused
from qihub.core.models import Person


def competitions_person_export(*, person: Person) -> dict[str, Any]:
    """The entries a person submitted or is on the team of."""
    entries = [
        *Entry.objects.filter(submitted_by=person).select_related("competition"),
        *Entry.objects.filter(team_members=person).select_related("competition"),
    ]
    return {
        "competition_entries": [
            {
                "competition": entry.competition.title,
                "title": entry.title,
                "description": entry.description,
                "status": entry.status,
                "submitted_at": entry.created_at.isoformat(),
            }
            for entry in entries
        ]
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
