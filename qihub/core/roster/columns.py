"""The roster's columns: what each holds (the guide the upload page and the docs show), and the
person attribute each one sets."""

from dataclasses import dataclass

from django.db import models
from django.utils.text import Truncator

from qihub.core.models import Person

#: The most characters of a cell quoted in a message.
SHOWN_CHARS = 40


def _max_length(name: str) -> int:
    person_field = Person._meta.get_field(name)
    assert isinstance(person_field, models.CharField)
    return person_field.max_length or 0


LENGTHS = {
    "employee_number": _max_length("employee_number"),
    "first_name": _max_length("first_name"),
    "last_name": _max_length("last_name"),
    "work_email": _max_length("email"),
    "job_title": _max_length("job_title"),
}


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    format: str
    example: str


COLUMN_GUIDE = [
    Column(
        "employee_number",
        True,
        f"The HR system's number for the person, unique; up to {LENGTHS['employee_number']} "
        "characters.",
        "E000123",
    ),
    Column("first_name", True, f"Up to {LENGTHS['first_name']} characters.", "Priya"),
    Column("last_name", True, f"Up to {LENGTHS['last_name']} characters.", "Patel"),
    Column(
        "work_email",
        True,
        f"An email address no one else in qihub has, up to {LENGTHS['work_email']} characters; "
        "stored in lower case.",
        "priya.patel@northmoor.example",
    ),
    Column("team_code", True, "The code of a team in qihub (Organisation → Teams).", "T0001"),
    Column(
        "staff_level",
        True,
        "The name of a staff level in qihub (Organisation → Staff levels); any case.",
        "Front-line clinical",
    ),
    Column("job_title", False, f"Up to {LENGTHS['job_title']} characters.", "Staff nurse"),
    Column(
        "start_date",
        False,
        "A date, day first: YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY, DD-Mon-YYYY or "
        "DD Mon YYYY, or a date cell.",
        "2021-09-01",
    ),
    Column(
        "leave_date",
        False,
        "The last day of employment, as a date as above; not before the start date. Blank for "
        "someone who has not left (a returning leaver's is cleared).",
        "2026-03-31",
    ),
]
COLUMNS = [column.name for column in COLUMN_GUIDE]
REQUIRED = [column.name for column in COLUMN_GUIDE if column.required]
# The person's attribute for each column, in the order changes are reported.
ATTRIBUTES = {
    "first_name": "first_name",
    "last_name": "last_name",
    "work_email": "email",
    "team_code": "team_id",
    "staff_level": "level_id",
    "job_title": "job_title",
    "start_date": "start_date",
    "leave_date": "leave_date",
    "active": "is_active",
}
FIELDS = list(ATTRIBUTES.values())
FIELD_INDEX = {attribute: index for index, attribute in enumerate(FIELDS)}


def shorten(text: str) -> str:
    """A cell's text as a message quotes it: at most SHOWN_CHARS characters."""
    return Truncator(text).chars(SHOWN_CHARS)
