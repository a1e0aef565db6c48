"""The links an event's page shows to the people who work its door or read its report."""

from typing import Any

from django import template

from qihub.events.models import Event
from qihub.events.permissions import event_can_check_in
from qihub.events.permissions_checkin import event_can_see_report

register = template.Library()


@register.inclusion_tag("events/checkin/fragment_links.html", takes_context=True)
def door_links(context: dict[str, Any], event: Event) -> dict[str, Any]:
    user = context["request"].user
    return {
        "event": event,
        "may_check_in": event_can_check_in(user=user, obj=event),
        "may_see_report": event_can_see_report(user=user, obj=event),
    }
