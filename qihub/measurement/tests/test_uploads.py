"""Uploading a measure's data: a preview that changes nothing, an import row by row (a row with a
problem writes nothing and is named), and the same file again changing nothing."""

import datetime as dt
import io

import openpyxl
import pytest

from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import DataPoint, DataPointCorrection, DataType
from qihub.measurement.services import (
    RowOutcome,
    data_upload_import,
    data_upload_preview,
)
from qihub.measurement.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db

GOOD = b"period,value\n2024-01-01,5.5\n01/02/2024,6\n2024-03-01,4.25\n"


def _upload(measure, by, data: bytes, name: str = "data.csv"):  # type: ignore[no-untyped-def]
    return data_upload_preview(measure=measure, by=by, file_name=name, data=data)


def _values(measure) -> dict[str, float | None]:  # type: ignore[no-untyped-def]
    return {
        point.period.isoformat(): point.value for point in DataPoint.objects.filter(measure=measure)
    }


def test_preview_changes_nothing_then_import_records_each_row(qi_team_user) -> None:
    measure = MeasureFactory.create()
    upload = _upload(measure, qi_team_user, GOOD)
    assert not DataPoint.objects.exists()
    assert [row["outcome"] for row in upload.report["rows"]] == ["added"] * 3
    report = data_upload_import(upload=upload, by=qi_team_user)
    assert report.count(RowOutcome.ADDED) == 3
    assert _values(measure) == {"2024-01-01": 5.5, "2024-02-01": 6.0, "2024-03-01": 4.25}
    assert "3 added" in report.summary()
    # Import pressed again: the first import's report, nothing more.
    assert data_upload_import(upload=upload, by=qi_team_user).to_data() == report.to_data()


def test_the_same_file_again_changes_nothing(qi_team_user) -> None:
    measure = MeasureFactory.create()
    data_upload_import(upload=_upload(measure, qi_team_user, GOOD), by=qi_team_user)
    again = data_upload_import(upload=_upload(measure, qi_team_user, GOOD), by=qi_team_user)
    assert again.count(RowOutcome.UNCHANGED) == 3 and again.changes == 0
    assert DataPointCorrection.objects.count() == 0 and DataPoint.objects.count() == 3


def test_each_bad_row_is_named_and_the_others_are_recorded(qi_team_user) -> None:
    measure = MeasureFactory.create()
    data = (
        b"Period,Value,notes\n"
        b"2024-01-01,5.5,ok\n"
        b"31/02/2024,6,bad date\n"
        b"2024-03-01,abc,not a number\n"
        b"2024-04-01,4,dup\n"
        b"2024-05-01,,empty\n"
        b"2024-04-01,4.5,dup\n"
        b"2024-06-01,7,ok\n"
    )
    report = data_upload_import(upload=_upload(measure, qi_team_user, data), by=qi_team_user)
    errors = {row.row: row.message for row in report.errors}
    assert errors == {
        3: "'31/02/2024' is not a date (use YYYY-MM-DD or DD/MM/YYYY)",
        4: "the value 'abc' is not a number",
        5: "the period 2024-04-01 is on rows 5 and 7: give it once",
        6: "the value is empty: give a number",
        7: "the period 2024-04-01 is on rows 5 and 7: give it once",
    }
    assert _values(measure) == {"2024-01-01": 5.5, "2024-06-01": 7.0}
    assert report.notes == ["Columns ignored: notes."]


def test_a_numerator_above_its_denominator_is_a_row_error(qi_team_user) -> None:
    measure = MeasureFactory.create(data_type=DataType.PROPORTION)
    data = b"date,numerator,denominator\n2024-01-01,12,10\n2024-02-01,8,10\n"
    report = data_upload_import(upload=_upload(measure, qi_team_user, data), by=qi_team_user)
    (error,) = report.errors
    assert error.row == 2 and "numerator (12) is greater than the denominator (10)" in error.message
    assert DataPoint.objects.get().numerator == 8


def test_corrections_need_a_reason_from_the_row_or_the_import(qi_team_user) -> None:
    measure = MeasureFactory.create()
    data_upload_import(upload=_upload(measure, qi_team_user, GOOD), by=qi_team_user)
    changed = b"period,value,reason\n2024-01-01,5.6,Recount\n2024-02-01,6.5,\n"
    preview = _upload(measure, qi_team_user, changed)
    rows = preview.report["rows"]
    assert [row["outcome"] for row in rows] == ["corrected", "corrected"]
    assert rows[1]["message"] == "needs a reason to correct it"
    report = data_upload_import(upload=preview, by=qi_team_user)
    assert report.count(RowOutcome.CORRECTED) == 1
    assert "give a reason" in report.errors[0].message
    assert _values(measure)["2024-02-01"] == 6.0
    report = data_upload_import(
        upload=_upload(measure, qi_team_user, changed), by=qi_team_user, reason="Late returns"
    )
    assert report.count(RowOutcome.CORRECTED) == 1 and report.count(RowOutcome.UNCHANGED) == 1
    reasons = set(DataPointCorrection.objects.values_list("reason", flat=True))
    assert reasons == {"Recount", "Late returns"}


def test_an_xlsx_file_with_date_cells(qi_team_user) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Date", "Value"])
    sheet.append([dt.datetime(2024, 1, 1), 5])
    sheet.append([dt.datetime(2024, 2, 1), 6.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    measure = MeasureFactory.create()
    upload = _upload(measure, qi_team_user, buffer.getvalue(), name="data.xlsx")
    data_upload_import(upload=upload, by=qi_team_user)
    assert _values(measure) == {"2024-01-01": 5.0, "2024-02-01": 6.5}


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"when,value\n2024-01-01,5\n", "a.csv", "Missing: period"),
        (b"period,numerator\n2024-01-01,5\n", "a.csv", "Missing: value"),
        (b"period,value\n", "a.csv", "no rows of data"),
        (b"", "a.csv", "empty"),
        (b"period,value\n", "a.pdf", ".csv or .xlsx"),
    ],
)
def test_a_file_that_cannot_be_read_keeps_nothing(qi_team_user, data, name, message) -> None:
    with pytest.raises(MeasurementError, match=message):
        _upload(MeasureFactory.create(), qi_team_user, data, name)


def test_staff_may_not_upload(staff_user) -> None:
    with pytest.raises(MeasurementError):
        _upload(MeasureFactory.create(), staff_user, GOOD)


def test_a_period_that_is_not_the_first_of_a_month_or_not_begun_is_a_row_error(
    qi_team_user,
) -> None:
    measure = MeasureFactory.create()
    next_year = f"{dt.date.today().year + 1}-01-01".encode()
    data = b"period,value\n2024-01-01,5\n2024-02-20,6\n" + next_year + b",7\n1800-03-01,8\n"
    report = data_upload_import(upload=_upload(measure, qi_team_user, data), by=qi_team_user)
    errors = {row.row: row.message for row in report.errors}
    assert set(errors) == {3, 4, 5}
    assert "not the first day of a month" in errors[3] and "give 2024-02-01" in errors[3]
    assert "has not begun yet" in errors[4]
    assert "not a plausible date (check the year)" in errors[5]  # the shared date reader's words
    assert _values(measure) == {"2024-01-01": 5.0}
