from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict

from qihub.core.models import PUBLIC_KINDS, PersonKind, User
from qihub.core.roster import MAX_FILE_BYTES
from qihub.core.services import PersonError, person_create_public

SIGNUP_KINDS = [
    (PersonKind.STAFF.value, "I work here (sign up with your work email)"),
    *[(kind.value, kind.label) for kind in PUBLIC_KINDS],
]


class SignupForm(forms.Form):
    """The extra questions allauth's sign-up asks: who you are and how you take part."""

    first_name = forms.CharField(max_length=100, label="First name")
    last_name = forms.CharField(max_length=100, label="Last name")
    kind = forms.ChoiceField(
        choices=SIGNUP_KINDS,
        label="How do you take part?",
        help_text="Staff accounts are matched to the staff roster by work email.",
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        kind = self.cleaned_data["kind"]
        if kind == PersonKind.STAFF:
            return  # linked to the roster once the work email is verified
        try:
            person_create_public(
                user=user,
                kind=kind,
                first_name=self.cleaned_data["first_name"],
                last_name=self.cleaned_data["last_name"],
            )
        except PersonError as error:
            if error.code != "staff_email":
                raise


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        error_messages={"required": "Tick the box to confirm you want your data erased"},
    )

    def __init__(self, *args: Any, organisation: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = (
            f"I understand that my account and everything {organisation} holds about me "
            "will be deleted"
        )


class RosterUploadForm(forms.Form):
    """A roster file to preview or import. The file's type and size are checked here; the rest
    when it is read (qihub.core.roster)."""

    file = forms.FileField(
        label="Roster file",
        help_text="A CSV or XLSX export from your HR system; see the column guide below.",
    )
    full_roster = forms.BooleanField(
        required=False,
        label="This file is the whole staff roster",
        help_text="Active staff who are not in the file will be marked as leavers.",
    )
    dry_run = forms.BooleanField(
        required=False,
        initial=True,
        label="Preview only",
        help_text="Show what would change without changing anything.",
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The roster must be a .csv or .xlsx file.")
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB."
            )
        return upload

    @classmethod
    def refused(cls, reason: str) -> "RosterUploadForm":
        """The form for an upload whose request could not be read at all, saying why."""
        form = cls(data={}, files=MultiValueDict())
        form.full_clean()
        message = (
            "The file's name is too long to upload: rename the file (to fewer than 200 "
            "characters) and choose it again."
            if reason == "Request max total header size exceeded."
            else f"The upload could not be read ({reason}); choose the file and try again."
        )
        form.errors["file"] = form.error_class([message])
        return form
