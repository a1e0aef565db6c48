"""A measure's data: its points, every correction to them, its rebases and annotations, and the
files uploaded to it."""

import uuid

from django.db import models
from django.db.models import F, Q
from modelcluster.fields import ParentalKey

from .measure import NON_NEGATIVE_TYPES, RATIO_TYPES, DataType


class DataSource(models.TextChoices):
    """How a point, or a correction to it, arrived."""

    FORM = "form", "Back-office form"
    UPLOAD = "upload", "File upload"
    API = "api", "API"
    DEMO = "demo", "Demonstration data"


_RATIO = Q(data_type__in=RATIO_TYPES)


class DataPoint(models.Model):
    """One period's value of a measure: ``value``, or ``numerator`` and ``denominator`` for a
    proportion or a rate.

    ``data_type`` repeats the measure's, so that the database itself checks the point's shape (a
    check constraint sees one row only); the measure's data type cannot change once it has
    points (``measure_update`` refuses it, for the back office too).
    """

    measure = models.ForeignKey(
        "measurement.Measure", on_delete=models.CASCADE, related_name="data_points"
    )
    data_type = models.CharField(max_length=20, choices=DataType.choices, editable=False)
    period = models.DateField(help_text="The first day of the period the value is for.")
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=DataSource.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    #: The integration token that wrote it, by name, for points from the API.
    recorded_via = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="measurement_datapoint_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(data_type__in=DataType.values), name="measurement_datapoint_data_type"
            ),
            models.CheckConstraint(
                condition=(
                    _RATIO
                    & Q(value__isnull=True, numerator__isnull=False, denominator__isnull=False)
                )
                | (
                    ~_RATIO
                    & Q(value__isnull=False, numerator__isnull=True, denominator__isnull=True)
                ),
                name="measurement_datapoint_shape",
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                name="measurement_datapoint_numerator_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                name="measurement_datapoint_denominator_positive",
            ),
            models.CheckConstraint(
                condition=~Q(data_type=DataType.PROPORTION) | Q(numerator__lte=F("denominator")),
                name="measurement_datapoint_proportion_at_most_one",
            ),
            models.CheckConstraint(
                condition=~Q(data_type__in=NON_NEGATIVE_TYPES) | Q(value__gte=0),
                name="measurement_datapoint_count_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(data_type=DataType.TIME_BETWEEN) | Q(value__gt=0),
                name="measurement_datapoint_time_positive",
            ),
            models.CheckConstraint(
                condition=Q(source__in=DataSource.values), name="measurement_datapoint_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period:%Y-%m-%d}"

    @property
    def plotted(self) -> float:
        """The number charted: the value, or numerator / denominator."""
        if self.value is not None:
            return self.value
        assert self.numerator is not None and self.denominator is not None
        return self.numerator / self.denominator


class DataPointCorrection(models.Model):
    """A change to a recorded point, kept for good: what it was, what it became, who, when and
    why. Nothing changes a point without writing one (``datapoint_record``)."""

    data_point = models.ForeignKey(DataPoint, on_delete=models.CASCADE, related_name="corrections")
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_via = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=10, choices=DataSource.choices)
    reason = models.TextField()
    old_value = models.FloatField(null=True)
    old_numerator = models.FloatField(null=True)
    old_denominator = models.FloatField(null=True)
    new_value = models.FloatField(null=True)
    new_numerator = models.FloatField(null=True)
    new_denominator = models.FloatField(null=True)

    class Meta:
        ordering = ["data_point", "corrected_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="measurement_correction_reason"),
            models.CheckConstraint(
                condition=Q(source__in=DataSource.values), name="measurement_correction_source"
            ),
        ]

    def __str__(self) -> str:
        return f"Correction to {self.data_point} at {self.corrected_at:%Y-%m-%d %H:%M}"


class Rebase(models.Model):
    """A new centre line and limits from ``period`` on, because the process changed."""

    measure = ParentalKey("measurement.Measure", on_delete=models.CASCADE, related_name="rebases")
    period = models.DateField(help_text="The first period of the new process.")
    reason = models.CharField(
        max_length=300, help_text="What changed in the process, shown on the chart."
    )

    class Meta:
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "period"], name="measurement_rebase_one_per_period"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="measurement_rebase_reason"),
        ]

    def __str__(self) -> str:
        return f"Rebase of {self.measure} from {self.period:%Y-%m-%d}"


class Annotation(models.Model):
    """A note on the chart at one period: a PDSA cycle, a change, an event."""

    measure = ParentalKey(
        "measurement.Measure", on_delete=models.CASCADE, related_name="annotations"
    )
    period = models.DateField()
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["measure", "period", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="measurement_annotation_text"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period:%Y-%m-%d}: {self.text}"


class DataUpload(models.Model):
    """A CSV or XLSX file of a measure's data, kept between its preview and its import (so that
    Import need not ask for it again), with the report of what it did. Only the person who
    uploaded it sees it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    measure = models.ForeignKey(
        "measurement.Measure", on_delete=models.CASCADE, related_name="uploads"
    )
    uploaded_by = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    source_name = models.CharField(max_length=255)
    data = models.BinaryField(null=True)
    report = models.JSONField(null=True)
    imported_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(imported_at__isnull=True) | Q(report__isnull=False),
                name="measurement_dataupload_imported_has_report",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"Upload of {self.source_name} to {self.measure} at {self.uploaded_at:%Y-%m-%d %H:%M}"
        )
