"""The forms the consultation pages parse; the rules are the services'."""

from typing import Any

from django import forms

from qihub.consultations.models import (
    AGREEMENT_LABELS,
    COMMENT_MAX_LENGTH,
    Audience,
    Consultation,
    ConsultationPart,
    QuestionKind,
    Theme,
)
from qihub.consultations.services import ResponseDraft
from qihub.core.extensions import DraftPart
from qihub.core.models import PUBLIC_KINDS

WHOLE = "whole"


def question_field(pk: int) -> str:
    return f"question_{pk}"


class ContributionForm(forms.Form):
    """Answers to the questions, a comment on the draft or one part, and who is writing."""

    part = forms.ChoiceField(label="What is your comment about?", required=False)
    comment = forms.CharField(
        label="Your comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Up to {COMMENT_MAX_LENGTH} characters. Do not include anyone's personal or "
        "medical details.",
    )
    # Spam traps: a field people never see (hidden by the app's stylesheet) and when the form
    # was drawn (spam.py).
    website = forms.CharField(label="Website (leave this empty)", required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)
    notify_on_response = forms.BooleanField(
        label="Email me when the response to this consultation is published",
        required=False,
        initial=True,
    )

    def __init__(
        self,
        *args: Any,
        consultation: Consultation,
        parts: list[ConsultationPart],
        audience: Audience,
        answered: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.parts = {str(part.position): part for part in parts}
        choices = [(WHOLE, "The whole draft")] + [(str(p.position), p.title) for p in parts]
        self.fields["part"].choices = choices  # type: ignore[attr-defined]
        self.question_fields = []
        if not answered:
            for question in consultation.questions.all():
                name = question_field(question.pk)
                if question.kind == QuestionKind.AGREEMENT:
                    field: forms.Field = forms.ChoiceField(
                        choices=[(str(k), f"{k} – {v}") for k, v in AGREEMENT_LABELS.items()],
                        widget=forms.RadioSelect,
                    )
                elif question.kind == QuestionKind.CHOICE:
                    field = forms.ChoiceField(
                        choices=[(c, c) for c in question.choice_list], widget=forms.RadioSelect
                    )
                else:
                    field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))
                field.label = question.text
                field.required = False
                self.fields[name] = field
                self.question_fields.append(name)
        if audience == Audience.STAFF:
            self.fields["show_name"] = forms.BooleanField(
                label="Show my name with my comment",
                required=False,
                help_text="If you leave this unticked, your comment is shown as from “a member "
                "of staff in” your directorate. The QI team always sees who wrote it.",
            )
        if audience == Audience.VISITOR:
            self.fields["visitor_email"] = forms.EmailField(
                label="Your email address",
                required=False,
                help_text="We email you a link to confirm it. Your comment counts once you "
                "do. It is never shown with your comment.",
            )
            self.fields["visitor_kind"] = forms.ChoiceField(
                label="Which of these describes you?",
                choices=[(kind.value, kind.label) for kind in PUBLIC_KINDS],
                widget=forms.RadioSelect,
                required=False,
                help_text="Your comment is shown with this, and nothing else about you.",
            )

    def chosen_part(self) -> ConsultationPart | None:
        return self.parts.get(self.cleaned_data.get("part") or WHOLE)

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("question_")): self.cleaned_data.get(name) or ""
            for name in self.question_fields
        }


class RejectForm(forms.Form):
    reason = forms.CharField(label="Why is it rejected?", max_length=500)


class ThemeForm(forms.Form):
    name = forms.CharField(label="New theme", max_length=120)


class TagForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, consultation: Consultation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = consultation.themes.all()  # type: ignore[attr-defined]


class ResponseForm(forms.Form):
    """The response: a summary, what was done about each theme, and the adopted version."""

    summary = forms.CharField(
        label="What we heard and what we did",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def __init__(
        self, *args: Any, themes: list[Theme], parts: list[tuple[str, str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.themes = themes
        self.part_keys = parts
        for theme in themes:
            self.fields[f"we_did_{theme.pk}"] = forms.CharField(
                label=f"You said: {theme.name}. We did:",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=theme.we_did,
            )
        for index, (_key, title, text) in enumerate(parts):
            self.fields[f"adopted_{index}"] = forms.CharField(
                label=f"Adopted version: {title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=text,
                help_text="Leave it empty to drop this part.",
            )

    def response_draft(self) -> ResponseDraft:
        """What the QI team wrote, for `response_save` (once the form is valid)."""
        data = self.cleaned_data
        return ResponseDraft(
            summary=data["summary"],
            we_did={theme.pk: data[f"we_did_{theme.pk}"] for theme in self.themes},
            adopted=[
                DraftPart(key=key, title=title, text=data[f"adopted_{index}"])
                for index, (key, title, _) in enumerate(self.part_keys)
            ],
        )
