"""What a chart says, in words: the variation and assurance icons (:mod:`.icons`), a short
summary generated from the result, "Special cause improvement since March 2024: 7 points above
the mean" (:mod:`.summary`), the data as a table (:mod:`.table`), and the labels and number
formats that the page, the table and the SVG share (:mod:`.formats`).

The wording follows NHS England's Making Data Count guidance on reading the icons.
"""

from .formats import CHART_NAMES, Dates, Numbers, centre_name, sentence_case
from .summary import Reading, read
from .table import Table, data_table, table_rows

__all__ = [
    "CHART_NAMES",
    "Dates",
    "Numbers",
    "Reading",
    "Table",
    "centre_name",
    "data_table",
    "read",
    "sentence_case",
    "table_rows",
]
