"""Spreadsheet exports: text that a spreadsheet would run as a formula is written as text.

A cell that starts with = + - @, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets (CSV injection): a visitor who signs up as `=cmd|' /C calc'!A0` would otherwise
reach the QI team's spreadsheet as a command. Every CSV qihub writes puts its text cells through
`spreadsheet_text`; XLSX cells are typed as strings, which spreadsheets never run.
"""

from typing import Any

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(text: str) -> str:
    """The text, with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def wagtail_csv_exports_escape() -> None:
    """Escape the CSV exports of every Wagtail listing (Site history and the other reports,
    snippets, form submissions), which all go through SpreadsheetExportMixin.

    Wagtail leaves this to whoever opens the file (wagtail/wagtail#7554, "CSV export security
    considerations"); qihub's exports are opened in Excel by the QI team, so it escapes them.
    """
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    if getattr(preprocess, "qihub_escapes_formulas", False):
        return

    def preprocess_field_value(self: Any, field: str, value: Any, export_format: str) -> Any:
        processed = preprocess(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(processed, str):
            return spreadsheet_text(processed)
        return processed

    preprocess_field_value.qihub_escapes_formulas = True  # type: ignore[attr-defined]
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value  # type: ignore[method-assign]
