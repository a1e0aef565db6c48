"""Recording data: a new point, the same again (nothing changes), a correction (a reason, the old
value kept, audited); who may; measures and tokens."""

import datetime as dt

import pytest
from wagtail.models import ModelLogEntry

from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import (
    DataPoint,
    DataPointCorrection,
    DataSource,
    DataType,
    IntegrationToken,
    token_digest,
)
from qihub.measurement.services import (
    RecordOutcome,
    datapoint_record,
    measure_create,
    measure_update,
    token_create,
    token_for_secret,
    token_may_write,
    token_revoke,
)
from qihub.measurement.tests.factories import DataPointFactory, MeasureFactory

pytestmark = pytest.mark.django_db
JAN = dt.date(2024, 1, 1)


def _actions(action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.filter(action=action))


def test_a_new_point_is_recorded_and_audited(qi_team_user) -> None:
    measure = MeasureFactory.create()
    recorded = datapoint_record(
        measure=measure, period=JAN, value=5.5, by=qi_team_user, source=DataSource.FORM
    )
    assert recorded.outcome == RecordOutcome.CREATED
    point = DataPoint.objects.get()
    assert (point.value, point.recorded_by, point.data_type) == (5.5, qi_team_user, "continuous")
    (entry,) = _actions("qihub.measurement.datapoint.record")
    assert entry.user == qi_team_user and entry.data["value"] == 5.5


def test_the_same_value_again_changes_nothing(qi_team_user) -> None:
    measure = MeasureFactory.create()
    for _ in range(2):
        recorded = datapoint_record(
            measure=measure, period=JAN, value=5.5, by=qi_team_user, source=DataSource.FORM
        )
    assert recorded.outcome == RecordOutcome.UNCHANGED
    assert DataPointCorrection.objects.count() == 0
    assert len(_actions("qihub.measurement.datapoint.record")) == 1
    assert not _actions("qihub.measurement.datapoint.correct")


def test_a_correction_needs_a_reason_and_keeps_the_old_value(qi_team_user) -> None:
    measure = MeasureFactory.create()
    datapoint_record(measure=measure, period=JAN, value=5.5, by=qi_team_user, source="form")
    with pytest.raises(MeasurementError) as refused:
        datapoint_record(measure=measure, period=JAN, value=6, by=qi_team_user, source="form")
    assert refused.value.code == "reason_required"
    assert "already has 5.5 for 1 January 2024" in refused.value.message
    assert DataPoint.objects.get().value == 5.5

    recorded = datapoint_record(
        measure=measure,
        period=JAN,
        value=6,
        by=qi_team_user,
        source="form",
        reason="  Late returns from ward 7 ",
    )
    assert recorded.outcome == RecordOutcome.CORRECTED and str(recorded.old) == "5.5"
    assert DataPoint.objects.get().value == 6
    correction = DataPointCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == (5.5, 6)
    assert correction.reason == "Late returns from ward 7"
    assert correction.corrected_by == qi_team_user
    (entry,) = _actions("qihub.measurement.datapoint.correct")
    assert entry.data["old"]["value"] == 5.5 and entry.data["new"]["value"] == 6
    assert entry.data["reason"] == "Late returns from ward 7"


def test_a_proportion_takes_a_numerator_no_more_than_its_denominator(qi_team_user) -> None:
    measure = MeasureFactory.create(data_type=DataType.PROPORTION)
    for numbers, code in (
        ({"numerator": 11, "denominator": 10}, "numerator_above_denominator"),
        ({"value": 0.5}, "ratio_expected"),
        ({"numerator": 1}, "missing"),
        ({"numerator": 1, "denominator": 0}, "not_positive"),
        ({"numerator": "3", "denominator": 10}, "not_a_number"),
        ({"numerator": float("nan"), "denominator": 10}, "not_a_number"),
    ):
        with pytest.raises(MeasurementError) as refused:
            datapoint_record(measure=measure, period=JAN, by=qi_team_user, source="form", **numbers)
        assert refused.value.code == code, numbers
    assert not DataPoint.objects.exists()


def test_staff_may_not_record_data(staff_user) -> None:
    with pytest.raises(MeasurementError) as refused:
        datapoint_record(
            measure=MeasureFactory.create(), period=JAN, value=1, by=staff_user, source="form"
        )
    assert refused.value.code == "forbidden"


def test_api_data_names_its_token() -> None:
    measure = MeasureFactory.create()
    with pytest.raises(ValueError, match="token"):
        datapoint_record(measure=measure, period=JAN, value=1, source=DataSource.API)
    datapoint_record(measure=measure, period=JAN, value=1, source=DataSource.API, via="PAS")
    assert DataPoint.objects.get().recorded_via == "PAS"
    assert _actions("qihub.measurement.datapoint.record")[0].data["via"] == "PAS"


def test_a_measure_is_created_and_its_data_type_locks_once_it_has_data(qi_team_user) -> None:
    measure = measure_create(
        by=qi_team_user,
        name="Falls per 1,000 bed days",
        definition="Inpatient falls over occupied bed days, times 1,000.",
        data_type=DataType.RATE,
        direction="decrease",
    )
    assert measure.slug == "falls-per-1000-bed-days"
    measure_update(measure=measure, by=qi_team_user, data_type=DataType.CONTINUOUS)
    DataPointFactory.create(measure=measure)
    with pytest.raises(MeasurementError) as refused:
        measure_update(measure=measure, by=qi_team_user, data_type=DataType.COUNT)
    assert refused.value.code == "data_type_locked"
    with pytest.raises(MeasurementError) as refused:
        measure_update(measure=measure, by=qi_team_user, target_date=JAN)
    assert refused.value.field == "target_value"
    assert "target value for the target date" in refused.value.message
    with pytest.raises(MeasurementError) as refused:
        measure_update(measure=measure, by=qi_team_user, target_value=1e200)
    assert refused.value.field == "target_value"


