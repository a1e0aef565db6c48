from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from qihub.core.permissions import is_qi_team

# The "Back office" link may lag a change of team by this long in another worker process;
# the back office itself always checks access afresh.
BACK_OFFICE_LINK_SECONDS = 60


def back_office_link_key(user_id: int) -> str:
    return f"qihub:core:back-office-link:{user_id}"


def _shows_back_office(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return False
    key = back_office_link_key(user.pk)  # type: ignore[union-attr]
    shown = cache.get(key)
    if shown is None:
        shown = is_qi_team(user)
        cache.set(key, shown, BACK_OFFICE_LINK_SECONDS)
    return shown


def qi_team(request: HttpRequest) -> dict[str, Any]:
    """Whether to show the signed-in user the header's "Back office" link (never for access:
    views check with `role_required`)."""
    # Lazy, and cached for a minute: every page with the account links asks, the rush included.
    return {"qihub_is_qi_team": SimpleLazyObject(lambda: _shows_back_office(request))}
