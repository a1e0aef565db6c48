"""Forms for entrants, the panel, voters and the QI team. They parse input; services decide."""

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import pluralize

from qihub.competitions.models import Competition, Criterion, Entry, Phase

NAME_IN_RESULTS = "Name me beside the entry in the published results"
NAME_IN_RESULTS_HELP = (
    "If it is shortlisted, the results can say who made it. Leave this unticked and they show "
    "only its number and title. You can change your mind on your entries page."
)
SCORE_LABELS = {1: "1 (poor)", 2: "2", 3: "3 (good)", 4: "4", 5: "5 (excellent)"}


def email_list(text: str) -> list[str]:
    """The addresses in what was typed: one a line, or separated by commas or semicolons."""
    return [part for part in re.split(r"[\s,;]+", text) if part]


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one `<input type="file" multiple>`; each is checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleImageInput(attrs={"accept": "image/png,image/jpeg", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [file for file in files if file]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        return [super(MultipleImageField, self).clean(file, initial) for file in files]


class EntryForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=Entry._meta.get_field("title").max_length,
        error_messages={"required": "Enter a title for your entry."},
    )
    description = forms.CharField(
        label="Description",
        help_text="Tell the panel and voters about your design: what it shows and why.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Describe your entry."},
    )
    images = MultipleImageField(
        label="Images",
        error_messages={"required": "Add at least one image of your design."},
    )
    team = forms.CharField(
        label="Invite team members (optional)",
        help_text="If you are entering as a team, the email address of each of your team "
        "members, one per line. We will email each of them a link to confirm that they are on "
        "your team; they join it when they do.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
    )
    name_in_results = forms.BooleanField(
        label=NAME_IN_RESULTS, help_text=NAME_IN_RESULTS_HELP, required=False
    )

    def __init__(self, *args: Any, competition: Competition, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        most = competition.max_images_per_entry
        self.fields[
            "images"
        ].help_text = f"PNG or JPEG, up to 10 MB each; at most {most} image{pluralize(most)}."
        if editing:
            self.fields["images"].required = False
            self.fields["images"].label = "Replace the images (optional)"
            self.fields["images"].help_text += " New images replace all the current ones."
            del self.fields["team"]
            del self.fields["name_in_results"]

    def clean_team(self) -> list[str]:
        """The addresses typed; the service checks them, never asking who they belong to."""
        return email_list(self.cleaned_data.get("team", ""))

    def uploads(self) -> list[tuple[Any, str]]:
        return [(file, file.name) for file in self.cleaned_data.get("images", [])]


class TeamInviteForm(forms.Form):
    emails = forms.CharField(
        label="Email addresses",
        help_text="One per line. We will email each a link to confirm that they are on your team.",
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the email address of each person to invite."},
    )

    def clean_emails(self) -> list[str]:
        return email_list(self.cleaned_data["emails"])


class TeamAnswerForm(forms.Form):
    """The invitee's answer: join (saying whether the results may name them) or decline."""

    answer = forms.ChoiceField(
        choices=[("join", "Join the team"), ("decline", "Decline")],
        error_messages={"required": "Choose whether to join the team."},
    )
    name_in_results = forms.BooleanField(
        label=NAME_IN_RESULTS, help_text=NAME_IN_RESULTS_HELP, required=False
    )


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label="Why you have a conflict of interest (optional)",
        required=False,
        max_length=250,
    )


class ScoreForm(forms.Form):
    """One radio group (1 to 5) per criterion of the rubric."""

    def __init__(self, *args: Any, criteria: Sequence[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=criterion.name,
                help_text=criterion.description,
                choices=[(value, SCORE_LABELS[value]) for value in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Give a score for {criterion.name}."},
            )

    def groups(self) -> list[tuple[Criterion, forms.BoundField]]:
        return [(criterion, self[f"criterion_{criterion.pk}"]) for criterion in self.criteria]

    def values(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class ShortlistForm(forms.Form):
    entries = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the entries for the shortlist."},
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = choices  # type: ignore[attr-defined]


class BallotForm(forms.Form):
    """The ballot: one radio per shortlisted entry, valued by the entry's public number."""

    entry = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the entry you want to vote for.",
            "invalid_choice": "Choose one of the shortlisted entries.",
        },
    )

    def __init__(self, *args: Any, entries: Sequence[Entry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = {entry.number: entry for entry in entries}
        self.fields["entry"].choices = [  # type: ignore[attr-defined]
            (e.number, str(e)) for e in entries
        ]

    def chosen(self) -> Entry:
        return self.entries[self.cleaned_data["entry"]]


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label="Receipt code",
        help_text="The 12-character code you were shown after voting, for example ABCD-EFGH-JKMN.",
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
        error_messages={"required": "Enter your receipt code."},
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if len([ch for ch in code if ch.isalnum()]) != 12:
            raise ValidationError(
                "A receipt code has 12 letters and numbers, for example ABCD-EFGH-JKMN."
            )
        return code


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        help_text="The entrant sees this, so be clear and kind.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the entrant a reason for rejecting their entry."},
    )


PHASE_ACTIONS = {
    "open_entries": ("Open entries", Phase.DRAFT),
    "close_entries": ("Close entries", Phase.ENTRIES_OPEN),
    "start_shortlisting": ("Start shortlisting", Phase.ENTRIES_CLOSED),
    "close_scoring": ("Close scoring", Phase.SHORTLISTING),
    "open_voting": ("Open voting", Phase.SHORTLISTING),
    "close_voting": ("Close voting", Phase.VOTING),
    "publish_results": ("Publish the results", Phase.VOTING_CLOSED),
}


# What each change does, said on its confirmation page (every one of them is final).
PHASE_CONSEQUENCES = {
    "open_entries": "The competition's page becomes public, and everyone eligible can send "
    "entries until entries close.",
    "close_entries": "No one can send, change or withdraw an entry after this. You can still "
    "accept or reject entries until shortlisting starts.",
    "start_shortlisting": "The panel can score the accepted entries. Entries can no longer be "
    "accepted or rejected, and the panel and the scoring criteria can no longer change.",
    "close_scoring": "No one on the panel can give or change a score after this, even if they "
    "have not scored every entry. The panel sees the ranking.",
    "open_voting": "The electorate is taken from the roster as it is now, and everyone in it "
    "can vote for one of the shortlisted entries.",
    "close_voting": "No one can vote after this. The votes cast so far are final.",
    "publish_results": "Everyone can see the votes for each shortlisted entry and the winner, "
    "and the entrants are emailed. The published results cannot change.",
}


class PhaseForm(forms.Form):
    action = forms.ChoiceField(choices=[(key, label) for key, (label, _) in PHASE_ACTIONS.items()])
