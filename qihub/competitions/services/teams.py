"""Entry teams: an entrant invites people by email; each invitee, signed in, joins or declines.

Nothing an entrant does here tells them anything about whoever an address belongs to, or
whether it belongs to anyone: every address gets the same answer on the page and the same email,
sent later by the worker. Only the invitee, signed in with the invited address, can answer. They
join the team only if they may enter the competition, and say as they join whether the results
may name them. Nothing about them is written until they answer.
"""

import datetime
from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import (
    Competition,
    CompetitionEngagementKind,
    Entry,
    EntryStatus,
    InvitationStatus,
    TeamInvitation,
)
from qihub.competitions.permissions import entry_can_edit
from qihub.competitions.selectors import addresses_of, is_invitee
from qihub.competitions.services.eligibility import may_enter
from qihub.competitions.tasks import team_invitation_email
from qihub.core.audit import audit_log
from qihub.core.models import Person
from qihub.core.permissions import person_for
from qihub.engagement.services import engagement_record

INVITATION_DAYS = 14
MAX_TEAM = 10  # other members of one entry's team, joined or invited
MAX_INVITATIONS = 20  # ever sent for one entry, declined and expired ones among them

AUDIT_ACTIONS = {
    "qihub.competitions.team.invite": "Invite people to a competition entry's team",
    "qihub.competitions.team.join": "Join a competition entry's team",
    "qihub.competitions.team.decline": "Decline to join a competition entry's team",
    "qihub.competitions.entry.name_in_results": "Say whether the results name an entrant",
}


def entered_record(*, person: Person, competition: Competition) -> None:
    """Record in the engagement ledger that the person entered: by sending an entry or by
    joining one's team (the ledger's one kind for both)."""
    engagement_record(
        person=person,
        kind=CompetitionEngagementKind.ENTERED,
        subject=f"competition:{competition.pk}",
        subject_label=competition.title,
    )


def emails_clean(emails: Iterable[str]) -> list[str]:
    """The addresses, lower-cased, each once, in the order given; a bad one is refused by name."""
    cleaned: list[str] = []
    for raw in emails:
        email = raw.strip().lower()
        if not email:
            continue
        try:
            validate_email(email)
        except ValidationError:
            raise CompetitionError(
                f"{raw.strip()} is not an email address.", code="bad_email"
            ) from None
        if email not in cleaned:
            cleaned.append(email)
    return cleaned


def _expiry(entry: Entry, now: datetime.datetime) -> datetime.datetime:
    expires = now + datetime.timedelta(days=INVITATION_DAYS)
    closes = entry.competition.entries_close_at
    return min(expires, closes) if closes else expires


@transaction.atomic
def team_invitations_create(
    *, entry: Entry, emails: Sequence[str], invited_by: Person
) -> list[TeamInvitation]:
    """Invite each address to the entry's team (within the caller's transaction, if there is
    one); the worker emails each one once it commits.

    An address already invited is not invited again, unless its invitation expired unanswered
    (it is renewed); one that declined stays declined. The checks here look at the entry's own
    invitations and members only, never at who an address belongs to.
    """
    wanted = emails_clean(emails)
    if wanted and addresses_of(invited_by) & set(wanted):
        raise CompetitionError(
            "You are on your entry already: leave out your own email.", code="team_self"
        )
    # One invitation at a time per entry, so that two at once cannot pass the limits together.
    Entry.objects.select_for_update().filter(pk=entry.pk).first()
    now = timezone.now()
    invited = {invitation.email: invitation for invitation in entry.invitations.all()}
    members = {email for person in entry.team_members.all() for email in addresses_of(person)}
    new = [email for email in wanted if email not in invited and email not in members]
    renewed = [
        invited[email]
        for email in wanted
        if email in invited
        and invited[email].status == InvitationStatus.PENDING
        and invited[email].expires_at <= now
    ]
    waiting = sum(
        1
        for invitation in invited.values()
        if invitation.status == InvitationStatus.PENDING and invitation.expires_at > now
    )
    if entry.team_members.count() + waiting + len(renewed) + len(new) > MAX_TEAM:
        raise CompetitionError(
            f"A team can have at most {MAX_TEAM} other members, counting those invited.",
            code="team_too_big",
        )
    if len(invited) + len(new) > MAX_INVITATIONS:
        raise CompetitionError(
            f"At most {MAX_INVITATIONS} invitations can be sent for one entry.",
            code="too_many_invitations",
        )
    expires = _expiry(entry, now)
    for invitation in renewed:
        invitation.expires_at = expires
        invitation.save(update_fields=["expires_at"])
    created = [
        TeamInvitation.objects.create(
            entry=entry, email=email, invited_by=invited_by, expires_at=expires
        )
        for email in new
    ]
    sent = [*renewed, *created]
    if sent:
        audit_log(
            action="qihub.competitions.team.invite",
            instance=entry,
            user=invited_by.user,
            data={"number": entry.number, "invitations": len(sent)},
        )
    for invitation in sent:
        transaction.on_commit(partial(team_invitation_email.enqueue, invitation.pk))
    return sent


