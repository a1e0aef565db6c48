"""Reads of measures that depend on who is asking."""

from typing import Any

from django.db.models import QuerySet

from qihub.measurement.models import DataUpload, IntegrationToken, Measure
from qihub.measurement.permissions import measure_can_view


def measure_for(*, user: Any, slug: str) -> Measure | None:
    """The measure, if the user may see it: anyone a published one, editors a draft."""
    measure = Measure.objects.filter(slug=slug).first()
    if measure is None or not measure_can_view(user=user, obj=measure):
        return None
    return measure


def measures_published() -> QuerySet[Measure]:
    return Measure.objects.filter(published=True)


def data_upload_for(*, user: Any, upload_id: Any, measure: Measure) -> DataUpload | None:
    """An upload of the measure's data that the user made (no one else sees it)."""
    return DataUpload.objects.filter(pk=upload_id, measure=measure, uploaded_by=user).first()


def tokens_for_measure(*, measure: Measure) -> QuerySet[IntegrationToken]:
    return measure.integration_tokens.filter(revoked_at__isnull=True)
