from django import forms

from qihub.groups.services import STATEMENT_LENGTH


class ApplyForm(forms.Form):
    statement = forms.CharField(
        label="Why would you like to join? (optional)",
        help_text="What you would bring, and anything that helps you take part.",
        required=False,
        max_length=STATEMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AttendanceForm(forms.Form):
    people = forms.TypedMultipleChoiceField(
        label="Who came", coerce=int, widget=forms.CheckboxSelectMultiple, required=True
    )

    def __init__(self, *args, choices: list[tuple[int, str]], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = choices  # type: ignore[attr-defined]
