"""Property: the reader answers any pasted text with a series or one :class:`SeriesError` line.

Cells as spreadsheets give them (per cent signs, thousands and decimal commas, months, dates out
of order and repeated, blanks), under headings of any kind, with any choice of columns, on every
chart. Derandomised, like the engine's properties.
"""

from hypothesis import given
from hypothesis import strategies as st

from qihub.measurement.analysis import ChartOptions, analyse_series
from qihub.measurement.cells import number_written, read_number, read_target
from qihub.measurement.series import SeriesError, read_csv
from qihub.spc.tests.test_properties import PROPERTIES

CHARTS = st.sampled_from(["run", "xmr", "p", "u", "c", "g", "t"])
HEADINGS = st.sampled_from(
    ["date", "value", "numerator", "denominator", "annotation", "Month", "4-hour %", "", "Week"]
) | st.text(max_size=5)
CELLS = st.sampled_from(
    [
        "73.7%",
        "1,234",
        "1,234.5",
        "73,7",
        "%",
        "-",
        "NA",
        "",
        "Jan 2024",
        "Mar-24",
        "2024-02",
        "01/02/2024",
        "2024-02-01",
        "31/02/2024",
        "1e308",
        "5e-324",
        "0",
        "12",
        "−3",
        "Week 1",
    ]
) | st.text(max_size=5)


@st.composite
def pasted(draw):  # type: ignore[no-untyped-def]
    width = draw(st.integers(min_value=1, max_value=4))
    header = [draw(HEADINGS) for _ in range(width)]
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width + 1), max_size=12))
    separator = draw(st.sampled_from(["\t", ",", ";"]))
    lines = [header, *rows]
    return "".join(
        separator.join(cell.replace(separator, "") for cell in line) + "\n" for line in lines
    )


@PROPERTIES
@given(
    text=pasted(),
    chart=CHARTS,
    date=st.none() | HEADINGS,
    value=st.none() | HEADINGS,
    title=st.text(max_size=12),
    target=st.sampled_from(["", "95%", "0.95", "1,500", "9,5", "%", "1e400"]),
)
def test_any_paste_is_a_series_or_one_line(  # type: ignore[no-untyped-def]
    text, chart, date, value, title, target
) -> None:
    try:
        series = read_csv(text, chart=chart, date_column=date, value_column=value, title=title)
        options = ChartOptions(
            chart=chart, target=read_target(target, chart=chart, p_in_percent=True)
        )
        analyse_series(series, options)
    except SeriesError as error:
        assert "\n" not in str(error)
        assert str(error)


MONTHS = st.builds(
    lambda month, year, form: form.format(
        date=f"{year}-{month:02d}-01", month=["Jan", "Feb", "Mar", "Apr"][month - 1], year=year
    ),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=2023, max_value=2025),
    st.sampled_from(["{date}", "{month} {year}", "{month}-{year}"]),
)
NUMBERS = (
    st.integers(min_value=0, max_value=10**6)
    .map(lambda n: st.sampled_from([f"{n:,}", f"{n / 10:.1f}%", str(n), f"{n / 100:,.2f}"]))
    .flatmap(lambda strategy: strategy)
)


@PROPERTIES
@given(
    rows=st.lists(st.tuples(MONTHS, NUMBERS, NUMBERS), min_size=1, max_size=14),
    chart=CHARTS,
)
def test_months_and_spreadsheet_numbers_are_read_in_date_order(rows, chart) -> None:  # type: ignore[no-untyped-def]
    text = "Month\tAttendances\t4-hour %\n" + "".join("\t".join(row) + "\n" for row in rows)
    try:
        series = read_csv(text, chart=chart)
    except SeriesError as error:
        assert "is on row" in str(error) or chart in ("p", "u")
        return
    assert series.dates is not None
    assert list(series.dates) == sorted(date or "" for date in series.dates)
    assert len(series) == len(rows)
    assert sorted(series.rows or ()) == list(range(2, len(rows) + 2))


def test_numbers_are_written_as_people_write_them() -> None:
    assert [number_written(n) for n in (800.0, 1000.0, 5.5, 0.0001, -1234567.25, 1e16)] == [
        "800",
        "1,000",
        "5.5",
        "0.0001",
        "-1,234,567.25",
        "10,000,000,000,000,000",
    ]
    assert number_written(None) == ""


@PROPERTIES
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_a_written_number_reads_back_the_same(number: float) -> None:
    assert read_number(number_written(number)) == number