def team_invite(*, entry: Entry, actor: Any, emails: Sequence[str]) -> list[TeamInvitation]:
    """An entrant invites more people to their entry's team, until entries close."""
    person = person_for(actor)
    if person is None or not entry_can_edit(user=actor, obj=entry):
        raise CompetitionError("Only the entrants can change this entry.", code="not_entrant")
    if not entry.competition.taking_entries:
        raise CompetitionError("Entries to this competition are closed.", code="entries_closed")
    if entry.status == EntryStatus.WITHDRAWN:
        raise CompetitionError("This entry has been withdrawn.", code="withdrawn")
    return team_invitations_create(entry=entry, emails=emails, invited_by=person)


def _answerable(invitation: TeamInvitation, person: Person) -> TeamInvitation:
    """The invitation, locked, if this person may answer it now; else why not."""
    locked = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not is_invitee(invitation=invitation, person=person):
        raise CompetitionError(
            "This invitation was sent to another email address. Sign in with the account for "
            "that address to answer it.",
            code="not_invitee",
        )
    if locked.status != InvitationStatus.PENDING:
        raise CompetitionError("You have answered this invitation already.", code="answered")
    if timezone.now() >= locked.expires_at:
        raise CompetitionError(
            "This invitation has expired. Ask the entrant to invite you again.", code="expired"
        )
    if not invitation.entry.competition.taking_entries:
        raise CompetitionError(
            "Entries to this competition are closed, so its teams cannot change.",
            code="entries_closed",
        )
    if invitation.entry.status == EntryStatus.WITHDRAWN:
        raise CompetitionError("This entry has been withdrawn.", code="withdrawn")
    return locked


def team_invitation_accept(
    *, invitation: TeamInvitation, person: Person, name_in_results: bool
) -> Entry:
    """The invitee joins the entry's team, if they may enter the competition."""
    entry = invitation.entry
    competition = entry.competition
    with transaction.atomic():
        locked = _answerable(invitation, person)
        if person.pk in {entrant.pk for entrant in entry.entrants()}:
            raise CompetitionError("You are on this entry's team already.", code="on_team")
        if not may_enter(competition=competition, person=person):
            raise CompetitionError(
                "You cannot join this team: the competition is open to "
                f"{competition.get_who_may_enter_display().lower()}.",
                code="not_eligible",
            )
        locked.status = InvitationStatus.ACCEPTED
        locked.person = person
        locked.name_in_results = name_in_results
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "person", "name_in_results", "answered_at"])
        entry.team_members.add(person)
        entered_record(person=person, competition=competition)
        audit_log(
            action="qihub.competitions.team.join",
            instance=entry,
            user=person.user,
            data={"number": entry.number, "name_in_results": name_in_results},
        )
    return entry


def team_invitation_decline(*, invitation: TeamInvitation, person: Person) -> TeamInvitation:
    with transaction.atomic():
        locked = _answerable(invitation, person)
        locked.status = InvitationStatus.DECLINED
        locked.person = person
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "person", "answered_at"])
        audit_log(
            action="qihub.competitions.team.decline",
            instance=invitation.entry,
            user=person.user,
            data={"number": invitation.entry.number},
        )
    return locked


def entry_name_in_results_set(*, entry: Entry, person: Person, name_in_results: bool) -> Entry:
    """An entrant says (again) whether the published results may name them beside the entry.

    They can change their mind at any time, after the results too: the results page reads it.
    """
    with transaction.atomic():
        if entry.submitted_by_id == person.pk:
            entry.name_in_results = name_in_results
            entry.save(update_fields=["name_in_results", "updated_at"])
        else:
            joined = entry.invitations.filter(
                person=person, status=InvitationStatus.ACCEPTED
            ).update(name_in_results=name_in_results)
            if not joined:
                raise CompetitionError(
                    "Only the entrants who sent or joined this entry can say this.",
                    code="not_entrant",
                )
        audit_log(
            action="qihub.competitions.entry.name_in_results",
            instance=entry,
            user=person.user,
            data={"number": entry.number, "name_in_results": name_in_results},
        )
    return entry
