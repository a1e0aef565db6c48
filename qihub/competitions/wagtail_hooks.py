"""The QI team's back office for competitions: the competition, its rubric and its panel; and,
at the end, what competitions adds to the platform (qihub/core/extensions.py).

Phases, moderation, scoring and the vote are not edited here: they change only through the
services, from the competition's "Run this competition" page (/competitions/<slug>/manage/).
The rubric and the panel are locked once shortlisting starts, so no score is orphaned or made
incomplete behind the panel's back; a competition can be deleted only while it is a draft.
"""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet

from qihub.competitions.contributions import competitions_attention, competitions_search
from qihub.competitions.demo import competitions_demo_build
from qihub.competitions.models import (
    PHASE_ORDER,
    Competition,
    CompetitionEngagementKind,
    Criterion,
    PanelMember,
    Phase,
)
from qihub.competitions.person_data import competitions_person_erase, competitions_person_export
from qihub.core import extensions

SHORTLISTING_INDEX = PHASE_ORDER.index(Phase.SHORTLISTING)
VOTING_INDEX = PHASE_ORDER.index(Phase.VOTING)


def _locked(competition: Competition | None) -> bool:
    return competition is not None and competition.phase_index >= SHORTLISTING_INDEX


class CompetitionForm(WagtailAdminModelForm):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        instance = self.instance
        if instance.pk and instance.phase_index >= VOTING_INDEX:
            for name in ("who_may_vote", "directorates"):
                if name in self.changed_data:
                    self.add_error(
                        name, "The electorate was fixed when voting opened; it cannot change now."
                    )
        if instance.pk and instance.shortlist_confirmed and "shortlist_size" in self.changed_data:
            self.add_error("shortlist_size", "The shortlist is confirmed; its size cannot change.")
        return cleaned


class PanelLockedForm(WagtailAdminModelForm):
    """Criteria and panel members change only before shortlisting starts."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        before = self.instance.competition if self.instance.pk else None
        after = cleaned.get("competition")
        if _locked(before) or _locked(after):
            raise ValidationError(
                "Shortlisting has started for this competition, so its scoring criteria and "
                "panel can no longer change."
            )
        return cleaned


class CompetitionViewSet(SnippetViewSet):
    model = Competition
    icon = "pick"
    menu_label = "Competitions"
    list_display = ["title", "phase", "entries_close_at", "voting_close_at"]
    list_filter = ["phase"]
    search_fields = ["title", "brief"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
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
            MultiFieldPanel(
                [
                    FieldPanel("panel_min_patients_or_carers"),
                    FieldPanel("panel_min_staff"),
                    FieldPanel("panel_min_senior_leaders"),
                ],
                heading="A mixed panel needs at least",
            ),
        ],
        base_form_class=CompetitionForm,
    )


class CriterionViewSet(SnippetViewSet):
    model = Criterion
    icon = "list-ol"
    menu_label = "Scoring criteria"
    list_display = ["name", "competition", "weight", "position"]
    list_filter = ["competition"]
    edit_handler = ObjectList(
        [
            FieldPanel("competition"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("weight"),
            FieldPanel("position"),
        ],
        base_form_class=PanelLockedForm,
    )


class PanelMemberViewSet(SnippetViewSet):
    model = PanelMember
    icon = "group"
    menu_label = "Panel members"
    list_display = ["person", "competition", "is_chair"]
    list_filter = ["competition"]
    edit_handler = ObjectList(
        [FieldPanel("competition"), FieldPanel("person"), FieldPanel("is_chair")],
        base_form_class=PanelLockedForm,
    )


class CompetitionsGroup(ViewSetGroup):
    menu_label = "Competitions"
    menu_icon = "pick"
    menu_order = 210
    items = (CompetitionViewSet, CriterionViewSet, PanelMemberViewSet)


@hooks.register("register_admin_viewset")
def register_competitions() -> ViewSetGroup:
    return CompetitionsGroup()


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


@hooks.register("before_delete_snippet")
def keep_what_has_started(request: HttpRequest, instances: Sequence[Any]) -> HttpResponse | None:
    """Refuse to delete a competition that has opened, or the rubric or panel once locked."""
    for instance in instances:
        if isinstance(instance, Competition) and instance.phase != Phase.DRAFT:
            messages.error(
                request,
                f"{instance} has opened, so it cannot be deleted: its record must be kept.",
            )
            return redirect("wagtailsnippets_competitions_competition:list")
        if isinstance(instance, Criterion | PanelMember) and _locked(instance.competition):
            messages.error(
                request,
                "Shortlisting has started for this competition, so its scoring criteria and "
                "panel can no longer change.",
            )
            name = instance._meta.model_name
            return redirect(f"wagtailsnippets_competitions_{name}:list")
    return None


# What competitions adds to the platform (qihub/core/extensions.py).
hooks.register(extensions.DEMO_BUILD, competitions_demo_build, order=200)
hooks.register(extensions.PERSON_EXPORT, competitions_person_export)
hooks.register(extensions.PERSON_ERASE, competitions_person_erase)


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def competitions_qi_team_permissions() -> Iterable[tuple[str, str]]:
    """The competition, its rubric and its panel (phases and votes change only through the
    services)."""
    return [
        ("competitions", f"{verb}_{model}")
        for model in ("competition", "criterion", "panelmember")
        for verb in ("add", "change", "delete", "view")
    ]


@hooks.register(extensions.NAVIGATION_ITEM, order=200)
def competitions_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Competitions", url_name="competitions:list")


@hooks.register(extensions.ENGAGEMENT_KINDS)
def competitions_engagement_kinds() -> Iterable[tuple[str, str]]:
    return CompetitionEngagementKind.choices


hooks.register(extensions.SITE_SEARCH, competitions_search, order=200)
hooks.register(extensions.BACK_OFFICE_ATTENTION, competitions_attention, order=200)
