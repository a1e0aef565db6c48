from __future__ import annotations

from typing import Any

from django import forms

from .analysis import CHART_LABELS, TWO_IN_THREE_LABELS, ChartOptions, analyse_series
from .cells import read_target
from .columns import RATIO_CHARTS, Columns, PastedTable, choose_columns, read_pasted
from .series import (
    MAX_CSV_CHARS,
    MAX_POINTS,
    Series,
    SeriesError,
    normalise_date,
    read_series,
    upload_text,
)

#: An upload larger than this cannot hold a chart's worth of CSV.
MAX_UPLOAD_BYTES = MAX_CSV_CHARS * 2
DIRECTION_CHOICES = [
    ("increase", "Higher is better"),
    ("decrease", "Lower is better"),
    ("neutral", "Neither (show changes without calling them good or bad)"),
]
POINTS_CHOICES = [("7", "7 points (Making Data Count)"), ("6", "6 points")]
# Which form field shows an error the engine raised about one of its inputs.
_ENGINE_FIELDS = {
    "baseline": "baseline",
    "rebase": "rebase",
    "target": "target",
    "laney": "laney",
    "direction": "direction",
    "chart": "chart",
    "shift_points": "shift_points",
    "trend_points": "trend_points",
    "two_in_three": "two_in_three",
}


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


