"""The QI team's back office for events and their series, and what events add to the platform
(qihub/core/extensions.py).

Registrations are not edited here: they change only through the services (registering,
confirming, cancelling, the waiting list, check-in), so places are never oversold."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import slugify
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TitleFieldPanel,
)
from wagtail.admin.widgets.slug import SlugInput
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from qihub.core import extensions
from qihub.events.contributions import events_aligned, events_search
from qihub.events.demo import events_demo_build
from qihub.events.demo_checkin import checkin_demo_build
from qihub.events.models import Event, EventEngagementKind, EventSeries, EventStatus
from qihub.events.person_data import events_person_erase, events_person_export
from qihub.events.person_data_checkin import checkin_person_export
from qihub.events.services import waiting_list_promote


class EventForm(WagtailAdminModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("slug"):
            slug = slugify(cleaned.get("title", ""))[:80]
            if not slug:
                self.add_error("slug", "Enter a web address: letters, numbers and hyphens.")
            cleaned["slug"] = slug
            self.instance.slug = slug
        return cleaned


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = "Events"
    list_display = ["title", "status", "starts_at", "capacity", "places_taken"]
    list_filter = ["status", "audience", "series"]
    search_fields = ["title", "description"]
    ordering = ["-starts_at"]
    edit_handler = ObjectList(
        [
            TitleFieldPanel("title", placeholder=False),
            FieldPanel("slug", widget=SlugInput),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("audience"), FieldPanel("status")]),
            FieldRowPanel([FieldPanel("series"), FieldPanel("aim")]),
            MultiFieldPanel(
                [FieldPanel("place"), FieldPanel("online_url")], heading="Where (one or both)"
            ),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading="When"),
            FieldPanel("capacity"),
            FieldRowPanel(
                [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")],
                heading="Registration",
            ),
            FieldPanel("accessibility"),
        ],
        base_form_class=EventForm,
    )


class EventSeriesViewSet(SnippetViewSet):
    model = EventSeries
    icon = "list-ul"
    menu_label = "Series"
    list_display = ["title"]
    panels = [
        TitleFieldPanel("title", placeholder=False),
        FieldPanel("slug", widget=SlugInput),
        FieldPanel("description"),
    ]


class EventsGroup(SnippetViewSetGroup):
    items = (EventViewSet, EventSeriesViewSet)
    menu_icon = "date"
    menu_label = "Events"
    menu_order = 230


@hooks.register("register_admin_viewset")
def register_events() -> SnippetViewSetGroup:
    return EventsGroup()


@hooks.register("after_edit_snippet")
def events_fill_new_places(request: HttpRequest, instance: Any) -> None:
    """A larger capacity gives the new places to the people waiting longest."""
    if isinstance(instance, Event) and instance.status == EventStatus.PUBLISHED:
        promoted = waiting_list_promote(event=instance)
        if promoted:
            messages.info(
                request, f"{len(promoted)} people on the waiting list were given a place."
            )


@hooks.register("before_delete_snippet")
def events_keep_registered(request: HttpRequest, instances: Sequence[Any]) -> HttpResponse | None:
    for instance in instances:
        if isinstance(instance, Event) and instance.registrations.exists():
            messages.error(
                request,
                f"{instance} has registrations, so it cannot be deleted: cancel it instead.",
            )
            return redirect("wagtailsnippets_events_event:list")
    return None


# What events add to the platform (qihub/core/extensions.py).
hooks.register(extensions.DEMO_BUILD, events_demo_build, order=500)
hooks.register(extensions.DEMO_BUILD, checkin_demo_build, order=510)
hooks.register(extensions.PERSON_EXPORT, events_person_export)
hooks.register(extensions.PERSON_EXPORT, checkin_person_export)
hooks.register(extensions.PERSON_ERASE, events_person_erase)
hooks.register(extensions.SITE_SEARCH, events_search, order=500)
hooks.register(extensions.AIM_ALIGNED, events_aligned, order=500)


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def events_qi_team_permissions() -> Iterable[tuple[str, str]]:
    return [
        ("events", f"{verb}_{model}")
        for model in ("event", "eventseries")
        for verb in ("add", "change", "delete", "view")
    ]


@hooks.register(extensions.NAVIGATION_ITEM, order=500)
def events_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Events", url_name="events:list")


@hooks.register(extensions.ENGAGEMENT_KINDS)
def events_engagement_kinds() -> Iterable[tuple[str, str]]:
    return EventEngagementKind.choices
