"""The audit trail: every state change is logged as a named action in Wagtail's audit log.

Entries show in the back office under Reports → Site history, for the QI team. Data logged here
must never hold a secret or more personal data than the action needs.
"""

from typing import Any

from django.db.models import Model
from wagtail.log_actions import log

AUDIT_ACTIONS = {
    "qihub.core.person.link_account": "Link a sign-in account to a person",
    "qihub.core.person.create_public": "Register a member of the public",
    "qihub.core.person.erase": "Erase a member of the public at their request",
    "qihub.core.person.export": "Download own data",
    "qihub.core.roster.import": "Import the staff roster",
}


def audit_actions_register(actions: dict[str, str]) -> None:
    """Let an app add its named actions (call from its AppConfig.ready)."""
    AUDIT_ACTIONS.update(actions)


def audit_log(*, action: str, instance: Model, user: Any = None, data: dict | None = None) -> None:
    """Record that `user` did `action` to `instance`; `data` says what changed."""
    if action not in AUDIT_ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}: add it to AUDIT_ACTIONS.")
    actor = user if getattr(user, "is_authenticated", False) else None
    log(instance=instance, action=action, user=actor, data=data or {})
