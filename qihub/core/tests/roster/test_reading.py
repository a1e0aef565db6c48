"""Reading roster files: encodings, delimiters, XLSX cells, headers, unreadable files."""

import datetime
import io
import re
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from qihub.core.demo import _structure_build
from qihub.core.models import Person, PersonKind, RosterImport
from qihub.core.roster import COLUMNS, MAX_ROWS, RosterFileError, read_roster
from qihub.core.tests.roster_helpers import (
    DOCS,
    csv_bytes,
    roster_row,
    run_import,
    staff,
    xlsx_bytes,
)

# File formats -----------------------------------------------------------------------------


def test_a_csv_with_a_byte_order_mark_and_spreadsheet_style_headers_is_read(org):
    header = "\ufeffEmployee Number,First name,LAST NAME,Work e-mail,Team code,Staff level\r\n"
    data = (header + "E000001,Priya,Patel,p@trust.example,T0001,Front-line clinical\r\n").encode()
    report = run_import(data)
    assert report.errors == []
    assert staff("E000001").first_name == "Priya"


def test_a_windows_1252_csv_is_read(org):
    data = csv_bytes(
        [roster_row("E000001", first_name="Zoë", last_name="O’Brien")], encoding="cp1252"
    )
    run_import(data)
    person = staff("E000001")
    assert (person.first_name, person.last_name) == ("Zoë", "O’Brien")


def test_a_utf16_csv_is_read(org):
    run_import(csv_bytes([roster_row("E000001", first_name="Siân")], encoding="utf-16"))
    assert staff("E000001").first_name == "Siân"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_csv_without_a_byte_order_mark_is_read(org, encoding):
    run_import(csv_bytes([roster_row("E000001", first_name="Siân")], encoding=encoding))
    assert staff("E000001").first_name == "Siân"


def test_a_csv_in_another_encoding_is_refused_rather_than_imported_garbled(db):
    """Shift-JIS: every byte of 田中 太郎 is a Windows-1252 character too ("“c’† ‘¾˜Y")."""
    data = csv_bytes(
        [roster_row("E000001", first_name="太郎", last_name="田中")], encoding="shift_jis"
    )
    with pytest.raises(RosterFileError) as raised:
        read_roster(io.BytesIO(data), filename="roster.csv")
    assert str(raised.value).startswith(
        "roster.csv: the file is not text in UTF-8 or Windows-1252: it looks like text in an "
        "older encoding (such as Shift-JIS for Japanese"
    )


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_separated_files_are_read(org, delimiter):
    lines = [
        delimiter.join(
            ["employee_number", "first_name", "last_name", "work_email", "team_code", "staff_level"]
        ),
        delimiter.join(
            ["E000001", "Priya", "Patel", "p@trust.example", "T0001", "Front-line clinical"]
        ),
    ]
    run_import("\n".join(lines).encode())
    assert staff("E000001").email == "p@trust.example"


def test_blank_lines_are_skipped_and_row_numbers_are_as_in_the_file(org):
    first = csv_bytes([roster_row("E000001")])
    second = csv_bytes([roster_row("E000002", team_code="NOPE")]).split(b"\r\n", 1)[1]
    report = run_import(b"\r\n" + first + b"\r\n,,,\r\n" + second)
    # Row 1 is blank, the header is row 2, then a person, a blank line, an empty row.
    assert [(error.row, error.column) for error in report.errors] == [(6, "team_code")]
    assert [change.row for change in report.created] == [3]


def test_unknown_columns_are_ignored_and_named(org):
    data = csv_bytes([roster_row("E000001")], columns=[*COLUMNS, "Leaving date", "Pay band"])
    report = run_import(data)
    assert report.notes == ["Columns ignored (not known): Leaving date, Pay band."]
    assert report.errors == []
    assert RosterImport.objects.get().report["notes"] == report.notes


def test_an_xlsx_roster_with_date_and_number_cells_is_read(org):
    data = xlsx_bytes(
        [
            [
                "Employee number",
                "First name",
                "Last name",
                "Work email",
                "Team code",
                "Staff level",
                "Start date",
                "Leave date",
            ],
            [
                1234,
                "Priya",
                "Patel",
                "p@trust.example",
                "T0001",
                "Front-line clinical",
                datetime.datetime(2019, 4, 1),
                None,
            ],
            [
                5678.0,
                "Tom",
                "Baker",
                "t@trust.example",
                "T0002",
                "Senior leader",
                datetime.date(2018, 1, 2),
                "31/12/2025",
            ],
            [None, None, None],
            ["E3", "Ann", "Lee", "a@trust.example", "T0404", "Senior leader", "2018-01-02", None],
        ]
    )
    report = run_import(data, filename="Roster.XLSX")
    assert [str(error) for error in report.errors] == [
        "Row 5, team_code: no team has the code 'T0404'"
    ]
    priya, tom = staff("1234"), staff("5678")
    assert priya.start_date == datetime.date(2019, 4, 1)
    assert tom.leave_date == datetime.date(2025, 12, 31)
    assert not tom.is_active


def test_the_sample_rosters_import_into_the_demo_organisation(db):
    _structure_build()
    reports = {}
    for name in ("sample-roster.csv", "sample-roster.xlsx"):
        Person.objects.filter(kind=PersonKind.STAFF).delete()
        report = run_import((DOCS / name).read_bytes(), filename=name)
        assert report.errors == [], name
        assert report.notes == [], name
        assert len(report.created) == report.rows >= 10
        reports[name] = sorted(
            Person.objects.filter(kind=PersonKind.STAFF).values_list(
                "employee_number",
                "first_name",
                "last_name",
                "email",
                "team__code",
                "level__name",
                "job_title",
                "start_date",
                "leave_date",
                "is_active",
            )
        )
    assert reports["sample-roster.csv"] == reports["sample-roster.xlsx"]


