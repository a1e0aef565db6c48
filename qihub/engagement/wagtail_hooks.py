"""What the engagement ledger adds to the platform (qihub/core/extensions.py): a person's data
download and erasure, and the back office's rule set and engagement aim."""

from collections.abc import Iterable
from typing import Any

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from qihub.core import extensions
from qihub.core.models import Person
from qihub.engagement.demo import engagement_demo_build
from qihub.engagement.models import EngagementAim, EngagementLevel
from qihub.engagement.selectors import engagement_export_for, level_rule_text
from qihub.engagement.services import engagement_records_erase

hooks.register(extensions.PERSON_ERASE, engagement_records_erase)


@hooks.register(extensions.PERSON_EXPORT)
def engagement_person_export(*, person: Person) -> dict[str, Any]:
    return {"engagement": engagement_export_for(person=person)}


class EngagementLevelViewSet(SnippetViewSet):
    model = EngagementLevel
    icon = "list-ol"
    menu_label = "Engagement levels"
    list_display = ["name", "position", level_rule_text]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
            FieldRowPanel([FieldPanel("min_acts"), FieldPanel("months"), FieldPanel("min_kinds")]),
            FieldPanel("kinds"),
        ]
    )


class EngagementAimViewSet(SnippetViewSet):
    model = EngagementAim
    icon = "crosshairs"
    menu_label = "Engagement aim"
    list_display = ["__str__", "due_on"]
    edit_handler = ObjectList(
        [
            FieldPanel("statement"),
            FieldRowPanel([FieldPanel("share"), FieldPanel("level")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("due_on")]),
        ]
    )


class EngagementViewSetGroup(SnippetViewSetGroup):
    menu_label = "Engagement"
    menu_icon = "group"
    menu_order = 208
    items = (EngagementLevelViewSet, EngagementAimViewSet)


@hooks.register("register_admin_viewset")
def register_engagement() -> SnippetViewSetGroup:
    return EngagementViewSetGroup()


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def engagement_qi_team_permissions() -> Iterable[tuple[str, str]]:
    return [
        ("engagement", f"{verb}_{model}")
        for model in ("engagementlevel", "engagementaim")
        for verb in ("add", "change", "delete", "view")
    ]


# After events (500) and groups (600), which record their own acts.
hooks.register(extensions.DEMO_BUILD, engagement_demo_build, order=700)
