from typing import Any

from django.http import HttpRequest

from qihub.core.permissions import Role, roles_for


def roles(request: HttpRequest) -> dict[str, Any]:
    """Expose the signed-in user's roles to templates (for navigation only, never for access)."""
    user_roles = roles_for(request.user) if hasattr(request, "user") else frozenset({Role.VISITOR})
    return {"qihub_roles": {role.value for role in user_roles}}
