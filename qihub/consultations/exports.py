"""Every comment of a consultation as a CSV or an Excel file for the QI team. Text a spreadsheet
would run as a formula is written as text; the comment's number stays a number."""

import csv
import io

from django.utils.text import slugify

from qihub.consultations.models import Consultation
from qihub.consultations.selectors import EXPORT_HEADER, export_rows
from qihub.core.exports import spreadsheet_text

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value: int | str) -> int | str:
    return spreadsheet_text(value) if isinstance(value, str) else value


def comments_file_name(*, consultation: Consultation, extension: str) -> str:
    return f"{slugify(consultation.title)[:50] or 'consultation'}-comments.{extension}"


def comments_csv(*, consultation: Consultation) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_HEADER)
    for row in export_rows(consultation=consultation):
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def comments_xlsx(*, consultation: Consultation) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Comments")
    sheet.append(EXPORT_HEADER)
    for row in export_rows(consultation=consultation):
        # Strings are typed as strings, which spreadsheets never run; escaped too, as in CSV.
        sheet.append([_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
