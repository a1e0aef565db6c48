from django.db.models import QuerySet

from qihub.core.models import Person
from qihub.engagement.models import EngagementRecord


def engagement_records_for(*, person: Person) -> QuerySet[EngagementRecord]:
    """Return a person's own engagement records, newest first."""
    return EngagementRecord.objects.filter(person=person).order_by("-occurred_on", "-id")
