"""Entries: who may enter, until when, editing and withdrawing, moderation, and the emails."""

import datetime

import pytest
import time_machine
from django.core import mail
from wagtail.models import ModelLogEntry

from qihub.competitions.builders import team_join
from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import CompetitionEngagementKind, Eligibility, Entry, EntryStatus
from qihub.competitions.services import (
    competition_close_entries,
    competition_open_entries,
    entry_accept,
    entry_reject,
    entry_submit,
    entry_update,
    entry_withdraw,
)
from qihub.competitions.services.teams import team_invitation_accept
from qihub.competitions.tests.factories import CompetitionFactory, upload, user_for
from qihub.core.models import Person, PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory, TeamFactory
from qihub.core.tests.worker import run_worker
from qihub.engagement.models import EngagementRecord

CLOSES = datetime.datetime(2026, 3, 1, 17, 0, tzinfo=datetime.UTC)


def _submit(competition, person, **kwargs):
    defaults = {"title": "  Our design  ", "description": "A bold mark.", "images": [upload()]}
    return entry_submit(competition=competition, person=person, **{**defaults, **kwargs})


def invitation_person(invitation):
    return Person.objects.get(email__iexact=invitation.email)


def _logged(action: str, instance) -> int:
    return ModelLogEntry.objects.filter(
        action=f"qihub.competitions.{action}", object_id=str(instance.pk)
    ).count()


def test_an_entry_is_numbered_recorded_and_logged(open_competition):
    alice, bob, carol = StaffFactory.create_batch(3)
    first = _submit(open_competition, alice, invite=[bob.email, carol.email])
    for invitation in first.invitations.all():  # the team joins as each accepts
        team_invitation_accept(
            invitation=invitation, person=invitation_person(invitation), name_in_results=False
        )
    second = _submit(open_competition, StaffFactory.create())
    assert (first.number, second.number) == (1, 2)
    assert first.title == "Our design"
    assert first.status == EntryStatus.SUBMITTED
    assert set(first.entrants()) == {alice, bob, carol}
    assert first.images.count() == 1
    entered = EngagementRecord.objects.filter(kind=CompetitionEngagementKind.ENTERED)
    assert set(entered.values_list("person", flat=True)) == {
        alice.pk,
        bob.pk,
        carol.pk,
        second.submitted_by_id,
    }
    assert entered.filter(subject=f"competition:{open_competition.pk}").count() == 4
    log = ModelLogEntry.objects.get(action="qihub.competitions.entry.submit", object_id=first.pk)
    # Who the team will be is not known when the entry is sent: only how many were invited.
    assert log.data == {"number": 1, "invited": 2}


@pytest.mark.parametrize("phase_step", ["draft", "closed"])
def test_no_entry_unless_entries_are_open(competition, phase_step):
    if phase_step == "closed":
        competition_open_entries(competition=competition)
        competition_close_entries(competition=competition)
    with pytest.raises(CompetitionError) as error:
        _submit(competition, StaffFactory.create())
    assert error.value.code == "entries_closed"
    assert not Entry.objects.exists()


def test_entries_close_on_the_closing_date(open_competition):
    open_competition.entries_close_at = CLOSES
    open_competition.save()
    with time_machine.travel(CLOSES - datetime.timedelta(seconds=1), tick=False):
        entry = _submit(open_competition, StaffFactory.create())
    with time_machine.travel(CLOSES, tick=False), pytest.raises(CompetitionError) as error:
        _submit(open_competition, StaffFactory.create())
    assert error.value.code == "entries_closed"
    with (
        time_machine.travel(CLOSES + datetime.timedelta(days=1), tick=False),
        pytest.raises(CompetitionError),
    ):
        entry_update(
            entry=entry, actor=user_for(entry.submitted_by), title="Late", description="Late"
        )
    with time_machine.travel(CLOSES, tick=False), pytest.raises(CompetitionError):
        entry_withdraw(entry=entry, actor=user_for(entry.submitted_by))
    entry.refresh_from_db()
    assert (entry.title, entry.status) == ("Our design", EntryStatus.SUBMITTED)
    assert Entry.objects.count() == 1


