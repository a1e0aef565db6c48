"""Data as an analyst pastes it from Excel (issue 10, §3): headings of their own, per cent
signs, thousands separators, tabs, months out of order."""

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from qihub.core.tests.roster_helpers import xlsx_bytes
from qihub.measurement.cells import normalise_date, read_number, read_target
from qihub.measurement.columns import choose_columns, read_pasted
from qihub.measurement.series import SeriesError, read_csv, upload_text

EXCEL = (
    "Month\t4-hour %\tAttendances\n"
    "Jan 2024\t73.7%\t1,234\n"
    "Mar 2024\t75.1%\t1,301\n"
    "Feb 2024\t71.0%\t1,288\n"
)


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("73.7%", 73.7),
        (" 73.7 % ", 73.7),
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("-1,234", -1234.0),
        ("\u22122", -2.0),
        ("12", 12.0),
        ("NA", None),
    ],
)
def test_numbers_with_per_cent_signs_and_thousands_separators(
    cell: str, number: float | None
) -> None:
    assert read_number(cell) == number


@pytest.mark.parametrize("cell", ["73,7", "1.234,5", "1,23", "12,34,567", ",5"])
def test_a_comma_that_is_not_a_thousands_separator_is_refused_saying_how_to_write_it(
    cell: str,
) -> None:
    with pytest.raises(SeriesError, match="has a comma that is not a thousands separator"):
        read_number(cell)


@pytest.mark.parametrize(
    ("text", "chart", "p_in_percent", "target"),
    [
        ("95%", "p", False, 0.95),
        ("95%", "p", True, 0.95),
        ("95", "p", True, 0.95),
        ("0.95", "p", False, 0.95),
        ("95%", "xmr", False, 95.0),
        ("1,500", "c", True, 1500.0),
        ("", "xmr", True, None),
    ],
)
def test_a_target_written_with_a_per_cent_sign(
    text: str, chart: str, p_in_percent: bool, target: float | None
) -> None:
    assert read_target(text, chart=chart, p_in_percent=p_in_percent) == pytest.approx(target)


def test_a_target_that_is_not_a_number() -> None:
    with pytest.raises(SeriesError, match="the target 'high' is not a number") as raised:
        read_target("high", chart="xmr", p_in_percent=True)
    assert raised.value.field == "target"


@pytest.mark.parametrize(
    ("label", "iso"),
    [
        ("Mar 2024", "2024-03-01"),
        ("March 2024", "2024-03-01"),
        ("Mar-24", "2024-03-01"),
        ("2024-03", "2024-03-01"),
        ("4 Mar 2024", "2024-03-04"),
        ("04-Mar-2024", "2024-03-04"),
        ("04-Mar-24", "2024-03-04"),
        ("Week 12", "Week 12"),
    ],
)
def test_months_and_days_as_excel_shows_them(label: str, iso: str) -> None:
    assert normalise_date(label) == iso


def test_excel_cells_are_read_with_the_columns_guessed_and_the_months_sorted() -> None:
    series = read_csv(EXCEL, chart="xmr")

    assert series.value_column == "4-hour %"
    assert series.date_column == "Month"
    assert series.dates == ("2024-01-01", "2024-02-01", "2024-03-01")
    assert series.values == (73.7, 71.0, 75.1)
    assert series.rows == (2, 4, 3)
    assert series.notices == (
        "the dates were not in order: 1 row (row 3) moved to put the points in date order; "
        "check that is what you meant",
    )


def test_the_value_column_can_be_chosen_and_the_guess_prefers_the_title() -> None:
    assert read_csv(EXCEL, chart="c", value_column="Attendances").values == (1234, 1288, 1301)
    assert read_csv(EXCEL, chart="c", title="Attendances at A&E").value_column == "Attendances"
    assert read_csv(EXCEL, chart="xmr", date_column="").dates is None


def test_the_guess_says_it_is_one_and_a_standard_header_is_not() -> None:
    table = read_pasted(EXCEL)
    columns = choose_columns(table, chart="xmr")

    assert (columns.date, columns.value, columns.guessed) == ("Month", "4-hour %", True)
    assert not choose_columns(read_pasted("date,value\n2024-01-01,1\n"), chart="xmr").guessed
    assert table.signature == "Month\t4-hour %\tAttendances"


def test_a_choice_for_another_header_is_guessed_again() -> None:
    columns = choose_columns(read_pasted(EXCEL), chart="xmr", value="Score", date="When")

    assert (columns.date, columns.value) == ("Month", "4-hour %")


