from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from qihub.core.permissions import is_qi_team


def qi_team(request: HttpRequest) -> dict[str, Any]:
    """Whether to show the signed-in user the header's "Back office" link (never for access:
    views check with `role_required`)."""
    # Lazy: only pages with the account links ask. The sign-in backends load the answer with
    # the user (`core.auth_backends`), so asking costs no query.
    return {"qihub_is_qi_team": SimpleLazyObject(lambda: is_qi_team(request.user))}
