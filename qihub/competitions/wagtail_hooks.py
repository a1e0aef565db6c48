"""The QI team's back office for competitions: a competition, its rubric and its panel, on one
screen; and, at the end, what competitions adds to the platform (qihub/core/extensions.py).

Phases, moderation, scoring and the vote are not edited here: they change only through the
services, from the competition's "Run this competition" page (/competitions/<slug>/manage/).
The rubric and the panel are locked once shortlisting starts, so no score is orphaned or made
incomplete behind the panel's back; a competition can be deleted only while it is a draft.
"""

from collections.abc import Iterable, Iterator
from typing import Any

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

from qihub.competitions.contributions import competitions_attention, competitions_search
from qihub.competitions.demo import competitions_demo_build
from qihub.competitions.models import (
    PHASE_ORDER,
    Competition,
    CompetitionEngagementKind,
    Phase,
)
from qihub.competitions.person_data import competitions_person_erase, competitions_person_export
from qihub.core import extensions
from qihub.core.back_office import snippet_delete_refuse

SHORTLISTING_INDEX = PHASE_ORDER.index(Phase.SHORTLISTING)
VOTING_INDEX = PHASE_ORDER.index(Phase.VOTING)
RUBRIC_AND_PANEL = ("criteria", "panel_members")
LOCKED = (
    "Shortlisting has started for this competition, so its scoring criteria and panel can no "
    "longer change."
)
# The rubric's and the panel's sections of the edit page (Wagtail names them by their headings),
# which the Run page links to.
CRITERIA_SECTION = "panel-scoring_criteria-section"
PANEL_SECTION = "panel-shortlisting_panel-section"


def _locked(competition: Competition | None) -> bool:
    return competition is not None and competition.phase_index >= SHORTLISTING_INDEX


class CompetitionForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Without JavaScript the title does not fill the web address in; clean() does instead.
        self.fields["slug"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("slug"):
            cleaned["slug"] = self._slug_from_title(cleaned.get("title", ""))
        instance = self.instance
        if instance.pk and instance.phase_index >= VOTING_INDEX:
            for name in ("who_may_vote", "directorates"):
                if name in self.changed_data:
                    self.add_error(
                        name, "The electorate was fixed when voting opened; it cannot change now."
                    )
        if instance.pk and instance.shortlist_confirmed and "shortlist_size" in self.changed_data:
            self.add_error("shortlist_size", "The shortlist is confirmed; its size cannot change.")
        changed = [name for name in RUBRIC_AND_PANEL if self.formsets[name].has_changed()]
        if _locked(instance) and changed:
            self.add_error(None, LOCKED)
        self._one_chair()
        return cleaned

    def _slug_from_title(self, title: str) -> str:
        slug = slugify(title)[: Competition._meta.get_field("slug").max_length]
        if not slug:
            self.add_error("slug", "Enter a web address: letters, numbers and hyphens.")
        return slug

    def _one_chair(self) -> None:
        """The database allows one chair; say so here rather than fail on saving two."""
        chairs = [
            form
            for form in self.formsets["panel_members"].forms
            if form.is_valid()
            and form.cleaned_data.get("is_chair")
            and not form.cleaned_data.get("DELETE")
        ]
        if len(chairs) > 1:
            for form in chairs:
                form.add_error("is_chair", "A panel has one chair: choose one of them.")
            self.add_error(None, "A panel has one chair: choose one of them.")


class CompetitionViewSet(SnippetViewSet):
    model = Competition
    icon = "pick"
    menu_label = "Competitions"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["title", "phase", "entries_close_at", "voting_close_at"]
    list_filter = ["phase"]
    search_fields = ["title", "brief"]
    edit_handler = ObjectList(
        [
            TitleFieldPanel("title", placeholder=False),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("brief"),
            FieldPanel("rules"),
            FieldPanel("prizes"),
            MultiFieldPanel(
                [
                    FieldPanel("who_may_enter"),
                    FieldPanel("who_may_vote"),
                    FieldPanel("directorates"),
                ],
                heading="Who may enter and vote",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("entries_open_at"), FieldPanel("entries_close_at")]),
                    FieldRowPanel([FieldPanel("voting_open_at"), FieldPanel("voting_close_at")]),
                ],
                heading="Dates (the competition moves on by itself when a date passes)",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("max_images_per_entry"),
                    FieldPanel("shortlist_size"),
                ],
                heading="Entries and shortlist",
            ),
            InlinePanel(
                "criteria",
                heading="Scoring criteria",
                label="Criterion",
                panels=[
                    FieldPanel("name"),
                    FieldPanel("description"),
                    FieldRowPanel([FieldPanel("weight"), FieldPanel("position")]),
                ],
                help_text="The panel scores every entry from 1 to 5 on each; an entry's score is "
                "the weighted mean. Locked once shortlisting starts.",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("panel_min_patients_or_carers"),
                    FieldPanel("panel_min_staff"),
                    FieldPanel("panel_min_senior_leaders"),
                ],
                heading="A mixed panel needs at least",
            ),
            InlinePanel(
                "panel_members",
                heading="Shortlisting panel",
                label="Panel member",
                panels=[FieldPanel("person"), FieldPanel("is_chair")],
                help_text="Choose each member by name, email, employee number or team; one of "
                "them chairs. Locked once shortlisting starts.",
            ),
        ],
        base_form_class=CompetitionForm,
    )


@hooks.register("register_admin_viewset")
def register_competitions() -> SnippetViewSet:
    return CompetitionViewSet()


@hooks.register("register_snippet_listing_buttons")
def competition_run_button(
    snippet: Any, user: Any, next_url: str | None = None
) -> Iterator[ListingButton]:
    if isinstance(snippet, Competition):
        yield ListingButton(
            "Run this competition",
            reverse("competitions:manage", args=[snippet.slug]),
            priority=5,
        )


# A competition that has opened is never deleted: its record must be kept.
snippet_delete_refuse(
    Competition,
    lambda competition: (
        f"{competition} has opened, so it cannot be deleted: its record must be kept."
        if competition.phase != Phase.DRAFT
        else None
    ),
)


# What competitions adds to the platform (qihub/core/extensions.py).
hooks.register(extensions.DEMO_BUILD, competitions_demo_build, order=200)
hooks.register(extensions.PERSON_EXPORT, competitions_person_export)
hooks.register(extensions.PERSON_ERASE, competitions_person_erase)


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def competitions_qi_team_permissions() -> Iterable[tuple[str, str]]:
    """The competition, its rubric and its panel (phases and votes change only through the
    services)."""
    return [
        *[
            ("competitions", f"{verb}_{model}")
            for model in ("competition", "criterion", "panelmember")
            for verb in ("add", "change", "delete", "view")
        ],
        # No back-office page of their own; Site history shows the QI team what was done to them.
        ("competitions", "view_entry"),
        ("competitions", "view_conflict"),
    ]


@hooks.register(extensions.NAVIGATION_ITEM, order=200)
def competitions_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Competitions", url_name="competitions:list")


@hooks.register(extensions.ENGAGEMENT_KINDS)
def competitions_engagement_kinds() -> Iterable[tuple[str, str]]:
    return CompetitionEngagementKind.choices


hooks.register(extensions.SITE_SEARCH, competitions_search, order=200)
hooks.register(extensions.BACK_OFFICE_ATTENTION, competitions_attention, order=200)
