"""Who may see what of the programme. Everyone sees what is published; only the QI team sees
drafts. Roles held across the programme are decided in `qihub.core.permissions`."""

from typing import Any

from qihub.core.permissions import is_qi_team


def programme_can_manage(*, user: Any, obj: Any = None) -> bool:
    """Changing the mission, vision, stages and aims: the QI team."""
    return is_qi_team(user)
