"""A measure: what is counted, how, which way is better, and the target."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from modelcluster.models import ClusterableModel


class DataType(models.TextChoices):
    """What kind of number a measure is; it decides the chart (:data:`CHART_FOR`)."""

    CONTINUOUS = "continuous", "Continuous (a measurement such as days or minutes): XmR chart"
    PROPORTION = "proportion", "Proportion (numerator out of denominator): p chart"
    RATE = "rate", "Rate (events per unit of exposure, such as falls per bed day): u chart"
    COUNT = "count", "Count of events in each period: c chart"
    CASES_BETWEEN = "cases_between", "Rare events: cases or days between them: g chart"
    TIME_BETWEEN = "time_between", "Rare events: time between them: t chart"


#: The SPC engine's chart for each data type.
CHART_FOR = {
    DataType.CONTINUOUS: "xmr",
    DataType.PROPORTION: "p",
    DataType.RATE: "u",
    DataType.COUNT: "c",
    DataType.CASES_BETWEEN: "g",
    DataType.TIME_BETWEEN: "t",
}
#: Data types whose points are a numerator and a denominator rather than one value.
RATIO_TYPES = (DataType.PROPORTION, DataType.RATE)
#: Data types whose values cannot be negative (counts, cases between events).
NON_NEGATIVE_TYPES = (DataType.COUNT, DataType.CASES_BETWEEN)


class Direction(models.TextChoices):
    """Which way is improvement (the SPC engine's names)."""

    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"
    NEUTRAL = "neutral", "Neither"


class Frequency(models.TextChoices):
    """How often a measure is recorded; each point is dated by the first day of its period."""

    DAY = "day", "Daily"
    WEEK = "week", "Weekly (each week starts on a Monday)"
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly (April, July, October and January)"


class Measure(ClusterableModel):
    """One measure, shared by aims and projects, with its points, rebases and annotations."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(
        "web address",
        max_length=100,
        unique=True,
        help_text="Names the measure in addresses and in the API, /api/v1/measures/<this>/data; "
        "filled in from the name if left empty.",
    )
    definition = models.TextField(
        "operational definition",
        help_text="Exactly what is counted and how, so that anyone would count it the same way.",
    )
    unit = models.CharField(
        max_length=100,
        blank=True,
        help_text="What a value counts: days, minutes, falls per 1,000 bed days, patients.",
    )
    data_type = models.CharField(
        max_length=20,
        choices=DataType.choices,
        default=DataType.CONTINUOUS,
        help_text="Decides the chart. It cannot change once the measure has data.",
    )
    frequency = models.CharField(
        "recorded",
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.MONTH,
        help_text="How often a value is recorded. Each value is dated by the first day of its "
        "period (a month's by the 1st). It cannot change once the measure has data.",
    )
    direction = models.CharField(
        "improvement direction",
        max_length=10,
        choices=Direction.choices,
        default=Direction.NEUTRAL,
    )
    target_value = models.FloatField(null=True, blank=True)
    target_date = models.DateField(
        null=True, blank=True, help_text="When the target is to be met (optional)."
    )
    baseline_points = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Compute the centre line and limits from the first this many points (and the "
        "first this many after each rebase), then extend them. Empty: use every point.",
    )
    published = models.BooleanField(
        default=False,
        help_text="Published measures and their data are public (their page and the JSON API).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(data_type__in=DataType.values), name="measurement_measure_data_type"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="measurement_measure_direction"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="measurement_measure_frequency"
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="measurement_measure_slug"),
            models.CheckConstraint(condition=~Q(name=""), name="measurement_measure_name"),
            models.CheckConstraint(
                condition=Q(target_date__isnull=True) | Q(target_value__isnull=False),
                name="measurement_measure_target_date_has_value",
            ),
            models.CheckConstraint(
                condition=Q(baseline_points__isnull=True) | Q(baseline_points__gte=2),
                name="measurement_measure_baseline_points",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The database checks these too; here they are said next to the field.
        if self.target_date is not None and self.target_value is None:
            raise ValidationError({"target_value": "Give the target value for the target date."})
        if self.target_value is not None and not (
            self.target_value == 0 or 1e-100 <= abs(self.target_value) <= 1e100
        ):
            raise ValidationError(
                {"target_value": "The target must be 0 or between 1e-100 and 1e100 in size."}
            )
        if self.baseline_points is not None and self.baseline_points < 2:
            raise ValidationError(
                {"baseline_points": "Use at least 2 points for the limits, or leave it empty."}
            )

    @property
    def chart(self) -> str:
        """The SPC engine's chart for this measure's data type."""
        return CHART_FOR[DataType(self.data_type)]

    @property
    def is_ratio(self) -> bool:
        """Points are a numerator and a denominator (proportions and rates)."""
        return self.data_type in RATIO_TYPES