def test_a_blank_web_address_is_made_from_the_name(qi_team_user) -> None:
    measure = measure_create(by=qi_team_user, name="Falls", definition="d")
    measure_update(measure=measure, by=qi_team_user, name="Falls with harm", slug=" ")
    measure.refresh_from_db()
    assert measure.slug == "falls-with-harm"
    with pytest.raises(MeasurementError) as refused:
        measure_create(by=qi_team_user, name="!!!", definition="d")
    assert refused.value.field == "slug" and "Enter a web address" in refused.value.message


def test_what_changed_with_a_measure_is_named_in_its_audit_entry(qi_team_user) -> None:
    measure = measure_create(by=qi_team_user, name="Falls", definition="d")
    measure_update(measure=measure, by=qi_team_user, name="Falls", related_changed=["rebases"])
    assert _actions("qihub.measurement.measure.update")[0].data == {"changed": ["rebases"]}
    measure_update(measure=measure, by=qi_team_user, name="Falls")
    assert len(_actions("qihub.measurement.measure.update")) == 1


def test_staff_may_not_create_measures(staff_user) -> None:
    with pytest.raises(MeasurementError):
        measure_create(by=staff_user, name="M", definition="d")


def test_a_token_is_stored_hashed_scoped_and_revocable(qi_team_user) -> None:
    mine, other = MeasureFactory.create(), MeasureFactory.create()
    token, secret = token_create(name="Theatre system", measures=[mine], by=qi_team_user)
    stored = IntegrationToken.objects.get()
    assert stored.digest == token_digest(secret) and secret not in stored.digest
    assert secret.startswith(stored.prefix) and len(secret) > 40
    assert token_for_secret(secret) == token
    assert token_for_secret(secret + "x") is None
    assert token_may_write(token=token, measure=mine)
    assert not token_may_write(token=token, measure=other)
    token_revoke(token=token, by=qi_team_user)
    token_revoke(token=token, by=qi_team_user)
    token.refresh_from_db()
    assert token.is_revoked and not token_may_write(token=token, measure=mine)
    assert len(_actions("qihub.measurement.token.revoke")) == 1
    (created,) = _actions("qihub.measurement.token.create")
    assert secret not in str(created.data)


def test_a_token_name_is_used_once(qi_team_user) -> None:
    token_create(name="PAS", measures=[], by=qi_team_user)
    with pytest.raises(MeasurementError) as refused:
        token_create(name=" PAS ", measures=[], by=qi_team_user)
    assert refused.value.field == "name" and "already exists" in refused.value.message
    assert IntegrationToken.objects.count() == 1


def test_staff_may_not_make_tokens(staff_user) -> None:
    with pytest.raises(MeasurementError):
        token_create(name="X", measures=[], by=staff_user)


@pytest.mark.parametrize(
    ("frequency", "period", "message"),
    [
        ("month", dt.date(2026, 10, 15), "not the first day of a month"),
        ("week", dt.date(2026, 10, 13), "not the first day of a week (a Monday)"),
        ("quarter", dt.date(2026, 5, 1), "not the first day of a quarter"),
        ("month", dt.date(1800, 1, 1), "is before 1900: check its year"),
        ("day", dt.date(2030, 1, 1), "2030-01-01 has not begun yet"),
    ],
)
def test_a_period_that_is_not_one_of_the_measures_is_refused(
    qi_team_user, frequency, period, message
) -> None:
    measure = MeasureFactory.create(frequency=frequency)
    with pytest.raises(MeasurementError) as refused:
        datapoint_record(
            measure=measure, period=period, value=5, by=qi_team_user, source=DataSource.FORM
        )
    assert message in refused.value.message and refused.value.field == "period"
    assert not DataPoint.objects.exists()


def test_the_refusal_names_the_first_day_to_give_instead(qi_team_user) -> None:
    measure = MeasureFactory.create(frequency="week", name="Length of stay")
    with pytest.raises(MeasurementError, match=r"recorded weekly .* so give 2026-10-12"):
        datapoint_record(
            measure=measure,
            period=dt.date(2026, 10, 15),
            value=5,
            by=qi_team_user,
            source=DataSource.FORM,
        )
    for frequency, period in [("week", dt.date(2026, 10, 12)), ("quarter", dt.date(2026, 4, 1))]:
        other = MeasureFactory.create(frequency=frequency)
        datapoint_record(
            measure=other, period=period, value=5, by=qi_team_user, source=DataSource.FORM
        )
    assert DataPoint.objects.count() == 2


def test_how_often_a_measure_is_recorded_cannot_change_once_it_has_data(qi_team_user) -> None:
    point = DataPointFactory.create()
    with pytest.raises(MeasurementError) as refused:
        measure_update(measure=point.measure, by=qi_team_user, frequency="week")
    assert refused.value.code == "frequency_locked"
    point.measure.refresh_from_db()
    assert point.measure.frequency == "month"