class SPCForm(forms.Form):
    """The /spc/ page: a series pasted or uploaded, and the options of the analysis.

    A valid form has run the analysis: ``cleaned_data`` holds the ``series``, the ``options`` and
    the ``result``. Every problem, the engine's included, is an error on the field at fault.
    """

    title = forms.CharField(
        required=False,
        max_length=120,
        label="Chart title (optional)",
        help_text="For example, Patients seen within 4 hours",
    )
    csv = forms.CharField(
        required=False,
        max_length=MAX_CSV_CHARS,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        label="Paste your data",
        help_text=(
            "CSV with a header row: value, or date,value. For p and u charts: "
            "date,numerator,denominator. Add an annotation column to label points, such as "
            "PDSA cycles. You can paste cells straight from a spreadsheet, with headings of your "
            "own (you can then choose the date and value columns) and numbers such as 73.7% or "
            f"1,234. At most {MAX_POINTS:,} rows."
        ),
    )
    upload = forms.FileField(
        required=False,
        label="Or upload a CSV or XLSX file",
        help_text=(
            "Columns as above; from an XLSX workbook the first sheet is read. A file you upload "
            "replaces what is in the box above."
        ),
    )
    chart = forms.ChoiceField(
        choices=list(CHART_LABELS.items()), initial="xmr", label="Type of chart"
    )
    direction = forms.ChoiceField(
        choices=DIRECTION_CHOICES, initial="neutral", label="Which way is improvement?"
    )
    # The lists' choices are the headings of the data, set once it is read; a heading that is not
    # in the data is guessed again, so these take any text.
    date_column = forms.CharField(required=False, label="Date column", widget=forms.Select)
    value_column = forms.CharField(required=False, label="Value column", widget=forms.Select)
    #: The header the two columns above were chosen from: a choice applies to that header only.
    columns_for = forms.CharField(required=False, widget=forms.HiddenInput)
    target = forms.CharField(
        required=False,
        max_length=100,
        label="Target (optional)",
        help_text="In the units of your values, such as 95% or 5. For a p chart, a percentage "
        "such as 95.",
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    baseline = forms.IntegerField(
        required=False,
        min_value=2,
        max_value=MAX_POINTS,
        label="Fix the limits on the first points (optional)",
        help_text="How many points the mean and limits are calculated from, for example 12.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    rebase = forms.CharField(
        required=False,
        max_length=2000,
        label="Rebase at (optional)",
        help_text=(
            "Where a new mean and limits start, after a change to the process: dates from your "
            "data or point numbers (the first point is 1), separated by commas."
        ),
    )
    screen = forms.BooleanField(
        required=False,
        initial=True,
        label="Screen out unusually large moving ranges (recommended)",
        help_text="Leave this ticked to match NHSRplotthedots; untick it to match the Making "
        "Data Count Excel tool.",
    )
    shift_points = forms.TypedChoiceField(
        choices=POINTS_CHOICES, coerce=int, initial="7", label="A shift needs"
    )
    trend_points = forms.TypedChoiceField(
        choices=POINTS_CHOICES, coerce=int, initial="7", label="A trend needs"
    )
    two_in_three = forms.ChoiceField(
        choices=list(TWO_IN_THREE_LABELS.items()),
        initial="current",
        label="Two out of three rule",
    )
    laney = forms.BooleanField(
        required=False,
        label="Laney p′ or u′ chart (for very large denominators)",
    )

    #: The columns the series was read from, once the form has read the data's header.
    columns: Columns | None = None
    #: Whether the person chose the columns (for the header they were shown).
    columns_chosen = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["baseline"].error_messages["invalid"] = (
            "Enter the number of points as a whole number, like 12"
        )

    def clean_upload(self) -> str | None:
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_UPLOAD_BYTES // 1_000_000} MB; "
                f"a chart takes at most {MAX_POINTS:,} rows"
            )
        try:
            return upload_text(upload.read(), filename=upload.name)
        except SeriesError as error:
            raise forms.ValidationError(_sentence(str(error))) from None

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.errors:
            return cleaned
        uploaded = cleaned.get("upload")
        source = "upload" if uploaded is not None else "csv"
        text = uploaded if uploaded is not None else cleaned.get("csv", "")
        if uploaded is not None:
            # Show the uploaded CSV in the box, so the person sees (and can edit) what was read.
            self._show(csv=uploaded)
        if not text.strip():
            self.add_error("csv", "Paste your data or upload a CSV file")
            return cleaned
        chart = cleaned["chart"]
        try:
            table = read_pasted(text)
            self.columns = self._columns(table, chart)
            series = read_series(table, self.columns, chart=chart)
        except SeriesError as error:
            self.add_error(source, _sentence(str(error)))
            return cleaned
        try:
            target = read_target(cleaned.get("target", ""), chart=chart, p_in_percent=True)
        except SeriesError:
            self.add_error("target", "Enter the target as a number, like 95 or 95%")
            return cleaned
        try:
            options = ChartOptions(
                chart=chart,
                screen=cleaned.get("screen", False),
                baseline=cleaned.get("baseline"),
                rebase=self._rebase_positions(series),
                direction=cleaned["direction"],
                target=target,
                shift_points=cleaned["shift_points"],
                trend_points=cleaned["trend_points"],
                two_in_three=cleaned["two_in_three"],
                laney=cleaned.get("laney", False),
            )
        except forms.ValidationError as error:
            self.add_error("rebase", error)
            return cleaned
        try:
            result = analyse_series(series, options)
        except SeriesError as error:
            self.add_error(_ENGINE_FIELDS.get(error.field or "", source), _sentence(str(error)))
            return cleaned
        cleaned.update(series=series, options=options, result=result)
        return cleaned

    @property
    def show_columns(self) -> bool:
        """Whether to show the choice of columns: a header that does not say which is which, or
        a choice made already."""
        return self.columns is not None and (self.columns.guessed or self.columns_chosen)

    def _columns(self, table: PastedTable, chart: str) -> Columns:
        """The columns chosen for this header, else guessed; the lists then show them."""
        cleaned = self.cleaned_data
        chosen = self.columns_chosen = cleaned.get("columns_for") == table.signature
        columns = choose_columns(
            table,
            chart=chart,
            date=cleaned.get("date_column", "") if chosen else None,
            value=(cleaned.get("value_column") or None) if chosen else None,
            title=cleaned.get("title", ""),
        )
        headings = [(name, name) for name in table.header]
        self.fields["date_column"].widget = forms.Select(choices=[("", "No dates"), *headings])
        self.fields["value_column"].widget = forms.Select(choices=headings)
        # The lists show the columns read, guessed or chosen, for this header.
        self._show(
            columns_for=table.signature,
            date_column=columns.date or "",
            value_column=columns.value or "",
        )
        if chart in RATIO_CHARTS:
            self.fields["value_column"].widget = forms.HiddenInput()
        return columns

    def _show(self, **values: str) -> None:
        """Show ``values`` in the fields of the page drawn again (the data as read)."""
        # {**data} of a QueryDict gives each field's list of values, not the value.
        data = {name: self.data.get(name) for name in self.data}
        self.data = {**data, **values}

    def _rebase_positions(self, series: Series) -> tuple[int, ...]:
        """0-based positions from dates in the data or 1-based point numbers."""
        text = self.cleaned_data.get("rebase", "")
        dates = {date: index for index, date in enumerate(series.dates or ()) if date}
        positions = []
        for token in (part.strip() for part in text.split(",")):
            if not token:
                continue
            date = normalise_date(token)
            if date in dates:
                position = dates[date]
            elif token.isascii() and token.isdecimal() and 1 <= int(token) <= len(series):
                position = int(token) - 1
            else:
                raise forms.ValidationError(
                    f"‘{token}’ is not a date in your data or a point number from 1 to "
                    f"{len(series)}"
                )
            if position == 0:
                raise forms.ValidationError(
                    f"‘{token}’ is the first point: a rebase starts a new segment after it"
                )
            positions.append(position)
        return tuple(positions)
