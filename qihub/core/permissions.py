"""Who may do what: the one place where qihub's roles are decided.

Roles, from least to most trusted: visitor (no account), member of the public, staff, leader
(sees their directorate's data) and QI team (runs the programme). A person can hold several.
Views use the decorators here; selectors use `led_directorate_ids` to scope what a leader sees.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from qihub.core.models import Person, PersonKind

QI_TEAM_GROUP = "QI team"


class Role(StrEnum):
    VISITOR = "visitor"
    PUBLIC = "public"
    STAFF = "staff"
    LEADER = "leader"
    QI_TEAM = "qi_team"


def person_for(user: Any) -> Person | None:
    """Return the person behind a signed-in account, or None (visitors, unlinked accounts)."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_qihub_person"):
        # Loaded with the user, by the sign-in backends (`core.auth_backends`); else a query.
        # Without team and level: a page that shows them fetches them.
        user._qihub_person = getattr(user, "person", None)
    return user._qihub_person


def is_qi_team(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_qihub_is_qi_team"):
        user._qihub_is_qi_team = user.groups.filter(name=QI_TEAM_GROUP).exists()
    return user._qihub_is_qi_team


def led_directorate_ids(user: Any) -> list[int]:
    """Return the ids of the directorates the user leads (none unless they are active staff)."""
    person = person_for(user)
    if person is None or not person.is_active or person.kind != PersonKind.STAFF:
        return []
    return list(person.leaderships.values_list("directorate_id", flat=True))


def roles_for(user: Any) -> frozenset[Role]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset({Role.VISITOR})
    roles: set[Role] = set()
    person = person_for(user)
    if person is not None and person.is_active:
        if person.kind == PersonKind.STAFF:
            roles.add(Role.STAFF)
            if led_directorate_ids(user):
                roles.add(Role.LEADER)
        else:
            roles.add(Role.PUBLIC)
    if is_qi_team(user):
        roles.add(Role.QI_TEAM)
    return frozenset(roles)


def role_required(*allowed: Role) -> Callable:
    """Let the request through if the user holds any of `allowed` roles (QI team always may).

    Visitors are sent to sign in; signed-in people without the role get 403.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            roles = roles_for(request.user)
            if Role.QI_TEAM not in roles and not roles.intersection(allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
