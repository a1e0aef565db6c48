"""Teams: invited by email, joined only by the invitee, and nothing about them shown before."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError
from wagtail.models import ModelLogEntry

from qihub.competitions.errors import CompetitionError
from qihub.competitions.models import CompetitionEngagementKind, InvitationStatus, TeamInvitation
from qihub.competitions.services import competition_close_entries
from qihub.competitions.services.teams import (
    INVITATION_DAYS,
    MAX_INVITATIONS,
    MAX_TEAM,
    entry_name_in_results_set,
    team_invitation_accept,
    team_invitation_decline,
    team_invite,
)
from qihub.competitions.tests.conftest import invitation_path
from qihub.competitions.tests.factories import entry_sent, user_for
from qihub.core.models import PersonKind, User
from qihub.core.tests.factories import PersonFactory, StaffFactory
from qihub.core.tests.worker import run_worker
from qihub.engagement.models import EngagementRecord

NOW = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=datetime.UTC)


def _invitation(entry, email):
    return entry.invitations.get(email=email.lower())


@pytest.fixture
def alice(db):
    return StaffFactory.create(email="alice@trust.example", first_name="Alice", last_name="Able")


def test_every_address_gets_the_same_invitation_whoever_it_belongs_to(
    open_competition, alice, django_capture_on_commit_callbacks
):
    StaffFactory.create(email="bob@trust.example", first_name="Bob")  # may enter
    StaffFactory.create(email="lou@trust.example", is_active=False)  # a leaver: may not
    PersonFactory.create(email="pat@example.org", kind=PersonKind.PATIENT)  # may not
    addresses = ["Bob@Trust.example", "lou@trust.example", "pat@example.org", "no@where.example"]
    with django_capture_on_commit_callbacks(execute=True):
        entry = entry_sent(open_competition, alice, invite=addresses)
    assert list(entry.team_members.all()) == []  # no one joins until they say so
    invitations = list(entry.invitations.order_by("pk"))
    assert [i.email for i in invitations] == [a.lower() for a in addresses]
    assert {i.status for i in invitations} == {InvitationStatus.PENDING}
    assert {i.person_id for i in invitations} == {None}
    run_worker()
    invited = sorted(mail.outbox, key=lambda m: m.to[0])[1:]  # after alice's "received"
    assert [m.to for m in invited] == [
        ["bob@trust.example"],
        ["lou@trust.example"],
        ["no@where.example"],
        ["pat@example.org"],
    ]
    # The same email to each, but for its own link.
    paths = [invitation_path(m) for m in invited]
    bodies = {str(m.body).replace(path, "…") for m, path in zip(invited, paths, strict=True)}
    assert len(bodies) == 1
    (body,) = bodies
    assert 'Alice Able has entered "Bold heart" in Design our brand' in body
    assert "Bob" not in body
    assert len(set(paths)) == 4
    # The audit log says how many were invited, never to whom.
    log = ModelLogEntry.objects.get(action="qihub.competitions.team.invite")
    assert log.data == {"number": 1, "invitations": 4}


def test_an_invitee_joins_and_says_whether_the_results_name_them(open_competition, alice):
    bob = StaffFactory.create(email="bob@trust.example")
    user_for(bob)
    entry = entry_sent(open_competition, alice, invite=["bob@trust.example"])
    team_invitation_accept(
        invitation=_invitation(entry, "bob@trust.example"), person=bob, name_in_results=True
    )
    assert list(entry.team_members.all()) == [bob]
    invitation = _invitation(entry, "bob@trust.example")
    assert (invitation.status, invitation.person, invitation.name_in_results) == (
        InvitationStatus.ACCEPTED,
        bob,
        True,
    )
    # Joining is entering: the ledger's existing kind, for the competition.
    assert EngagementRecord.objects.filter(
        person=bob,
        kind=CompetitionEngagementKind.ENTERED,
        subject=f"competition:{open_competition.pk}",
    ).exists()
    log = ModelLogEntry.objects.get(action="qihub.competitions.team.join")
    assert (log.user_id, log.data) == (bob.user_id, {"number": 1, "name_in_results": True})
    with pytest.raises(CompetitionError) as error:
        team_invitation_accept(invitation=invitation, person=bob, name_in_results=True)
    assert error.value.code == "answered"


@pytest.mark.parametrize("who", ["leaver", "patient"])
def test_only_someone_who_may_enter_can_join(open_competition, alice, who):
    if who == "leaver":
        invitee = StaffFactory.create(email="lou@trust.example", is_active=False)
    else:
        invitee = PersonFactory.create(email="lou@trust.example", kind=PersonKind.PATIENT)
    entry = entry_sent(open_competition, alice, invite=["lou@trust.example"])
    with pytest.raises(CompetitionError) as error:
        team_invitation_accept(
            invitation=_invitation(entry, "lou@trust.example"), person=invitee, name_in_results=True
        )
    assert error.value.code == "not_eligible"
    assert "open to all active staff" in error.value.message  # told to them, not to the entrant
    assert not entry.team_members.exists()
    assert _invitation(entry, "lou@trust.example").status == InvitationStatus.PENDING


def test_only_the_holder_of_the_address_can_answer(open_competition, alice):
    StaffFactory.create(email="bob@trust.example")
    mallory = StaffFactory.create(email="mallory@trust.example")
    entry = entry_sent(open_competition, alice, invite=["bob@trust.example"])
    invitation = _invitation(entry, "bob@trust.example")
    for attempt in (
        lambda: team_invitation_accept(invitation=invitation, person=mallory, name_in_results=True),
        lambda: team_invitation_decline(invitation=invitation, person=mallory),
    ):
        with pytest.raises(CompetitionError) as error:
            attempt()
        assert error.value.code == "not_invitee"
    assert not entry.team_members.exists()
    # Their sign-in account's address counts as theirs too.
    carol = StaffFactory.create(email="carol.work@trust.example")
    carol.user = User.objects.create_user(email="carol@trust.example")
    carol.save(update_fields=["user"])
    team_invite(entry=entry, actor=user_for(alice), emails=["carol@trust.example"])
    team_invitation_accept(
        invitation=_invitation(entry, "carol@trust.example"), person=carol, name_in_results=False
    )
    assert list(entry.team_members.all()) == [carol]


def test_a_declined_invitation_stays_declined(open_competition, alice):
    bob = StaffFactory.create(email="bob@trust.example")
    entry = entry_sent(open_competition, alice, invite=["bob@trust.example"])
    team_invitation_decline(invitation=_invitation(entry, "bob@trust.example"), person=bob)
    assert _invitation(entry, "bob@trust.example").status == InvitationStatus.DECLINED
    # Inviting the address again sends nothing: no one is asked twice after saying no.
    assert team_invite(entry=entry, actor=user_for(alice), emails=["bob@trust.example"]) == []
    assert entry.invitations.count() == 1
    with pytest.raises(CompetitionError) as error:
        team_invitation_accept(
            invitation=_invitation(entry, "bob@trust.example"), person=bob, name_in_results=True
        )
    assert error.value.code == "answered"


def test_invitations_expire_and_can_be_renewed(open_competition, alice):
    bob = StaffFactory.create(email="bob@trust.example")
    with time_machine.travel(NOW, tick=False):
        entry = entry_sent(open_competition, alice, invite=["bob@trust.example"])
    invitation = _invitation(entry, "bob@trust.example")
    assert invitation.expires_at == NOW + datetime.timedelta(days=INVITATION_DAYS)
    later = NOW + datetime.timedelta(days=INVITATION_DAYS, seconds=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(CompetitionError) as error:
            team_invitation_accept(invitation=invitation, person=bob, name_in_results=True)
        assert error.value.code == "expired"
        renewed = team_invite(entry=entry, actor=user_for(alice), emails=["bob@trust.example"])
        assert [i.pk for i in renewed] == [invitation.pk]
        team_invitation_accept(invitation=invitation, person=bob, name_in_results=True)
    assert list(entry.team_members.all()) == [bob]


def test_an_invitation_lasts_no_longer_than_entries_stay_open(open_competition, alice):
    closes = NOW + datetime.timedelta(days=3)
    open_competition.entries_close_at = closes
    open_competition.save(update_fields=["entries_close_at"])
    with time_machine.travel(NOW, tick=False):
        entry = entry_sent(open_competition, alice, invite=["bob@trust.example"])
    assert _invitation(entry, "bob@trust.example").expires_at == closes


def test_teams_are_fixed_once_entries_close(open_competition, alice):
    bob = StaffFactory.create(email="bob@trust.example")
    entry = entry_sent(open_competition, alice, invite=["bob@trust.example"])
    competition_close_entries(competition=open_competition)
    with pytest.raises(CompetitionError) as error:
        team_invitation_accept(
            invitation=_invitation(entry, "bob@trust.example"), person=bob, name_in_results=True
        )
    assert error.value.code == "entries_closed"
    with pytest.raises(CompetitionError) as error:
        team_invite(entry=entry, actor=user_for(alice), emails=["carol@trust.example"])
    assert error.value.code == "entries_closed"
    assert not entry.team_members.exists()


def test_invitations_are_limited_perentry_sent(open_competition, alice):
    many = [f"person{n}@trust.example" for n in range(MAX_TEAM + 1)]
    with pytest.raises(CompetitionError) as error:
        entry_sent(open_competition, alice, invite=many)
    assert error.value.code == "team_too_big"
    assert not TeamInvitation.objects.exists()
    entry = entry_sent(open_competition, alice, invite=many[:MAX_TEAM])
    with pytest.raises(CompetitionError) as error:
        team_invite(entry=entry, actor=user_for(alice), emails=["one.more@trust.example"])
    assert error.value.code == "team_too_big"

    # Declined invitations free a place, but only so many can ever be sent for one entry.
    def decline_all():
        for invitation in entry.invitations.filter(status=InvitationStatus.PENDING):
            person = StaffFactory.create(email=invitation.email)
            team_invitation_decline(invitation=invitation, person=person)

    decline_all()
    again = [f"again{n}@trust.example" for n in range(MAX_INVITATIONS - MAX_TEAM)]
    team_invite(entry=entry, actor=user_for(alice), emails=again)
    decline_all()
    with pytest.raises(CompetitionError) as error:
        team_invite(entry=entry, actor=user_for(alice), emails=["third@trust.example"])
    assert error.value.code == "too_many_invitations"
    assert entry.invitations.count() == MAX_INVITATIONS


def test_only_entrants_invite_and_bad_addresses_are_named(open_competition, alice):
    entry = entry_sent(open_competition, alice)
    with pytest.raises(CompetitionError) as error:
        team_invite(entry=entry, actor=user_for(StaffFactory.create()), emails=["x@trust.example"])
    assert error.value.code == "not_entrant"
    with pytest.raises(CompetitionError) as error:
        team_invite(entry=entry, actor=user_for(alice), emails=["ok@trust.example", "not an"])
    assert (error.value.code, error.value.message) == (
        "bad_email",
        "not an is not an email address.",
    )
    assert not entry.invitations.exists()


def test_the_database_invites_an_address_once_per_entry(open_competition, alice):
    entry = entry_sent(open_competition, alice, invite=["bob@trust.example"])
    with pytest.raises(IntegrityError):
        TeamInvitation.objects.create(
            entry=entry, email="bob@trust.example", expires_at=NOW, invited_by=alice
        )


def test_entrants_change_whether_the_results_name_them(open_competition, alice):
    bob = StaffFactory.create(email="bob@trust.example")
    entry = entry_sent(open_competition, alice, invite=["bob@trust.example"], name_in_results=True)
    assert entry.name_in_results
    team_invitation_accept(
        invitation=_invitation(entry, "bob@trust.example"), person=bob, name_in_results=False
    )
    entry_name_in_results_set(entry=entry, person=alice, name_in_results=False)
    entry_name_in_results_set(entry=entry, person=bob, name_in_results=True)
    entry.refresh_from_db()
    assert not entry.name_in_results
    assert _invitation(entry, "bob@trust.example").name_in_results
    with pytest.raises(CompetitionError) as error:
        entry_name_in_results_set(entry=entry, person=StaffFactory.create(), name_in_results=True)
    assert error.value.code == "not_entrant"