# Bad files --------------------------------------------------------------------------------


def _corrupt_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "not xml at all")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("roster.txt", b"anything", "the roster must be a .csv or .xlsx file"),
        ("roster", b"anything", "the roster must be a .csv or .xlsx file"),
        ("roster.xls", b"\xd0\xcf\x11\xe0", "old Excel (.xls) files cannot be read"),
        ("roster.csv", b"", "the file is empty"),
        ("roster.csv", b"\r\n  \r\n", "the file is empty"),
        ("roster.csv", b",,,\r\n,,\r\n", "the file is empty"),
        (
            "roster.csv",
            b"employee_number,first_name,last_name\r\nE1,A,B\r\n",
            "missing: work_email, team_code, staff_level (found: employee_number, first_name, "
            "last_name)",
        ),
        (
            "roster.csv",
            b"E000001,Priya,Patel,p@trust.example,T0001,Front-line clinical\r\n",
            "the first row must name the columns; missing: employee_number",
        ),
        (
            "roster.csv",
            (",".join([*COLUMNS, "Employee Number"]) + "\r\n").encode(),
            "the column employee_number appears more than once",
        ),
        ("roster.csv", b"\x81\x8d\x8f\x90\x9d", "not text in UTF-8 or Windows-1252"),
        ("roster.csv", xlsx_bytes([COLUMNS]), "this is an Excel (XLSX) file named .csv"),
        ("roster.xlsx", csv_bytes([]), "this is not an XLSX spreadsheet"),
        ("roster.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "password-protected"),
        ("roster.xlsx", b"PK\x03\x04 truncated", "the spreadsheet is damaged"),
        ("roster.xlsx", _corrupt_xlsx(), "the spreadsheet is damaged"),
        ("roster.xlsx", xlsx_bytes([]), "the file is empty"),
        (
            "roster.csv",
            csv_bytes([]) + b'E1,"' + b"x" * 200_000 + b'"\r\n',
            "row 2 cannot be read as CSV (field larger than field limit",
        ),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(db, filename, data, message):
    with pytest.raises(RosterFileError) as raised:
        read_roster(io.BytesIO(data), filename=filename)
    assert message in str(raised.value)
    assert str(raised.value).startswith(filename)


def test_an_unterminated_quote_is_named_with_the_row_it_opens_on(db):
    data = (
        csv_bytes([roster_row("E000001")])
        + b'E000002,"Priya,Patel,p@trust.example,T0001,Front-line clinical\r\n'
        + b"E000003,Tom,Baker,t@trust.example,T0001,Front-line clinical\r\n"
    )
    with pytest.raises(RosterFileError) as raised:
        read_roster(io.BytesIO(data), filename="roster.csv")
    assert str(raised.value) == (
        'roster.csv: row 3 cannot be read as CSV (a cell opens with a quote (") that is never '
        "closed)."
    )


def _xlsx_with_cells_in_column_xfd(*, rows: int, recorded: bool) -> bytes:
    """A roster whose every row has a cell in the sheet's last column, XFD (16,384).

    Unless `recorded`, the sheet's recorded size claims that it is only nine columns wide.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for number in range(1, rows + 1):
        sheet.append(list(roster_row(f"E{number:06d}").values()))
        sheet.cell(row=number + 1, column=16_384, value="x")
    return _with_recorded_size(workbook, None if recorded else f"A1:I{rows + 1}")


def _with_recorded_size(workbook: Workbook, size: str | None) -> bytes:
    saved = io.BytesIO()
    workbook.save(saved)
    if size is None:
        return saved.getvalue()
    changed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(changed, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]+"', f'<dimension ref="{size}"'.encode(), content
                )
            target.writestr(item, content)
    return changed.getvalue()


@pytest.mark.parametrize(
    ("recorded", "message"),
    [
        (True, "the sheet is 16,384 columns wide (cells A1:XFD1001); at most 1,000 columns"),
        (False, "row 2 has a cell in column XFD; at most 1,000 columns can be read"),
    ],
)
def test_a_sheet_with_cells_far_to_the_right_is_refused_without_the_memory_its_rows_take(
    db, recorded, message
):
    """Each such row read in full is 16,384 cells: 1,000 of them took over 100 MB."""
    data = _xlsx_with_cells_in_column_xfd(rows=1_000, recorded=recorded)
    tracemalloc.start()
    try:
        with pytest.raises(RosterFileError) as raised:
            read_roster(io.BytesIO(data), filename="roster.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert message in str(raised.value)
    assert peak < 20 * 1024 * 1024


def test_a_sheet_recorded_as_longer_than_a_roster_can_be_is_refused_unread(db):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(COLUMNS)
    data = _with_recorded_size(workbook, "A1:I250000")
    with pytest.raises(RosterFileError) as raised:
        read_roster(io.BytesIO(data), filename="roster.xlsx")
    assert (
        "the sheet is 250,000 rows long (cells A1:I250000); at most 200,000 rows under a header"
        in str(raised.value)
    )


def test_a_file_with_too_many_rows_is_refused(db):
    data = csv_bytes([]) + b"E,F,L,e@x.example,T,S\n" * (MAX_ROWS + 1)
    with pytest.raises(RosterFileError, match="more than 200,000 rows"):
        read_roster(io.BytesIO(data), filename="big.csv")
