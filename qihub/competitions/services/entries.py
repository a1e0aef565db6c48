"""Entries: submit, edit and withdraw (entrants); accept and reject (the QI team)."""

import uuid
from collections.abc import Sequence
from functools import partial
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.defaultfilters import pluralize

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import (
    Competition,
    Entry,
    EntryImage,
    EntryStatus,
    Phase,
)
from qihub.competitions.permissions import competition_can_manage, entry_can_edit
from qihub.competitions.services.eligibility import may_enter
from qihub.competitions.services.teams import (
    emails_clean,
    entered_record,
    team_invitations_create,
)
from qihub.competitions.tasks import entrant_email
from qihub.core.audit import audit_log
from qihub.core.images import ImageRejected, image_clean
from qihub.core.models import Person

Upload = tuple[IO[bytes], str]  # a file and its name as uploaded


def _notify(entry: Entry, event: str) -> None:
    transaction.on_commit(partial(entrant_email.enqueue, entry.pk, event))


def _entries_open(competition: Competition) -> None:
    if not competition.taking_entries:
        raise CompetitionError("Entries to this competition are closed.", code="entries_closed")


def _clean_images(
    competition: Competition, images: Sequence[Upload], *, required: bool
) -> list[Any]:
    if required and not images:
        raise CompetitionError("Add at least one image of your design.", code="no_image")
    most = competition.max_images_per_entry
    if len(images) > most:
        raise CompetitionError(
            f"An entry can have at most {most} image{pluralize(most)}.",
            code="too_many_images",
        )
    try:
        return [image_clean(file, name=name) for file, name in images]
    except ImageRejected as error:
        raise CompetitionError(str(error), code="bad_image") from error


def _save_images(entry: Entry, cleaned: list[Any]) -> None:
    for position, image in enumerate(cleaned):
        record = EntryImage(
            entry=entry,
            width=image.width,
            height=image.height,
            alt_text=f"Entry {entry.number}, {entry.title}: image {position + 1}",
            position=position,
        )
        record.image.save(
            f"{uuid.uuid4().hex}.{image.extension}", ContentFile(image.content), save=False
        )
        record.save()


def entry_submit(
    *,
    competition: Competition,
    person: Person,
    title: str,
    description: str,
    images: Sequence[Upload],
    invite: Sequence[str] = (),
    name_in_results: bool = False,
) -> Entry:
    """Submit an entry, alone or inviting a team by email (`services.teams`); images are checked
    and cleaned first. `name_in_results`: the entrant agrees to be named in the results."""
    _entries_open(competition)
    if not may_enter(competition=competition, person=person):
        raise CompetitionError(
            "You are not eligible to enter this competition.", code="not_eligible"
        )
    invite = emails_clean(invite)
    cleaned = _clean_images(competition, images, required=True)
    with transaction.atomic():
        # Lock the competition so that two entries never take the same number.
        Competition.objects.select_for_update().filter(pk=competition.pk).first()
        number = (competition.entries.aggregate(n=Max("number"))["n"] or 0) + 1
        entry = Entry(
            competition=competition,
            number=number,
            title=title.strip(),
            description=description.strip(),
            submitted_by=person,
            name_in_results=name_in_results,
        )
        entry.full_clean()
        entry.save()
        _save_images(entry, cleaned)
        entered_record(person=person, competition=competition)
        audit_log(
            action="qihub.competitions.entry.submit",
            instance=entry,
            user=person.user,
            data={"number": number, "invited": len(invite)},
        )
        _notify(entry, "submitted")
        team_invitations_create(entry=entry, emails=invite, invited_by=person)
    return entry


def _own_open_entry(entry: Entry, actor: Any) -> None:
    if not entry_can_edit(user=actor, obj=entry):
        raise CompetitionError("Only the entrants can change this entry.", code="not_entrant")
    _entries_open(entry.competition)
    if entry.status == EntryStatus.WITHDRAWN:
        raise CompetitionError("This entry has been withdrawn.", code="withdrawn")


def entry_update(
    *,
    entry: Entry,
    actor: Any,
    title: str,
    description: str,
    images: Sequence[Upload] = (),
) -> Entry:
    """Change an entry before entries close; new images replace the old. It is re-moderated."""
    _own_open_entry(entry, actor)
    cleaned = _clean_images(entry.competition, images, required=False)
    with transaction.atomic():
        entry.title = title.strip()
        entry.description = description.strip()
        entry.status = EntryStatus.SUBMITTED
        entry.rejection_reason = ""
        entry.full_clean()
        entry.save(
            update_fields=["title", "description", "status", "rejection_reason", "updated_at"]
        )
        if cleaned:
            entry.images.all().delete()
            _save_images(entry, cleaned)
        audit_log(
            action="qihub.competitions.entry.update",
            instance=entry,
            user=actor,
            data={"images_replaced": bool(cleaned)},
        )
        _notify(entry, "updated")
    return entry


def entry_withdraw(*, entry: Entry, actor: Any) -> Entry:
    _own_open_entry(entry, actor)
    with transaction.atomic():
        entry.status = EntryStatus.WITHDRAWN
        entry.save(update_fields=["status", "updated_at"])
        audit_log(action="qihub.competitions.entry.withdraw", instance=entry, user=actor)
        _notify(entry, "withdrawn")
    return entry


def _moderation_open(entry: Entry) -> None:
    if entry.competition.phase not in {Phase.ENTRIES_OPEN, Phase.ENTRIES_CLOSED}:
        raise CompetitionError(
            "Entries can only be moderated until shortlisting starts.", code="moderation_closed"
        )
    if entry.status == EntryStatus.WITHDRAWN:
        raise CompetitionError("This entry has been withdrawn.", code="withdrawn")


def _moderator_only(entry: Entry, actor: Any) -> None:
    if actor is not None and not competition_can_manage(user=actor, obj=entry.competition):
        raise CompetitionError("Only the QI team can moderate entries.", code="not_qi_team")


def entry_accept(*, entry: Entry, actor: Any) -> Entry:
    _moderator_only(entry, actor)
    _moderation_open(entry)
    with transaction.atomic():
        entry.status = EntryStatus.ACCEPTED
        entry.rejection_reason = ""
        entry.save(update_fields=["status", "rejection_reason", "updated_at"])
        audit_log(action="qihub.competitions.entry.accept", instance=entry, user=actor)
        _notify(entry, "accepted")
    return entry


def entry_reject(*, entry: Entry, actor: Any, reason: str) -> Entry:
    _moderator_only(entry, actor)
    _moderation_open(entry)
    if not reason.strip():
        raise CompetitionError("Give the entrant a reason for rejecting it.", code="no_reason")
    with transaction.atomic():
        entry.status = EntryStatus.REJECTED
        entry.rejection_reason = reason.strip()
        entry.save(update_fields=["status", "rejection_reason", "updated_at"])
        audit_log(
            action="qihub.competitions.entry.reject",
            instance=entry,
            user=actor,
            data={"reason": entry.rejection_reason},
        )
        _notify(entry, "rejected")
    return entry