@pytest.mark.parametrize(
    "who",
    ["patient", "carer", "leaver", "other directorate"],
)
def test_ineligible_people_cannot_enter(open_competition, who):
    if who == "other directorate":
        inside = TeamFactory.create()
        open_competition.who_may_enter = Eligibility.DIRECTORATES
        open_competition.save()
        open_competition.directorates.set([inside.service.directorate])
        _submit(open_competition, StaffFactory.create(team=inside))  # the rule admits these
        person = StaffFactory.create()
    elif who == "leaver":
        person = StaffFactory.create(is_active=False)
    else:
        person = PersonFactory.create(kind=who)
    with pytest.raises(CompetitionError) as error:
        _submit(open_competition, person)
    assert error.value.code == "not_eligible"
    assert not Entry.objects.filter(submitted_by=person).exists()


def test_the_public_may_enter_when_the_rule_admits_them(open_competition):
    open_competition.who_may_enter = Eligibility.STAFF_AND_PUBLIC
    open_competition.save()
    entry = _submit(open_competition, PersonFactory.create(kind=PersonKind.CARER))
    assert entry.number == 1


def test_an_entrant_cannot_invite_themselves(open_competition):
    alice = StaffFactory.create(email="alice@trust.example")
    with pytest.raises(CompetitionError) as error:
        _submit(open_competition, alice, invite=["bob@trust.example", "Alice@Trust.example"])
    assert error.value.code == "team_self"
    assert not Entry.objects.exists()


def test_an_entry_needs_an_image_and_not_too_many(open_competition):
    person = StaffFactory.create()
    with pytest.raises(CompetitionError) as error:
        _submit(open_competition, person, images=[])
    assert error.value.code == "no_image"
    with pytest.raises(CompetitionError) as error:
        _submit(open_competition, person, images=[upload() for _ in range(4)])
    assert error.value.code == "too_many_images"
    assert "at most 3 images" in error.value.message


def test_entrants_edit_before_close_and_the_entry_goes_back_to_moderation(open_competition):
    alice, bob = StaffFactory.create_batch(2)
    entry = _submit(open_competition, alice)
    team_join(entry=entry, people=[bob])
    entry_reject(entry=entry, actor=None, reason="The image is blurred.")
    old_image = entry.images.get()
    entry_update(
        entry=entry,
        actor=user_for(bob),
        title="Sharper design",
        description="Now in focus.",
        images=[upload("JPEG", "sharp.jpg"), upload()],
    )
    entry.refresh_from_db()
    assert (entry.title, entry.status, entry.rejection_reason) == (
        "Sharper design",
        EntryStatus.SUBMITTED,
        "",
    )
    assert [image.image.name[-3:] for image in entry.images.all()] == ["jpg", "png"]
    assert not entry.images.filter(pk=old_image.pk).exists()
    assert _logged("entry.update", entry) == 1
    entry_update(entry=entry, actor=user_for(alice), title="Same images", description="Kept.")
    assert entry.images.count() == 2


def test_only_entrants_may_edit_or_withdraw(open_competition):
    entry = _submit(open_competition, StaffFactory.create())
    stranger = StaffFactory.create()
    for attempt in (
        lambda: entry_update(
            entry=entry, actor=user_for(stranger), title="Mine now", description="x"
        ),
        lambda: entry_withdraw(entry=entry, actor=user_for(stranger)),
    ):
        with pytest.raises(CompetitionError) as error:
            attempt()
        assert error.value.code == "not_entrant"
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_withdrawing_is_final_and_only_before_close(open_competition):
    entry = _submit(open_competition, StaffFactory.create())
    entry_withdraw(entry=entry, actor=user_for(entry.submitted_by))
    assert entry.status == EntryStatus.WITHDRAWN
    assert _logged("entry.withdraw", entry) == 1
    for attempt in (
        lambda: entry_update(
            entry=entry, actor=user_for(entry.submitted_by), title="Back", description="x"
        ),
        lambda: entry_withdraw(entry=entry, actor=user_for(entry.submitted_by)),
        lambda: entry_accept(entry=entry, actor=None),
    ):
        with pytest.raises(CompetitionError) as error:
            attempt()
        assert error.value.code == "withdrawn"
    other = _submit(open_competition, StaffFactory.create())
    competition_close_entries(competition=open_competition)
    with pytest.raises(CompetitionError) as error:
        entry_withdraw(entry=other, actor=user_for(other.submitted_by))
    assert error.value.code == "entries_closed"


