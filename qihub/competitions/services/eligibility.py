"""Who may enter and who may vote: rules over the roster and the public members."""

from django.db.models import Q, QuerySet

from qihub.competitions.models import Competition, Eligibility
from qihub.core.models import Person, PersonKind


def eligible_people(*, competition: Competition, rule: str) -> QuerySet[Person]:
    """Return the people a rule admits, as of now (active staff, optionally the public)."""
    staff = Q(kind=PersonKind.STAFF, is_active=True)
    if rule == Eligibility.DIRECTORATES:
        staff &= Q(team__service__directorate__in=competition.directorates.all())
    elif rule == Eligibility.STAFF_AND_PUBLIC:
        staff |= ~Q(kind=PersonKind.STAFF) & Q(is_active=True)
    return Person.objects.filter(staff)


def may_enter(*, competition: Competition, person: Person | None) -> bool:
    if person is None:
        return False
    rule = competition.who_may_enter
    return eligible_people(competition=competition, rule=rule).filter(pk=person.pk).exists()
