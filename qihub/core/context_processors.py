from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from qihub.core.permissions import is_qi_team


def qi_team(request: HttpRequest) -> dict[str, Any]:
    """Whether the signed-in user is on the QI team, for the header's "Back office" link only
    (never for access: views check with `role_required`)."""
    # Lazy: it costs a query, and only a page that shows the account links asks.
    return {"qihub_is_qi_team": SimpleLazyObject(lambda: is_qi_team(request.user))}
