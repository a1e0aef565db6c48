"""Background tasks, run by the worker (`qihub worker`) after the change that asks commits:
emails about an application, invitation or term, and reminders of actions due."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from qihub.groups.models import Action, Membership

SUBJECTS = {
    "applied": "We have your application to join {group}",
    "invited": "You are invited to join {group}",
    "accepted": "Welcome to {group}",
    "declined": "Your application to join {group}",
    "ended": "Your term on {group} has ended",
}


def _link(name: str, *args: object) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL}{reverse(name, args=args)}"


@task()
def membership_email(membership_id: int, event: str) -> int:
    """Tell the person what happened to their application, invitation or term; return sent."""
    membership = (
        Membership.objects.select_related("group", "person").filter(pk=membership_id).first()
    )
    if membership is None or not membership.person.email:
        return 0
    group = membership.group
    body = render_to_string(
        "groups/email/membership.txt",
        {
            "membership": membership,
            "group": group,
            "event": event,
            "mine": _link("groups:mine"),
            "page": _link("groups:detail", group.slug),
        },
    )
    subject = SUBJECTS[event].format(group=group.name)
    return send_mail(subject, body, None, [membership.person.email])


@task()
def action_reminder_send(action_id: int) -> int:
    """Remind an action's owner it is due within a week, once per due date; return sent."""
    # Imported here: the services import this module to enqueue its tasks.
    from qihub.groups.services import action_reminder_claim

    if not action_reminder_claim(action_id=action_id):
        return 0
    action = Action.objects.select_related("owner", "meeting__group").get(pk=action_id)
    if action.owner is None or not action.owner.email:
        return 0
    body = render_to_string(
        "groups/email/action_due.txt",
        {"action": action, "group": action.meeting.group, "mine": _link("groups:mine")},
    )
    subject = f"Due {action.due_on:%d %B}: {action.text[:60]}"
    return send_mail(subject, body, None, [action.owner.email])