def test_one_column_cannot_be_both() -> None:
    with pytest.raises(SeriesError, match="cannot be both the date and the value"):
        read_csv(EXCEL, chart="xmr", date_column="Attendances", value_column="Attendances")


def test_messages_name_the_column_by_its_heading() -> None:
    with pytest.raises(SeriesError, match=r"^row 3, column 4-hour %: 'n/k' is not a number$"):
        read_csv("Month\t4-hour %\nJan 2024\t70%\nFeb 2024\tn/k\n", chart="xmr")


def test_a_date_column_of_labels_is_found_by_its_heading_and_not_sorted() -> None:
    series = read_csv("Week\tFalls\nWeek 2\t3\nWeek 1\t4\n", chart="c")

    assert series.dates == ("Week 2", "Week 1")
    assert series.notices == ()


def test_many_rows_moved_are_counted_and_the_first_named() -> None:
    months = [f"2024-{month:02d}-01" for month in range(1, 13)]
    shuffled = months[6:] + months[:6]
    text = "date,value\n" + "".join(f"{date},{i}\n" for i, date in enumerate(shuffled))

    series = read_csv(text, chart="xmr")

    assert series.dates == tuple(months)
    assert series.notices[0].startswith(
        "the dates were not in order: 6 rows (rows 2, 3, 4 and 3 more) moved"
    )


def test_a_repeated_date_is_refused_naming_both_rows_but_not_on_event_charts() -> None:
    text = "date,value\n2024-01-01,1\n2024-02-01,2\n01/02/2024,3\n"

    with pytest.raises(SeriesError) as raised:
        read_csv(text, chart="xmr")
    assert str(raised.value) == (
        "row 4, column date: the date 2024-02-01 is on row 3 too: each date is one point, "
        "so remove or combine the repeated row"
    )
    assert read_csv(text, chart="t").values == (1, 2, 3)


def test_an_unquoted_thousands_separator_in_comma_separated_data_is_explained() -> None:
    with pytest.raises(SeriesError, match="a cell with a comma in it, such as 1,234, needs quotes"):
        read_csv("date,value\n2024-01-01,1,234\n", chart="xmr")
    assert read_csv('date,value\n2024-01-01,"1,234"\n', chart="xmr").values == (1234,)


def test_an_xlsx_with_its_own_headings_is_read_through_the_shared_reader() -> None:
    data = xlsx_bytes(
        [
            ["Month", "4-hour %", "Attendances"],
            [dt.datetime(2024, 2, 1), "71.0%", 1288],
            [dt.datetime(2024, 1, 1), "73.7%", 1234],
        ]
    )

    series = read_csv(upload_text(data, filename="ED.xlsx"), chart="xmr")

    assert series.dates == ("2024-01-01", "2024-02-01")
    assert series.values == (73.7, 71.0)
    assert series.value_column == "4-hour %"


def test_an_xlsx_percentage_cell_is_read_as_the_sheet_shows_it() -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Month", "4-hour %"])
    sheet.append([dt.datetime(2024, 1, 1), 0.737])
    sheet.append([dt.datetime(2024, 2, 1), 0.71])
    for row in (2, 3):
        sheet.cell(row=row, column=2).number_format = "0.0%"
    buffer = io.BytesIO()
    workbook.save(buffer)

    text = upload_text(buffer.getvalue(), filename="ED.xlsx")

    assert text == "Month,4-hour %\n2024-01-01,73.7%\n2024-02-01,71%\n"
    assert read_csv(text, chart="xmr").values == (73.7, 71.0)


def test_a_comma_that_could_be_a_decimal_point_gets_a_notice() -> None:
    series = read_csv("Week\tFalls\nWeek 1\t1,234\nWeek 2\t1,301\n", chart="c")

    assert series.values == (1234, 1301)
    assert series.notices == (
        "numbers in column Falls such as 1,234 (row 2) were read with the comma separating "
        "thousands (1234); if your commas are decimal points, write them as points",
    )


@pytest.mark.parametrize(
    ("text", "chart"),
    [
        ('value\n1234\n"1,301"\n12.5\n', "xmr"),  # a decimal point says what the comma is
        ('value\n"1,234,567"\n', "xmr"),
        ('value\n"1,234.0"\n', "xmr"),
        ('numerator,denominator\n5,"1,234"\n', "p"),  # counts
    ],
)
def test_no_notice_where_the_comma_is_plainly_a_thousands_separator(text: str, chart: str) -> None:
    assert read_csv(text, chart=chart).notices == ()
