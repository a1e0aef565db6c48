"""The back office's forms for measures and their data."""

from typing import Any

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from qihub.measurement.models import IntegrationToken, Measure
from qihub.measurement.services.uploads import MAX_FILE_BYTES


class MeasureForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Without JavaScript the name does not fill the web address in; the services make it
        # from the name instead.
        self.fields["slug"].required = False


class RecordForm(forms.Form):
    """One period's value, or numerator and denominator, and a reason if it corrects one."""

    period = forms.DateField(
        label="Period",
        help_text="The first day of the period, such as 2024-03-01 or 01/03/2024.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    value = forms.FloatField(required=False)
    numerator = forms.FloatField(required=False)
    denominator = forms.FloatField(required=False)
    reason = forms.CharField(
        required=False,
        label="Reason for a correction",
        help_text="Needed only to change a value already recorded; kept with the old value.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unused = ("value",) if measure.is_ratio else ("numerator", "denominator")
        for name in unused:
            del self.fields[name]
        for name in ("value", "numerator", "denominator"):
            if name in self.fields:
                self.fields[name].required = True
        if "value" in self.fields and measure.unit:
            self.fields["value"].label = f"Value ({measure.unit})"


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Data file",
        help_text="A CSV or XLSX file: see the columns below.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Upload a .csv or .xlsx file.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."
            )
        return upload


class ImportForm(forms.Form):
    reason = forms.CharField(
        required=False,
        label="Reason for the corrections",
        help_text="Kept with each corrected value whose row gives no reason of its own.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class TokenForm(WagtailAdminModelForm):
    class Meta:
        model = IntegrationToken
        fields = ["name", "measures"]
        widgets = {"measures": forms.CheckboxSelectMultiple}
