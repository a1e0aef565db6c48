import datetime as dt

import pytest

from qihub.core.tests.roster_helpers import xlsx_bytes
from qihub.measurement.analysis import ChartOptions, analyse_series
from qihub.measurement.series import (
    MAX_POINTS,
    Series,
    SeriesError,
    decode_upload,
    read_csv,
    upload_text,
    write_csv,
)


def test_reads_values_dates_and_annotations() -> None:
    series = read_csv(
        "Date, Value ,Annotation\n2024-01-01,5,\n01/02/2024,6.5,PDSA  1\n\n2024-03-01,NA,\n",
        chart="xmr",
    )

    assert series.values == (5.0, 6.5, None)
    assert series.dates == ("2024-01-01", "2024-02-01", "2024-03-01")
    assert series.annotations == ("", "PDSA 1", "")
    assert series.rows == (2, 3, 5)
    assert series.denominators is None


def test_a_value_column_alone_and_labels_that_are_not_dates() -> None:
    assert read_csv("value\n1\n2\n", chart="run").values == (1.0, 2.0)
    assert read_csv("date,value\nWeek 1,3\n", chart="xmr").dates == ("Week 1",)


def test_reads_numerators_and_denominators_for_p_and_u_charts() -> None:
    series = read_csv("date,numerator,denominator\n2024-01-01,4,10\n2024-02-01,,12\n", chart="p")

    assert series.values == (4.0, None)
    assert series.denominators == (10.0, 12.0)


def test_cells_pasted_from_a_spreadsheet_are_tab_separated() -> None:
    series = read_csv("\ufeffdate\tvalue\n2024-01-01\t5\n2024-02-01\t7\n", chart="xmr")

    assert series.values == (5.0, 7.0)


def test_semicolons_and_trailing_empty_cells() -> None:
    assert read_csv("value;\n5;\n6;\n", chart="xmr").values == (5.0, 6.0)


@pytest.mark.parametrize(
    ("text", "chart", "message"),
    [
        ("", "xmr", "there is no data"),
        ("5\n6\n7\n", "xmr", "row 1: the first row must be a header naming the columns"),
        ("2024-01-01,5\n", "xmr", "row 1: the first row must be a header"),
        ("date,score\n2024-01-01,abc\n", "xmr", "row 2, column score: 'abc' is not a number"),
        ("value,value\n1,2\n", "xmr", "row 1: the column value appears more than once"),
        ("date\n2024-01-01\n", "xmr", "row 1: the data needs a value column"),
        ("value\n", "xmr", "there are no rows of data under the header"),
        ("value\n1\nabc\n", "xmr", "row 3, column value: 'abc' is not a number"),
        ("value\n1\ninf\n", "xmr", "row 3, column value: 'inf' is not a finite number"),
        ("date,value\n2024-01-01,1,2\n", "xmr", "row 2: expected 2 cells (date,value), found 3"),
        ("date,value\n2024-01-01\n", "xmr", "row 2: expected 2 cells"),
        ("value\n5\n", "p", "row 1: a p chart needs numerator and denominator columns"),
        ("numerator,denominator\n1,2\n", "xmr", "row 1: numerator and denominator columns"),
        ("numerator,denominator,value\n1,2,3\n", "u", "not value"),
        ("numerator,denominator\n1,x\n", "u", "row 2, column denominator: 'x' is not a number"),
        ('value\n"5\n', "xmr", "this is not valid CSV"),
    ],
)
def test_bad_csv_is_one_line_naming_row_and_column(text: str, chart: str, message: str) -> None:
    with pytest.raises(SeriesError) as raised:
        read_csv(text, chart=chart)

    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_at_most_ten_thousand_points() -> None:
    read_csv("value\n" + "1\n" * MAX_POINTS, chart="xmr")
    with pytest.raises(SeriesError, match=f"row {MAX_POINTS + 2}: more than 10,000 rows"):
        read_csv("value\n" + "1\n" * (MAX_POINTS + 1), chart="xmr")
    with pytest.raises(SeriesError, match="longer than 1,000,000 characters"):
        read_csv("value\n" + "1" * 1_000_000, chart="xmr")


