"""The QI team's back office for consultations: a consultation with its questions, and the
documents written to consult on; and what consultations adds to the platform
(qihub/core/extensions.py).

Publishing, moderation and the response are not edited here: they change only through the
services, from the consultation's "Run this consultation" page (/consultations/<slug>/manage/).
The draft, dates and questions are locked once it is published, so every comment keeps the
version and the questions it answered.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.text import slugify
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.widgets.button import ListingButton
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.views.snippets import SnippetViewSet

from qihub.consultations.contributions import (
    consultations_aligned,
    consultations_attention,
    consultations_search,
)
from qihub.consultations.demo import consultations_demo_build
from qihub.consultations.drafts import document_drafts, draft_choices
from qihub.consultations.models import (
    Consultation,
    ConsultationEngagementKind,
    ConsultationStatus,
    DraftDocument,
)
from qihub.consultations.person_data import (
    consultations_person_erase,
    consultations_person_export,
)
from qihub.core import extensions
from qihub.core.back_office import snippet_delete_refuse

LOCKED_FIELDS = ("draft_key", "opens_at", "for_staff", "for_public", "for_visitors")
LOCKED = "It is published, so its draft, opening date, audiences and questions cannot change."


class ConsultationForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["draft_key"].widget = forms.Select(
            choices=[("", "Choose a draft"), *draft_choices()]
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("slug"):
            slug = slugify(cleaned.get("title", ""))[:80]
            if not slug:
                self.add_error("slug", "Enter a web address: letters, numbers and hyphens.")
            cleaned["slug"] = slug
        key = cleaned.get("draft_key")
        if key and key not in dict(draft_choices()):
            self.add_error("draft_key", "Choose one of the drafts offered.")
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "It must close after it opens.")
        if not any(cleaned.get(name) for name in ("for_staff", "for_public", "for_visitors")):
            self.add_error("for_staff", "Choose at least one audience.")
        if self.instance.pk and self.instance.status != ConsultationStatus.DRAFT:
            changed = [name for name in LOCKED_FIELDS if name in self.changed_data]
            if changed or self.formsets["questions"].has_changed():
                self.add_error(None, LOCKED)
        return cleaned


class ConsultationViewSet(SnippetViewSet):
    model = Consultation
    icon = "comment"
    menu_label = "Consultations"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["title", "status", "opens_at", "closes_at"]
    list_filter = ["status"]
    search_fields = ["title", "summary"]
    edit_handler = ObjectList(
        [
            TitleFieldPanel("title", placeholder=False),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("summary"),
            FieldPanel("draft_key"),
            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")], heading="Dates"),
            MultiFieldPanel(
                [FieldPanel("for_staff"), FieldPanel("for_public"), FieldPanel("for_visitors")],
                heading="Who can take part",
            ),
            MultiFieldPanel(
                [FieldPanel("hold_public_comments"), FieldPanel("invite_staff")],
                heading="Moderation and invitations",
            ),
            InlinePanel(
                "questions",
                heading="Questions",
                label="Question",
                panels=[FieldPanel("text"), FieldPanel("kind"), FieldPanel("choices")],
            ),
        ],
        base_form_class=ConsultationForm,
    )


class DraftDocumentViewSet(SnippetViewSet):
    model = DraftDocument
    icon = "doc-full"
    menu_label = "Documents to consult on"
    add_to_settings_menu = False
    list_display = ["title", "version", "adopted_at"]
    panels = [FieldPanel("title"), FieldPanel("body")]


@hooks.register("register_admin_viewset")
def register_consultations() -> SnippetViewSet:
    return ConsultationViewSet()


@hooks.register("register_admin_viewset")
def register_documents() -> SnippetViewSet:
    return DraftDocumentViewSet()


@hooks.register("register_snippet_listing_buttons")
def consultation_run_button(
    snippet: Any, user: Any, next_url: str | None = None
) -> Iterator[ListingButton]:
    if isinstance(snippet, Consultation):
        yield ListingButton(
            "Run this consultation",
            reverse("consultations:manage", args=[snippet.slug]),
            priority=5,
        )


# A consultation once published is never deleted: its record is kept.
snippet_delete_refuse(
    Consultation,
    lambda consultation: (
        f"{consultation} is published, so it cannot be deleted: its record is kept."
        if consultation.status != ConsultationStatus.DRAFT
        else None
    ),
)


# What consultations adds to the platform (qihub/core/extensions.py).
hooks.register(extensions.DEMO_BUILD, consultations_demo_build, order=400)
hooks.register(extensions.PERSON_EXPORT, consultations_person_export)
hooks.register(extensions.PERSON_ERASE, consultations_person_erase)
hooks.register(extensions.SITE_SEARCH, consultations_search, order=400)
hooks.register(extensions.BACK_OFFICE_ATTENTION, consultations_attention, order=400)
hooks.register(extensions.AIM_ALIGNED, consultations_aligned, order=400)
hooks.register(extensions.CONSULTABLE_DRAFTS, document_drafts, order=900)


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def consultations_qi_team_permissions() -> Iterable[tuple[str, str]]:
    return [
        ("consultations", f"{verb}_{model}")
        for model in ("consultation", "question", "draftdocument")
        for verb in ("add", "change", "delete", "view")
    ]


@hooks.register(extensions.NAVIGATION_ITEM, order=400)
def consultations_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Consultations", url_name="consultations:list")


@hooks.register(extensions.ENGAGEMENT_KINDS)
def consultations_engagement_kinds() -> Iterable[tuple[str, str]]:
    return ConsultationEngagementKind.choices
