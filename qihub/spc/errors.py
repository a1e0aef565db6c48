"""The one exception the SPC engine raises for bad input."""

from __future__ import annotations


class SPCError(ValueError):
    """Input the engine cannot analyse.

    The message names what is wrong and, where there is one, the 0-based
    position of the offending value, so that a caller (the CLI, the API) can
    pass it straight to a person.

    Attributes
    ----------
    index : int or None
        0-based position of the offending value in the input series, if any.
    field : str or None
        Which input the problem is in: ``"values"``, ``"denominators"``,
        ``"dates"``, or the name of an option.
    """

    def __init__(self, message: str, *, index: int | None = None, field: str | None = None):
        super().__init__(message)
        self.index = index
        self.field = field
