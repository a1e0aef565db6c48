"""The engagement ledger: one append-only record for every act of taking part."""

from typing import Any

from django.db import models

KIND_LABEL_LENGTH = 100


class EngagementKind(models.Model):
    """A kind of taking part ("voted", "attended"), registered by the app that records it (its
    `ENGAGEMENT_KINDS` hook, qihub/core/extensions.py) and copied here after every migrate, so
    that the database refuses a record of a kind no app registered.

    Never deleted: the records of an app that has gone keep their kind.
    """

    code = models.CharField(primary_key=True, max_length=20)
    label = models.CharField(max_length=KIND_LABEL_LENGTH)

    def __str__(self) -> str:
        return self.label


class EngagementRecord(models.Model):
    """A person's act of taking part, and what it concerned (`subject`, e.g. "competition:4").

    Append-only: `engagement.services` is the only writer, `save()` refuses an existing record,
    and a database trigger refuses any UPDATE (migration 0002; a migration that rebuilds this
    table on SQLite drops it, and the tests notice). Records go only when the person themselves
    is erased.
    """

    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="engagement_records"
    )
    # The column keeps its name; the index below, which starts with it, serves the foreign key.
    kind = models.ForeignKey(
        EngagementKind, on_delete=models.PROTECT, db_column="kind", db_index=False, related_name="+"
    )
    subject = models.CharField(max_length=100, help_text="What it concerned, as 'type:id'.")
    subject_label = models.CharField(max_length=255, blank=True)
    occurred_on = models.DateField(
        help_text="The day only: a time could link a record to other timestamped data."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["kind", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.kind_id}: {self.subject_label or self.subject}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Engagement records are never edited: record a new one instead.")
        super().save(*args, **kwargs)


class EngagementMonth(models.Model):
    """How many acts of one kind a person took in one month: the ledger rolled up.

    Kept true by `engagement_record`, which adds one here in the same transaction as the
    record (one upsert), and by erasure; the levels and the dashboard read this, never the raw
    ledger, so that their cost follows people × months, not acts.
    """

    # No index of their own: the unique key (person, month, kind) serves the person, and
    # nothing looks rows up by kind alone (kinds are never deleted), so an act updates one index.
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month.")
    kind = models.ForeignKey(
        EngagementKind, on_delete=models.PROTECT, db_column="kind", db_index=False, related_name="+"
    )
    acts = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "month", "kind"], name="engagement_month_one_row"
            ),
            models.CheckConstraint(
                condition=models.Q(acts__gte=1), name="engagement_month_some_acts"
            ),
        ]
        indexes = [models.Index(fields=["month", "person"], name="engagement_month_by_month")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.month:%Y-%m} {self.kind_id}: {self.acts}"


class EngagementLevel(models.Model):
    """One rung of the engagement ladder (Aware, Involved, Active, Leading), as a rule on the
    ledger: at least `min_acts` acts in the last `months` months (this month included), of the
    chosen kinds (any if none), of at least `min_kinds` different kinds.

    A person is at the highest level whose rule they meet; nobody types a level in.
    """

    name = models.CharField(max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(
        unique=True, help_text="1 for the first rung; a higher level has a higher number."
    )
    min_acts = models.PositiveSmallIntegerField("at least this many acts", default=1)
    months = models.PositiveSmallIntegerField("in the last this many months", default=12)
    min_kinds = models.PositiveSmallIntegerField("of at least this many kinds", default=1)
    kinds = models.ManyToManyField(
        EngagementKind,
        blank=True,
        related_name="+",
        help_text="Count only acts of these kinds; none chosen counts every kind.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="engagement_level_position"
            ),
            models.CheckConstraint(
                condition=models.Q(min_acts__gte=1), name="engagement_level_some_acts"
            ),
            models.CheckConstraint(
                condition=models.Q(months__gte=1, months__lte=60),
                name="engagement_level_months",
            ),
            models.CheckConstraint(
                condition=models.Q(min_kinds__gte=1), name="engagement_level_some_kinds"
            ),
            models.CheckConstraint(
                condition=models.Q(min_kinds__lte=models.F("min_acts")),
                name="engagement_level_kinds_within_acts",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EngagementAim(models.Model):
    """The programme's aim for critical mass: `share` per cent of staff in every directorate at
    `level` or above by `due_on`. One row (the programme has one such aim)."""

    statement = models.CharField(max_length=255, blank=True)
    level = models.ForeignKey(EngagementLevel, on_delete=models.PROTECT, related_name="+")
    share = models.PositiveSmallIntegerField("per cent of staff")
    starts_on = models.DateField(help_text="When the push began (the launch), for the chart.")
    due_on = models.DateField()
    one = models.BooleanField(default=True, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share__gte=1, share__lte=100), name="engagement_aim_share"
            ),
            models.CheckConstraint(condition=models.Q(one=True), name="engagement_aim_one"),
            models.CheckConstraint(
                condition=models.Q(due_on__gt=models.F("starts_on")),
                name="engagement_aim_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.statement or f"{self.share}% of staff in every directorate at {self.level}"


class EngagementTally(models.Model):
    """How many staff were at one engagement level (0: none yet) at the end of one month (today,
    for this month), the roster of that day as the denominator: by team (`by_team`), or by
    directorate and staff level.

    Derived: `engagement_tallies_refresh` rebuilds the months that changed. Two grains, because
    no page crosses team with staff level: the dashboard reads one month of the team rows (five
    per team at most) and the staff-level rows of every month (the chart), whatever the size of
    the ledger and the roster.
    """

    month = models.DateField()
    by_team = models.BooleanField()
    directorate = models.ForeignKey(
        "core.Directorate", on_delete=models.CASCADE, null=True, related_name="+"
    )
    team = models.ForeignKey("core.Team", on_delete=models.CASCADE, null=True, related_name="+")
    staff_level = models.ForeignKey(
        "core.StaffLevel", on_delete=models.CASCADE, null=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(help_text="An EngagementLevel's position; 0: none.")
    people = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(
                fields=["by_team", "month", "directorate"], name="engagement_tally_by_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} level {self.level}: {self.people}"


class EngagementTallyState(models.Model):
    """What the tallies were built from, so that a page can tell whether they are still true:
    the newest ledger record and roster change they include, the rules, the day."""

    one = models.BooleanField(default=True, unique=True, editable=False)
    record_mark = models.BigIntegerField(default=0)
    roster_mark = models.DateTimeField(null=True)
    rules_signature = models.CharField(max_length=64, blank=True)
    built_on = models.DateField(null=True)
    built_at = models.DateTimeField(null=True)
    first_month = models.DateField(null=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(one=True), name="engagement_tally_state_one")
        ]

    def __str__(self) -> str:
        return f"Tallies built at {self.built_at}"
