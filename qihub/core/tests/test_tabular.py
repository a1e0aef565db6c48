"""The shared tabular reader: encodings, delimiters, quoting, XLSX limits, cells, escaping."""

import codecs
import datetime
import io

import pytest
from openpyxl import Workbook

from qihub.core.tabular import (
    TableError,
    cell_text,
    csv_rows,
    decode_text,
    looks_binary,
    read_table,
)

TEXT = "employee_number,first_name\r\nE1,Siân\r\nE2,Zoë O’Brien\r\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode(),
        codecs.BOM_UTF8 + TEXT.encode(),
        TEXT.encode("utf-16"),
        TEXT.encode("utf-16-le"),
        TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with bom", "utf-16 with bom", "utf-16-le", "utf-16-be", "windows-1252"],
)
def test_each_encoding_a_spreadsheet_saves_is_read(data):
    assert decode_text(data).removeprefix("\ufeff") == TEXT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x81\x8d\x8f", "not text in UTF-8 or Windows-1252 (byte 1 cannot be read)"),
        ("名前\r\n田中\r\n".encode("shift_jis"), "it looks like text in an older encoding"),
        (codecs.BOM_UTF8 + b"name\r\n\xff\r\n", "the file starts as UTF-8 text, but byte"),
    ],
)
def test_text_in_no_encoding_it_can_read_is_refused_naming_the_encoding(data, message):
    with pytest.raises(TableError) as raised:
        decode_text(data)
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("E1,太郎,田中", "shift_jis"),
        ("E1,山田,花子", "euc_jp"),
        ("E1,伟,王,护士", "gbk"),
        ("E1,偉,王,護士", "big5"),
        ("E1,민준,김,간호사", "cp949"),
        ("E1,Ольга,Петрова,«врач» №5", "cp1251"),
        ("E1,Иван,Петров", "koi8_r"),
        ("E1,Νίκος,Παπαδόπουλος", "cp1253"),
        ("E1,דוד,כהן", "cp1255"),
        ("E1,محمد,علي", "cp1256"),
        ("E1,สมชาย", "cp874"),
    ],
)
def test_text_in_an_older_encoding_is_refused_rather_than_read_garbled(text, encoding):
    data = f"employee_number,first_name,last_name\r\n{text}\r\n".encode(encoding)
    with pytest.raises(TableError, match="it looks like text in an older encoding"):
        decode_text(data)


@pytest.mark.parametrize(
    "text",
    [
        "JOSÉ NÚÑEZ",
        "Þórðarson",
        "“Zoë” O’Brien",
        "Gaël François, Café – Siân Müller",
        "Ÿvonne Œuvre Šime Žan",
        "Cost £1,200 (£5 a day) at 37°C × 2, €5, ½ price",
        "Chef à domicile",
    ],
)
def test_windows_1252_text_is_read_however_few_its_letters_beyond_ascii(text):
    data = f"name\r\n{text}\r\n".encode("cp1252")
    assert decode_text(data) == f"name\r\n{text}\r\n"


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("a,b\n1,2\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
        ("a;b\n1;2,5\n", [(1, ["a", "b"]), (2, ["1", "2,5"])]),
        ("a\tb\n1\t2\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
        ("\n\na,b\n", [(1, []), (2, []), (3, ["a", "b"])]),
        ('a,b\n"1\n2",3\n4,5\n', [(1, ["a", "b"]), (2, ["1\n2", "3"]), (3, ["4", "5"])]),
    ],
)
def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them(text, rows):
    assert list(csv_rows(text)) == rows


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a,b\n1,"2\n3,4\n', 'row 2 cannot be read as CSV (a cell opens with a quote (") that'),
        ('a,b\n"1"2,3\n', "row 2 cannot be read as CSV (',' expected after '\"')"),
        ("a\n" + "," * 1_000 + "\n", "line 2 has more than 1,000 cells"),
    ],
)
def test_bad_csv_is_named_by_its_row(text, message):
    with pytest.raises(TableError) as raised:
        list(csv_rows(text))
    assert str(raised.value).startswith(message)


def test_an_xlsx_sheet_is_read_row_by_row_with_its_cells():
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["date", "value"])
    sheet.append([datetime.date(2024, 1, 1), 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = list(read_table(buffer.getvalue(), filename="a.XLSX", max_rows=10))
    assert rows == [(1, ("date", "value")), (2, (datetime.datetime(2024, 1, 1), 5))]


def test_percentage_cells_as_the_sheet_shows_them_when_asked():
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Month", "4-hour %", "Attendances"])
    sheet.append([datetime.date(2024, 1, 1), 0.737, 1234])
    sheet.append([datetime.date(2024, 2, 1), 0.071, 1])
    sheet.append([datetime.date(2024, 3, 1), 1, True])
    for row in (2, 3, 4):
        sheet.cell(row=row, column=2).number_format = "0.0%"
        sheet.cell(row=row, column=3).number_format = "#,##0"
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = list(read_table(buffer.getvalue(), filename="a.xlsx", max_rows=10, percents=True))

    assert [cells[1:] for _, cells in rows] == [
        ("4-hour %", "Attendances"),
        ("73.7%", 1234),
        ("7.1%", 1),
        ("100%", True),
    ]
    plain = list(read_table(buffer.getvalue(), filename="a.xlsx", max_rows=10))
    assert plain[1][1][1] == 0.737


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("a.xls", b"anything", "old Excel (.xls) files cannot be read"),
        ("a.csv", b"PK\x03\x04", "this is an Excel (XLSX) file named .csv"),
        ("a.xlsx", b"a,b\n", "this is not an XLSX spreadsheet"),
        ("a.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "password-protected"),
        ("a.xlsx", b"PK\x03\x04 cut short", "the spreadsheet is damaged"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(filename, data, message):
    with pytest.raises(TableError) as raised:
        list(read_table(data, filename=filename, max_rows=10))
    assert message in str(raised.value)


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        (datetime.datetime(2024, 3, 1), "2024-03-01"),
        (datetime.datetime(2024, 3, 1, 9, 30, 5, 7), "2024-03-01 09:30:05"),
        (datetime.date(2024, 3, 1), "2024-03-01"),
        (1234.0, "1234"),
        (73.7, "73.7"),
        ("  Priya ", "Priya"),
    ],
)
def test_cell_text(cell, text):
    assert cell_text(cell) == text


def test_binary_files_are_told_from_text():
    assert looks_binary(b"PK\x03\x04")
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert not looks_binary(TEXT.encode("utf-16-le"))
    assert not looks_binary(TEXT.encode())
