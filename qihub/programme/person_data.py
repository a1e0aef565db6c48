"""What the programme holds about a person: the aims they own (qihub/core/extensions.py)."""

from typing import Any

from qihub.core.extensions import ErasureRefused
from qihub.core.models import Person
from qihub.programme.models import Aim


def programme_person_export(*, person: Person) -> dict[str, Any]:
    return {
        "programme_aims_owned": [
            {"aim": aim.title, "published": aim.live} for aim in Aim.objects.filter(owner=person)
        ]
    }


def programme_person_erase(*, person: Person) -> None:
    owned = list(Aim.objects.filter(owner=person).values_list("title", flat=True))
    if owned:
        raise ErasureRefused(
            f"You own the programme's aim {', '.join(owned)}. Ask the QI team to give it "
            "another owner first."
        )
