"""The forms the door, the feedback page and the walk-in page parse; the rules are the services'."""

from django import forms

from qihub.events.models_checkin import FEEDBACK_TEXT_MAX
from qihub.events.services.registration import NAME_MAX_LENGTH

RATINGS = [
    ("5", "5 – Excellent"),
    ("4", "4 – Good"),
    ("3", "3 – Fair"),
    ("2", "2 – Poor"),
    ("1", "1 – Very poor"),
]


class TicketForm(forms.Form):
    code = forms.CharField(
        label="Ticket code",
        max_length=64,
        required=False,
        help_text="The code under the QR code on the ticket, such as ABCD EFGH.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class WalkInForm(forms.Form):
    name = forms.CharField(label="Their name", max_length=NAME_MAX_LENGTH, required=False)
    email = forms.CharField(
        label="Their email address",
        max_length=254,
        required=False,
        help_text="The feedback form is sent there after the event.",
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    over_capacity = forms.BooleanField(
        label="Raise the capacity by one if the event is full",
        required=False,
        help_text="Only the QI team can do this.",
    )


class FeedbackForm(forms.Form):
    rating = forms.ChoiceField(
        label="How would you rate the event?",
        choices=RATINGS,
        required=False,
        widget=forms.RadioSelect,
    )
    went_well = forms.CharField(
        label="What went well? (optional)",
        max_length=FEEDBACK_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    could_be_better = forms.CharField(
        label="What could be better? (optional)",
        max_length=FEEDBACK_TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
