"""Who may act on a competition's objects: its panel (chair and members), its entries (entrants).

Each rule is a predicate `<entity>_can_<verb>(*, user, obj)`, asked by the views' access helpers
(to refuse with 403 or 404) and by the services (to refuse with a `CompetitionError`), so the two
never disagree. They decide who, not when: whether scoring or entries are still open is the
services' business. Roles held across the programme, such as the QI team, are decided in
`qihub.core.permissions`.
"""

from typing import Any, Protocol

from qihub.competitions.models import (
    PHASE_ORDER,
    Competition,
    Entry,
    EntryStatus,
    PanelMember,
    Phase,
)
from qihub.core.permissions import is_qi_team, person_for

SHORTLISTING_INDEX = PHASE_ORDER.index(Phase.SHORTLISTING)
VOTING_INDEX = PHASE_ORDER.index(Phase.VOTING)


class Predicate(Protocol):
    """The shape of every rule here, for an access helper that takes one."""

    def __call__(self, *, user: Any, obj: Any) -> bool: ...


def _seat(user: Any, competition: Competition) -> PanelMember | None:
    """The user's place on the competition's panel, if they have one."""
    person = person_for(user)
    if person is None:
        return None
    return competition.panel_members.filter(person=person).first()


def _is_entrant(user: Any, entry: Entry) -> bool:
    person = person_for(user)
    return person is not None and person.pk in {entrant.pk for entrant in entry.entrants()}


def competition_can_view(*, user: Any, obj: Competition) -> bool:
    """Everyone sees a competition once it opens; only the QI team sees a draft."""
    # The phase first: whether the user is on the QI team can cost a query, on every page.
    return obj.phase != Phase.DRAFT or is_qi_team(user)


def competition_can_manage(*, user: Any, obj: Competition) -> bool:
    """Running a competition: moving it through its phases and moderating its entries. The QI
    team only (the scheduler moves phases by date, as no one)."""
    return is_qi_team(user)


def panel_can_view(*, user: Any, obj: Competition) -> bool:
    """The panel's pages and its ranking: its members, and the QI team looking on."""
    return is_qi_team(user) or _seat(user, obj) is not None


def panel_can_score(*, user: Any, obj: Competition) -> bool:
    """Scoring entries and declaring conflicts: the panel's members only, never onlookers."""
    return _seat(user, obj) is not None


def panel_can_manage(*, user: Any, obj: Competition) -> bool:
    """Closing scoring early and confirming the shortlist: the panel's chair, or the QI team."""
    if is_qi_team(user):
        return True
    seat = _seat(user, obj)
    return seat is not None and seat.is_chair


def entry_can_edit(*, user: Any, obj: Entry) -> bool:
    """Changing or withdrawing an entry: its entrants (who submitted it, and their team)."""
    return _is_entrant(user, obj)


def entry_can_view(*, user: Any, obj: Entry) -> bool:
    """Seeing an entry and its images: everyone once it is shortlisted and voting has opened;
    the panel once it is accepted and shortlisting has started; its entrants; the QI team."""
    competition = obj.competition
    if obj.shortlisted and competition.phase_index >= VOTING_INDEX:
        return True
    if is_qi_team(user) or _is_entrant(user, obj):
        return True
    on_panel_list = (
        obj.status == EntryStatus.ACCEPTED and competition.phase_index >= SHORTLISTING_INDEX
    )
    return on_panel_list and _seat(user, competition) is not None
