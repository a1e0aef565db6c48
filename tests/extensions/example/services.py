from django.db import transaction

from extensions.example.models import ExampleEngagementKind, Sighting
from qihub.core.models import Person
from qihub.engagement.services import engagement_record


@transaction.atomic
def sighting_report(*, person: Person, place: str) -> Sighting:
    sighting = Sighting.objects.create(person=person, place=place)
    engagement_record(
        person=person,
        kind=ExampleEngagementKind.SPOTTED,
        subject=f"sighting:{sighting.pk}",
        subject_label=place,
    )
    return sighting
