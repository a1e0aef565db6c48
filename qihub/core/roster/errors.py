class RosterError(Exception):
    """The import as a whole cannot go ahead; nothing was written. The message says why."""


class RosterFileError(RosterError):
    """The file cannot be read as a roster (wrong type, no header, missing columns, damaged)."""