def test_moderation_accepts_or_rejects_with_a_reason_until_shortlisting(open_competition):
    entry = _submit(open_competition, StaffFactory.create())
    with pytest.raises(CompetitionError) as error:
        entry_reject(entry=entry, actor=None, reason="   ")
    assert error.value.code == "no_reason"
    entry_reject(entry=entry, actor=None, reason="  It shows a patient's face. ")
    assert (entry.status, entry.rejection_reason) == (
        EntryStatus.REJECTED,
        "It shows a patient's face.",
    )
    log = ModelLogEntry.objects.get(action="qihub.competitions.entry.reject", object_id=entry.pk)
    assert log.data == {"reason": "It shows a patient's face."}
    competition_close_entries(competition=open_competition)
    entry_accept(entry=entry, actor=None)  # the QI team may change its mind until shortlisting
    assert (entry.status, entry.rejection_reason) == (EntryStatus.ACCEPTED, "")
    assert _logged("entry.accept", entry) == 1


@pytest.mark.parametrize("who", ["entrant", "staff"])
def test_only_the_qi_team_moderates(open_competition, qi_team_user, who):
    entry = _submit(open_competition, StaffFactory.create())
    actor = user_for(entry.submitted_by if who == "entrant" else StaffFactory.create())
    for attempt in (
        lambda: entry_accept(entry=entry, actor=actor),
        lambda: entry_reject(entry=entry, actor=actor, reason="Not for us."),
    ):
        with pytest.raises(CompetitionError) as error:
            attempt()
        assert error.value.code == "not_qi_team"
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert _logged("entry.accept", entry) + _logged("entry.reject", entry) == 0
    entry_accept(entry=entry, actor=qi_team_user)
    assert ModelLogEntry.objects.get(action="qihub.competitions.entry.accept").user == qi_team_user


def test_moderation_is_closed_once_shortlisting_starts(shortlisting):
    entry = shortlisting.entries.first()
    for attempt in (
        lambda: entry_accept(entry=entry, actor=None),
        lambda: entry_reject(entry=entry, actor=None, reason="Changed our mind."),
    ):
        with pytest.raises(CompetitionError) as error:
            attempt()
        assert error.value.code == "moderation_closed"
    entry.refresh_from_db()
    assert entry.status == EntryStatus.ACCEPTED


def test_entrants_are_emailed_at_each_step_by_the_worker(
    open_competition, django_capture_on_commit_callbacks
):
    alice = StaffFactory.create(email="alice@trust.example", first_name="Alice")
    bob = StaffFactory.create(email="bob@trust.example", first_name="Bob")
    with django_capture_on_commit_callbacks(execute=True):
        entry = _submit(open_competition, alice)
        team_join(entry=entry, people=[bob])
    assert mail.outbox == []  # sent by the worker, not by the request
    run_worker()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@trust.example",
        "bob@trust.example",
    ]
    assert mail.outbox[0].subject == f"We have received your entry: {open_competition.title}"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        entry_reject(entry=entry, actor=None, reason="The image is blurred.")
    run_worker()
    assert len(mail.outbox) == 2
    assert all("The reason: The image is blurred." in message.body for message in mail.outbox)
    assert {message.subject for message in mail.outbox} == {
        f"Your entry was not accepted: {open_competition.title}"
    }
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        entry_update(entry=entry, actor=user_for(alice), title="Sharper", description="In focus.")
        entry_accept(entry=entry, actor=None)
        entry_withdraw(entry=entry, actor=user_for(bob))
    run_worker()
    subjects = sorted({message.subject.split(":")[0] for message in mail.outbox})
    assert subjects == [
        "Your entry has been accepted",
        "Your entry has been updated",
        "Your entry has been withdrawn",
    ]
    assert len(mail.outbox) == 6


def test_people_without_an_email_address_are_skipped(
    open_competition, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submit(open_competition, StaffFactory.create(email=""))
    run_worker()
    assert mail.outbox == []


def test_a_second_competition_numbers_its_entries_from_one(open_competition):
    other = CompetitionFactory.create()
    competition_open_entries(competition=other)
    _submit(open_competition, StaffFactory.create())
    assert _submit(other, StaffFactory.create()).number == 1
