"""The staff roster import: CSV or XLSX from an HR system into people, by employee number.

Every row is validated on its own; a bad row is reported (row number, column, reason) and
nothing of it is written, while the good rows are created or updated. With `full=True` the file
is the whole roster, so active staff missing from it become leavers. An import that would change
nothing writes nothing. The columns are documented in docs/roster-import.md.

The package follows the import's seams: `columns` (what the file holds), `reading` (the file to
rows, through qihub.core.tabular), `validation` (rows to field values or problems), `report`
(what was or would be done) and `services` (the import itself); `uploads` and `selectors` keep
a file uploaded in the back office while it is previewed and imported, in the task worker when
it is large.
"""

from qihub.core.roster.columns import COLUMN_GUIDE, COLUMNS, REQUIRED, Column
from qihub.core.roster.errors import RosterError, RosterFileError
from qihub.core.roster.reading import MAX_FILE_BYTES, MAX_ROWS, RosterFile, read_roster
from qihub.core.roster.report import FieldChange, PersonChange, RosterReport, RowError
from qihub.core.roster.services import roster_import

__all__ = [
    "COLUMNS",
    "COLUMN_GUIDE",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "REQUIRED",
    "Column",
    "FieldChange",
    "PersonChange",
    "RosterError",
    "RosterFile",
    "RosterFileError",
    "RosterReport",
    "RowError",
    "read_roster",
    "roster_import",
]
