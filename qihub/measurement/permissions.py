"""Who may act on measures and their data.

Each rule is a predicate ``<entity>_can_<verb>(*, user, obj)``, asked by the views' access
helpers and by the services, so the two never disagree. Recording and correcting data, and
making and revoking integration tokens, rest on Django permissions that the QI team's group
holds (``QI_TEAM_PERMISSIONS`` in wagtail_hooks.py), so a trust can give data entry to another
group without giving it the rest of the programme.
"""

from typing import Any

from qihub.measurement.models import Measure


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def measure_can_view(*, user: Any, obj: Measure) -> bool:
    """Everyone sees a published measure and its data; a draft, those who may edit it."""
    return obj.published or measure_can_edit(user=user, obj=obj)


def measure_can_edit(*, user: Any, obj: Measure | None) -> bool:
    """Changing a measure's definition, target, rebases and annotations."""
    return _active(user) and user.has_perm("measurement.change_measure")


def measure_can_record(*, user: Any, obj: Measure) -> bool:
    """Recording, correcting and uploading a measure's data in the back office."""
    return _active(user) and user.has_perm("measurement.add_datapoint")


def token_can_manage(*, user: Any, obj: Any = None) -> bool:
    """Making and revoking integration tokens."""
    return _active(user) and user.has_perm("measurement.add_integrationtoken")
