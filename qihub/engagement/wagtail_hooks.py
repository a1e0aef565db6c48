"""What the engagement ledger adds to a person's data download and erasure
(qihub/core/extensions.py)."""

from typing import Any

from wagtail import hooks

from qihub.core import extensions
from qihub.core.models import Person
from qihub.engagement.selectors import engagement_export_for
from qihub.engagement.services import engagement_records_erase

hooks.register(extensions.PERSON_ERASE, engagement_records_erase)


@hooks.register(extensions.PERSON_EXPORT)
def engagement_person_export(*, person: Person) -> dict[str, Any]:
    return {"engagement": engagement_export_for(person=person)}
