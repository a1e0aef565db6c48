"""The QI team's back office for reference groups: a group with its composition rule, and its
meetings with their decisions and actions; and what groups add to the platform
(qihub/core/extensions.py).

Membership is not edited here: applications, invitations and terms change only through the
services, from the group's "Members and applications" page (/groups/<slug>/manage/), and the
representativeness grid is a page of its own (/groups/<slug>/manage/grid/).
"""

from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.views.snippets import SnippetViewSet

from qihub.core import extensions
from qihub.groups.contributions import groups_aligned, groups_attention, groups_search
from qihub.groups.demo import groups_demo_build
from qihub.groups.models import (
    Dimension,
    GroupAudience,
    GroupEngagementKind,
    Meeting,
    ReferenceGroup,
)
from qihub.groups.person_data import groups_person_erase, groups_person_export
from qihub.groups.services import action_reminders_schedule


class ReferenceGroupForm(WagtailAdminModelForm):
    def clean(self) -> dict[str, Any]:
        """A rule's lines fit the group's audience: directorates and staff levels for a staff
        group, kinds of person for a public one."""
        cleaned = super().clean()
        audience = cleaned.get("audience")
        rules = self.formsets["rules"]
        rules.is_valid()  # cleans its lines now, so that their dimensions can be read here
        for form in rules.forms:
            dimension = getattr(form, "cleaned_data", {}).get("dimension")
            if not dimension or form.cleaned_data.get("DELETE"):
                continue
            is_kind = dimension == Dimension.PERSON_KIND
            if audience == GroupAudience.STAFF and is_kind:
                form.add_error(
                    "dimension", "A staff group's rule is by directorate or staff level."
                )
            if audience == GroupAudience.PUBLIC and not is_kind:
                form.add_error("dimension", "A public group's rule is by kind of person.")
        return cleaned


class ReferenceGroupViewSet(SnippetViewSet):
    model = ReferenceGroup
    icon = "group"
    menu_label = "Reference groups"
    menu_order = 240
    add_to_admin_menu = True
    list_display = ["name", "audience", "target_size"]
    search_fields = ["name", "purpose"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("purpose"),
            FieldRowPanel([FieldPanel("audience"), FieldPanel("target_size")]),
            FieldRowPanel([FieldPanel("term_months"), FieldPanel("open_to_applications")]),
            InlinePanel(
                "rules",
                heading="Composition rule",
                label="Line",
                help_text="For example: at least 1 from every directorate (leave the directorate "
                "empty), at least 1 from every staff level; or at least 3 patients.",
                panels=[
                    FieldPanel("dimension"),
                    FieldPanel("directorate"),
                    FieldPanel("level"),
                    FieldPanel("person_kind"),
                    FieldPanel("minimum"),
                ],
            ),
        ],
        base_form_class=ReferenceGroupForm,
    )


class MeetingViewSet(SnippetViewSet):
    model = Meeting
    icon = "date"
    menu_label = "Group meetings"
    menu_order = 241
    add_to_admin_menu = True
    list_display = ["group", "held_at", "notes_published"]
    list_filter = ["group", "notes_published"]
    ordering = ["-held_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("group"),
            FieldRowPanel([FieldPanel("held_at"), FieldPanel("place")]),
            FieldPanel("agenda"),
            FieldPanel("notes"),
            FieldPanel("notes_published"),
            InlinePanel(
                "decisions",
                heading="Decisions and advice",
                label="Decision",
                panels=[
                    FieldPanel("text"),
                    FieldPanel("shaped_consultation"),
                    FieldPanel("shaped_aim"),
                    FieldRowPanel([FieldPanel("shaped_other"), FieldPanel("shaped_other_url")]),
                ],
            ),
            InlinePanel(
                "actions",
                heading="Actions",
                label="Action",
                help_text="Owners are emailed a week before an action is due.",
                panels=[
                    FieldPanel("text"),
                    FieldPanel("owner"),
                    FieldRowPanel([FieldPanel("due_on"), FieldPanel("done_at")]),
                ],
            ),
        ]
    )


@hooks.register("register_admin_viewset")
def register_groups() -> SnippetViewSet:
    return ReferenceGroupViewSet()


@hooks.register("register_admin_viewset")
def register_meetings() -> SnippetViewSet:
    return MeetingViewSet()


@hooks.register("register_snippet_listing_buttons")
def group_buttons(snippet: Any, user: Any, next_url: str | None = None) -> Iterator[ListingButton]:
    if isinstance(snippet, ReferenceGroup):
        yield ListingButton(
            "Members and applications", reverse("groups:manage", args=[snippet.slug]), priority=5
        )
        yield ListingButton(
            "Representativeness grid", reverse("groups:grid", args=[snippet.slug]), priority=6
        )
    if isinstance(snippet, Meeting):
        yield ListingButton(
            "Record attendance",
            reverse("groups:attendance", args=[snippet.group.slug, snippet.pk]),
            priority=5,
        )


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def meeting_reminders_schedule(request: HttpRequest, instance: Any) -> None:
    if isinstance(instance, Meeting):
        action_reminders_schedule(meeting=instance)


# What groups add to the platform (qihub/core/extensions.py).
hooks.register(extensions.DEMO_BUILD, groups_demo_build, order=600)
hooks.register(extensions.PERSON_EXPORT, groups_person_export)
hooks.register(extensions.PERSON_ERASE, groups_person_erase)
hooks.register(extensions.SITE_SEARCH, groups_search, order=600)
hooks.register(extensions.BACK_OFFICE_ATTENTION, groups_attention, order=600)
hooks.register(extensions.AIM_ALIGNED, groups_aligned, order=600)


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def groups_qi_team_permissions() -> Iterable[tuple[str, str]]:
    return [
        ("groups", f"{verb}_{model}")
        for model in ("referencegroup", "compositionrule", "meeting", "decision", "action")
        for verb in ("add", "change", "delete", "view")
    ]


@hooks.register(extensions.NAVIGATION_ITEM, order=600)
def groups_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Groups", url_name="groups:list")


@hooks.register(extensions.ENGAGEMENT_KINDS)
def groups_engagement_kinds() -> Iterable[tuple[str, str]]:
    return GroupEngagementKind.choices
