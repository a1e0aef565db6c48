"""Creating and changing measures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from qihub.core.audit import audit_log
from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import DataType, Direction, Frequency, Measure
from qihub.measurement.permissions import measure_can_edit

#: What measure_update may change.
EDITABLE = (
    "name",
    "slug",
    "definition",
    "unit",
    "data_type",
    "frequency",
    "direction",
    "target_value",
    "target_date",
    "baseline_points",
    "published",
)


def _invalid(error: ValidationError) -> MeasurementError:
    field, messages = next(iter(error.message_dict.items()))
    label = field.replace("_", " ")
    return MeasurementError(f"{label}: {' '.join(messages)}", code="invalid", field=field)


def _slug_for(*, name: str, slug: str) -> str:
    """The web address given, or else one made from the name."""
    slug = slug.strip() or slugify(name)[: Measure._meta.get_field("slug").max_length]
    if not slug:
        raise MeasurementError(
            "Enter a web address: letters, numbers and hyphens.", code="invalid", field="slug"
        )
    return slug


def _check_editor(by: Any, measure: Measure | None) -> None:
    # None is the system itself: the demo, a management command.
    if by is not None and not measure_can_edit(user=by, obj=measure):
        raise MeasurementError("You may not change measures.", code="forbidden")


def measure_data_type_check(*, measure: Measure, data_type: str) -> None:
    """A measure's data type decides the shape of its points, so it cannot change once it has
    any (each point repeats it, for the database's checks)."""
    if measure.pk and data_type != measure.data_type and measure.data_points.exists():
        raise MeasurementError(
            f"{measure.name} has data already, so its data type cannot change; make a new "
            "measure for the new kind of data.",
            code="data_type_locked",
            field="data_type",
        )


def measure_frequency_check(*, measure: Measure, frequency: str) -> None:
    """Each point is dated by the first day of its period, so how often a measure is recorded
    cannot change once it has points."""
    if measure.pk and frequency != measure.frequency and measure.data_points.exists():
        raise MeasurementError(
            f"{measure.name} has data already, so how often it is recorded cannot change; make a "
            "new measure for data recorded at another interval.",
            code="frequency_locked",
            field="frequency",
        )


def measure_delete_refusal(*, measure: Measure) -> str | None:
    """Why the measure may not be deleted (it has data: its record, and its corrections, are
    kept), or None."""
    if measure.data_points.exists():
        return (
            f"{measure} has data, so it cannot be deleted: its record must be kept. "
            "Unpublish it instead."
        )
    return None


def measure_create(
    *,
    by: Any,
    name: str,
    definition: str,
    data_type: str = DataType.CONTINUOUS,
    frequency: str = Frequency.MONTH,
    direction: str = Direction.NEUTRAL,
    unit: str = "",
    slug: str = "",
    target_value: float | None = None,
    target_date: dt.date | None = None,
    baseline_points: int | None = None,
    published: bool = False,
) -> Measure:
    """A new measure (its web address from its name unless ``slug`` is given)."""
    _check_editor(by, None)
    measure = Measure(
        name=name,
        slug=_slug_for(name=name, slug=slug),
        definition=definition,
        data_type=data_type,
        frequency=frequency,
        direction=direction,
        unit=unit,
        target_value=target_value,
        target_date=target_date,
        baseline_points=baseline_points,
        published=published,
    )
    try:
        measure.full_clean()
    except ValidationError as error:
        raise _invalid(error) from None
    with transaction.atomic():
        measure.save()
        audit_log(
            action="qihub.measurement.measure.create",
            instance=measure,
            user=by,
            data={"slug": measure.slug, "data_type": measure.data_type},
        )
    return measure


def measure_update(
    *, measure: Measure, by: Any, related_changed: Collection[str] = (), **changes: Any
) -> Measure:
    """Change the measure's fields named in ``changes`` (any of :data:`EDITABLE`; a blank
    ``slug`` is made from the name).

    ``related_changed`` names what the caller changes with it in the same transaction, such as
    the back office's "rebases" and "annotations", so that the audit entry names them too."""
    _check_editor(by, measure)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"measure_update cannot change {', '.join(sorted(unknown))}")
    if "slug" in changes:
        changes["slug"] = _slug_for(name=changes.get("name", measure.name), slug=changes["slug"])
    if "data_type" in changes:
        measure_data_type_check(measure=measure, data_type=changes["data_type"])
    if "frequency" in changes:
        measure_frequency_check(measure=measure, frequency=changes["frequency"])
    changed = {name: value for name, value in changes.items() if getattr(measure, name) != value}
    if not changed and not related_changed:
        return measure
    for name, value in changed.items():
        setattr(measure, name, value)
    try:
        measure.full_clean()
    except ValidationError as error:
        measure.refresh_from_db()
        raise _invalid(error) from None
    with transaction.atomic():
        if changed:
            measure.save(update_fields=[*changed, "updated_at"])
        audit_log(
            action="qihub.measurement.measure.update",
            instance=measure,
            user=by,
            data={"changed": sorted({*changed, *related_changed})},
        )
    return measure
