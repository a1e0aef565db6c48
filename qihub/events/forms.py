"""The forms the event pages parse; the rules are the services'."""

from django import forms

from qihub.events.services.registration import NAME_MAX_LENGTH


class RegisterForm(forms.Form):
    """Register: a button for someone signed in; name and email for a visitor."""

    waiting_list = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, visitor: bool, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if visitor:
            self.fields["name"] = forms.CharField(
                label="Your name", max_length=NAME_MAX_LENGTH, required=False
            )
            self.fields["email"] = forms.CharField(
                label="Your email address",
                max_length=254,
                required=False,
                help_text="We email you a link to confirm it; your place is held once you do.",
                widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            )
            self.fields["name"].widget.attrs["autocomplete"] = "name"