def test_engine_errors_name_the_row_and_column() -> None:
    series = read_csv(
        "date,numerator,denominator\n2024-01-01,4,10\n\n2024-02-01,12,10\n", chart="p"
    )

    with pytest.raises(SeriesError) as raised:
        analyse_series(series, ChartOptions(chart="p"))

    assert str(raised.value) == (
        "row 4, column numerator: 12 is greater than its denominator; "
        "a p chart needs numerator <= denominator"
    )
    assert raised.value.field == "values"


def test_engine_errors_on_json_arrays_name_the_position() -> None:
    with pytest.raises(SeriesError, match=r"^values\[1\] is negative"):
        analyse_series(Series(values=(1.0, -2.0)), ChartOptions(chart="c"))


def test_option_errors_pass_through_with_their_field() -> None:
    with pytest.raises(SeriesError, match="rebase position 9 is outside") as raised:
        analyse_series(Series(values=(1.0, 2.0, 3.0)), ChartOptions(rebase=(9,)))

    assert raised.value.field == "rebase"


def test_write_csv_reads_back_the_same_series() -> None:
    original = read_csv(
        'date,numerator,denominator,annotation\n2024-01-01,4,10,"PDSA 1, ""fast"""\n'
        "2024-02-01,,12.5,\n",
        chart="u",
    )

    assert read_csv(write_csv(original), chart="u") == original


def test_decode_upload() -> None:
    assert decode_upload("value\n1\n".encode("utf-8-sig")) == "value\n1\n"
    assert decode_upload("date,value,annotation\n2024-01-01,1,café\n".encode("cp1252")).endswith(
        "café\n"
    )
    with pytest.raises(SeriesError, match="not a CSV file"):
        decode_upload(b"PK\x03\x04 a workbook")
    with pytest.raises(SeriesError, match="not a CSV file"):
        decode_upload(b"value\n\x00\x01")


def test_an_xlsx_upload_is_its_first_sheet_as_csv() -> None:
    data = xlsx_bytes(
        [
            ["Date", "Value", "Annotation"],
            [dt.datetime(2024, 1, 1), 5, None],
            [dt.date(2024, 2, 1), 6.5, "PDSA 1"],
            [None, None, None],
            ["2024-03-01", 7.0, None],
        ]
    )

    text = upload_text(data, filename="Falls.XLSX")

    assert text == "Date,Value,Annotation\n2024-01-01,5,\n2024-02-01,6.5,PDSA 1\n\n2024-03-01,7,\n"
    series = read_csv(text, chart="xmr")
    assert series.values == (5.0, 6.5, 7.0)
    assert series.dates == ("2024-01-01", "2024-02-01", "2024-03-01")
    assert series.rows == (2, 3, 5)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("falls.xlsx", b"PK\x03\x04 truncated", "the spreadsheet is damaged"),
        ("falls.xlsx", b"value\n1\n", "this is not an XLSX spreadsheet"),
        ("falls.xls", b"\xd0\xcf\x11\xe0", r"old Excel \(.xls\) files cannot be read"),
        ("falls.csv", b"PK\x03\x04 an XLSX file", "not a CSV file"),
        ("falls.csv", "value\n1\n".encode("utf-16-le"), None),
        ("falls.csv", "value,annotation\n1,田中\n".encode("shift_jis"), "an older encoding"),
    ],
)
def test_upload_text_names_what_is_wrong_with_a_file(
    name: str, data: bytes, message: str | None
) -> None:
    if message is None:
        assert upload_text(data, filename=name) == "value\n1\n"
        return
    with pytest.raises(SeriesError, match=message):
        upload_text(data, filename=name)


def test_a_sheet_wider_than_a_table_may_be_is_refused() -> None:
    data = xlsx_bytes([["value"], [None] * 16_383 + [1]])

    with pytest.raises(SeriesError, match="the sheet is 16,384 columns wide"):
        upload_text(data, filename="wide.xlsx")
