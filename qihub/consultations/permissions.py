"""Who may act on a consultation. Predicates `<entity>_can_<verb>(*, user, obj)`, asked by the
views' access helpers and by the services, so the two never disagree. They decide who, not when:
whether the consultation is open is the services' business."""

from typing import Any

from qihub.consultations.models import Audience, Consultation, ConsultationStatus
from qihub.core.models import PersonKind
from qihub.core.permissions import is_qi_team, person_for


def audience_of(user: Any) -> Audience:
    """Which audience someone belongs to: staff, a member of the public with an account, or a
    visitor (no account, or an account not linked to a person)."""
    person = person_for(user)
    if person is None or not person.is_active:
        return Audience.VISITOR
    return Audience.STAFF if person.kind == PersonKind.STAFF else Audience.PUBLIC


def consultation_can_view(*, user: Any, obj: Consultation) -> bool:
    """Everyone reads a published consultation, for good; only the QI team sees a draft."""
    return obj.status != ConsultationStatus.DRAFT or is_qi_team(user)


def consultation_can_take_part(*, user: Any, obj: Consultation) -> bool:
    """Answering and commenting: the audiences the consultation is for."""
    return audience_of(user) in obj.audiences


def consultation_can_manage(*, user: Any, obj: Consultation) -> bool:
    """Publishing, moderating, analysing and responding: the QI team only. Their pages show
    who wrote each comment, which nobody else may see."""
    return is_qi_team(user)
