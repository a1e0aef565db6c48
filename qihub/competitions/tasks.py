"""Background tasks, run by the worker (`qihub worker`) after the change that asks commits.

Emails to entrants, to people invited to a team and the process's notices (voting and scoring
open and due), and mixing sealed votes into the ballot box.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from qihub.competitions.models import Competition, Entry, InvitationStatus, TeamInvitation
from qihub.competitions.selectors import team_invitation_token

SUBJECTS = {
    "submitted": "We have received your entry",
    "updated": "Your entry has been updated",
    "withdrawn": "Your entry has been withdrawn",
    "accepted": "Your entry has been accepted",
    "rejected": "Your entry was not accepted",
    "shortlisted": "Your entry has been shortlisted",
    "results": "The results are published",
}


@task()
def entrant_email(entry_id: int, event: str) -> int:
    """Email everyone named on an entry about what happened to it; return emails sent."""
    entry = (
        Entry.objects.select_related("competition", "submitted_by")
        .prefetch_related("team_members")
        .get(pk=entry_id)
    )
    sent = 0
    for person in entry.entrants():
        if not person.email:
            continue
        body = render_to_string(
            "competitions/email/entrant.txt", {"entry": entry, "event": event, "person": person}
        )
        subject = f"{SUBJECTS[event]}: {entry.competition.title}"
        sent += send_mail(subject, body, None, [person.email])
    return sent


@task()
def team_invitation_email(invitation_id: int) -> int:
    """Email an invitation to join a team to the address the entrant gave; return emails sent.

    The same email whoever the address belongs to, or if it belongs to no one."""
    invitation = (
        TeamInvitation.objects.select_related("entry__competition", "invited_by")
        .filter(pk=invitation_id, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        return 0
    competition = invitation.entry.competition
    path = reverse(
        "competitions:team_invitation", args=[competition.slug, team_invitation_token(invitation)]
    )
    body = render_to_string(
        "competitions/email/team_invitation.txt",
        {
            "invitation": invitation,
            "entry": invitation.entry,
            "competition": competition,
            "link": f"{settings.WAGTAILADMIN_BASE_URL}{path}",
        },
    )
    subject = f"You are invited to join a team: {competition.title}"
    return send_mail(subject, body, None, [invitation.email])


@task()
def notice_send(notice_id: int) -> int:
    """Send the next batch of a notice (`services.notices`); return how many were emailed."""
    # Imported here: the services import this module to enqueue its tasks.
    from qihub.competitions.services.notices import notice_send_batch

    return notice_send_batch(notice_id=notice_id)


@task()
def ballot_box_mix_due(competition_id: int) -> int:
    """Mix the competition's sealed votes into the ballot box if a batch waits; return how many."""
    # Imported here: the services import this module to enqueue its tasks.
    from qihub.competitions.services.ballot_box import ballot_box_mix

    competition = Competition.objects.filter(pk=competition_id).first()
    return ballot_box_mix(competition=competition) if competition else 0
