"""The QI team's back office for the programme (Programme in the menu): the mission and vision,
with drafts and publication; the stages; the aims. And, at the end, what the programme adds to
the platform (qihub/core/extensions.py)."""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup, UnpublishView

from qihub.core import extensions
from qihub.core.back_office import snippet_delete_refuse
from qihub.programme.contributions import programme_consultable_drafts, programme_search
from qihub.programme.demo import programme_demo_build, programme_demo_finish
from qihub.programme.errors import ProgrammeError
from qihub.programme.models import Aim, Stage, Statement
from qihub.programme.person_data import programme_person_erase, programme_person_export
from qihub.programme.services import stage_delete_refusal, stage_save


class StatementForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Its versions are the history of one statement: it stays the mission, or the vision.
            self.fields["kind"].disabled = True


STATEMENT_UNPUBLISH_REFUSED = (
    "The mission and the vision stay published, because their history is public: publish a new "
    "version instead."
)


class StatementUnpublishView(UnpublishView):
    """Refused for every user: unpublishing would take the mission and its history off the
    public site (the Unpublish action is not offered either; see `statement_menu_items`)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        messages.error(request, STATEMENT_UNPUBLISH_REFUSED)
        return redirect(reverse(self.edit_url_name, args=(quote(self.object.pk),)))


class StatementViewSet(SnippetViewSet):
    model = Statement
    unpublish_view_class = StatementUnpublishView
    icon = "openquote"
    menu_label = "Mission and vision"
    list_display = ["kind", LiveStatusTagColumn(), "last_published_at"]
    edit_handler = ObjectList(
        [FieldPanel("kind"), FieldPanel("text")], base_form_class=StatementForm
    )


class StageForm(WagtailAdminModelForm):
    """Saves through `stage_save`, which moves the current mark in one transaction."""

    def _get_validation_exclusions(self) -> set[str]:
        # Marking this stage current is allowed while another has the mark: it moves on save.
        return {*super()._get_validation_exclusions(), "is_current"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        instance = self.instance
        if instance.pk and "is_current" in self.changed_data and not cleaned.get("is_current"):
            self.add_error(
                "is_current",
                f"{instance} is the current stage. Mark the stage that follows it as current "
                "instead; the mark moves from this one.",
            )
        return cleaned

    def save(self, commit: bool = True) -> Stage:
        stage = super().save(commit=False)
        if commit:
            try:
                stage_save(stage=stage, actor=getattr(self, "for_user", None))
            except ProgrammeError as error:
                raise ValidationError(error.message) from error
        return stage


class StageViewSet(SnippetViewSet):
    model = Stage
    icon = "list-ol"
    menu_label = "Stages"
    list_display = ["name", "position", "is_current", "started_on", "ended_on"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("position"),
            FieldPanel("is_current"),
            FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")]),
            FieldPanel("narrative"),
        ],
        base_form_class=StageForm,
    )


class AimViewSet(SnippetViewSet):
    model = Aim
    icon = "crosshairs"
    menu_label = "Aims"
    list_display = ["title", "measure", "target_date", LiveStatusTagColumn()]
    search_fields = ["title", "description"]
    edit_handler = ObjectList(
        [
            TitleFieldPanel("title", placeholder=False),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("description"),
            FieldPanel("measure"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_period")]),
                    FieldRowPanel([FieldPanel("target_value"), FieldPanel("target_date")]),
                ],
                heading="Baseline and target",
            ),
            FieldPanel("owner"),
            FieldPanel("directorates"),
            FieldPanel("position"),
        ]
    )


class ProgrammeViewSetGroup(SnippetViewSetGroup):
    menu_label = "Programme"
    menu_icon = "site"
    menu_order = 205
    items = (StatementViewSet, StageViewSet, AimViewSet)


@hooks.register("construct_snippet_action_menu")
def statement_menu_items(menu_items: list[Any], request: HttpRequest, context: dict) -> None:
    if context.get("model") is Statement:
        menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


@hooks.register("register_admin_viewset")
def register_programme() -> SnippetViewSetGroup:
    return ProgrammeViewSetGroup()


# The current stage is never deleted, nor the mission or vision (their history is public).
snippet_delete_refuse(Stage, lambda stage: stage_delete_refusal(stage=stage))
snippet_delete_refuse(
    Statement,
    lambda statement: (
        f"The {statement} cannot be deleted: its published versions are its public history. "
        "Publish a new version instead."
    ),
)


# What the programme adds to the platform (qihub/core/extensions.py).
hooks.register(extensions.DEMO_BUILD, programme_demo_build, order=300)
hooks.register(extensions.DEMO_BUILD, programme_demo_finish, order=450)
hooks.register(extensions.PERSON_EXPORT, programme_person_export)
hooks.register(extensions.PERSON_ERASE, programme_person_erase)


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def programme_qi_team_permissions() -> Iterable[tuple[str, str]]:
    """The mission and vision are never deleted (their versions are the public history)."""
    return [
        *[("programme", f"{verb}_statement") for verb in ("add", "change", "publish", "view")],
        *[("programme", f"{verb}_stage") for verb in ("add", "change", "delete", "view")],
        *[("programme", f"{verb}_aim") for verb in ("add", "change", "delete", "publish", "view")],
    ]


@hooks.register(extensions.NAVIGATION_ITEM, order=150)
def programme_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Mission and aims", url_name="programme:index")


hooks.register(extensions.SITE_SEARCH, programme_search, order=150)
hooks.register(extensions.CONSULTABLE_DRAFTS, programme_consultable_drafts)
