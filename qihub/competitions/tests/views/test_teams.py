"""Teams on the site: the entry form tells an entrant nothing about whoever an email belongs to;
the invitee answers from the emailed link; the results name only those who agreed."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from qihub.competitions.builders import Stage, competition_build, team_join
from qihub.competitions.models import Entry, InvitationStatus
from qihub.competitions.selectors import team_invitation_token
from qihub.competitions.services import entry_accept
from qihub.competitions.services.teams import entry_name_in_results_set, team_invitation_decline
from qihub.competitions.tests.conftest import invitation_path
from qihub.competitions.tests.factories import entry_sent, image_bytes, user_for
from qihub.core.models import PersonKind
from qihub.core.tests.factories import PersonFactory, StaffFactory
from qihub.core.tests.worker import run_worker


def _enter(client, competition, team: str, **extra):
    png = SimpleUploadedFile("design.png", image_bytes("PNG"), content_type="image/png")
    data = {"title": "Bold heart", "description": "A heart.", "team": team, "images": [png]}
    return client.post(f"/competitions/{competition.slug}/enter/", {**data, **extra}, follow=True)


def test_the_form_says_the_same_whoever_an_email_belongs_to(client, open_competition):
    StaffFactory.create(
        email="tina.team@trust.example", first_name="Tindra", last_name="Tranterwick"
    )
    StaffFactory.create(email="lou@trust.example", first_name="Loucinda", is_active=False)
    PersonFactory.create(email="pat@example.org", first_name="Patrizia", kind=PersonKind.PATIENT)
    answers = []
    for team in ["tina.team@trust.example", "lou@trust.example", "pat@example.org", "x@y.example"]:
        client.force_login(user_for(StaffFactory.create()))
        response = _enter(client, open_competition, team)
        assert response.status_code == 200
        html = response.content.decode()
        for name in ("Tindra", "Tranterwick", "Loucinda", "Patrizia"):  # names no factory makes
            assert not re.search(rf"\b{name}\b", html), (team, name)
        answers.append(re.sub(r"Entry \d+", "Entry N", html.split('role="status"')[1][:400]))
    assert len(set(answers)) == 1
    assert "We have emailed each address you gave a link to confirm" in answers[0]
    assert Entry.objects.count() == 4
    assert not Entry.team_members.through.objects.exists()


def test_a_team_member_joins_from_the_emailed_link(
    client, open_competition, staff_user, django_capture_on_commit_callbacks
):
    teammate = StaffFactory.create(email="Tina.Team@trust.example")
    client.force_login(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _enter(client, open_competition, "tina.team@trust.example")
    assert response.redirect_chain[-1][0] == f"/competitions/{open_competition.slug}/my-entries/"
    run_worker()
    (invitation_email,) = [m for m in mail.outbox if m.to == ["tina.team@trust.example"]]
    path = invitation_path(invitation_email)
    # A visitor is asked to sign in first.
    client.logout()
    assert client.get(path)["Location"].startswith("/accounts/login/")
    client.force_login(user_for(teammate))
    page = client.get(path).content.decode()
    assert "Join the team of Entry 1: Bold heart?" in page
    assert "Name me beside the entry in the published results" in page
    response = client.post(path, {"answer": "join", "name_in_results": "on"}, follow=True)
    assert list(Entry.objects.get().team_members.all()) == [teammate]
    # The team member sees the entry as theirs too.
    assert "Entry 1: Bold heart" in response.content.decode()
    assert "You are on the team of Entry 1: Bold heart." in response.content.decode()
    assert Entry.objects.get().invitations.get().name_in_results


def test_a_malformed_team_email_is_refused_at_the_field(client, open_competition, staff_user):
    client.force_login(staff_user)
    response = _enter(client, open_competition, "tina.team@trust.example\nnobody")
    html = response.content.decode()
    assert 'id="id_team-error"' in html
    assert "nobody is not an email address." in html
    assert not Entry.objects.exists()


def test_an_invitation_answers_only_its_own_address(client, open_competition, staff_user):
    entry = entry_sent(
        open_competition, staff_user.person, title="Secret plan", invite=["tina.team@trust.example"]
    )
    path = (
        f"/competitions/{open_competition.slug}/team-invitations/"
        f"{team_invitation_token(entry.invitations.get())}/"
    )
    client.force_login(user_for(StaffFactory.create()))
    response = client.get(path)
    assert response.status_code == 403
    html = response.content.decode()
    assert "This invitation is for someone else" in html
    assert "Secret plan" not in html and staff_user.person.last_name not in html
    response = client.post(path, {"answer": "join"})
    assert response.status_code == 403
    assert not entry.team_members.exists()
    # A made-up or altered key is not found.
    assert client.get(path[:-3] + "xx/").status_code == 404
    assert (
        client.get(f"/competitions/{open_competition.slug}/team-invitations/1/").status_code == 404
    )


def test_an_ineligible_invitee_is_told_when_they_answer(client, open_competition, staff_user):
    leaver = StaffFactory.create(email="lou@trust.example", is_active=False)
    entry = entry_sent(
        open_competition, staff_user.person, title="Bold heart", invite=["lou@trust.example"]
    )
    path = (
        f"/competitions/{open_competition.slug}/team-invitations/"
        f"{team_invitation_token(entry.invitations.get())}/"
    )
    client.force_login(user_for(leaver))
    response = client.post(path, {"answer": "join", "name_in_results": "on"})
    assert response.status_code == 200
    assert "You cannot join this team: the competition is open to all active staff." in (
        response.content.decode()
    )
    assert not entry.team_members.exists()
    response = client.post(path, {"answer": "decline"})
    assert response.status_code == 302
    assert entry.invitations.get().status == InvitationStatus.DECLINED


def test_the_team_page_is_for_the_entrants_and_hides_who_declined(
    client, open_competition, staff_user
):
    entry = entry_sent(
        open_competition,
        staff_user.person,
        title="Bold heart",
        invite=["waiting@trust.example", "declines@trust.example"],
    )
    decliner = StaffFactory.create(email="declines@trust.example")
    team_invitation_decline(
        invitation=entry.invitations.get(email="declines@trust.example"), person=decliner
    )
    joiner = StaffFactory.create(email="joins@trust.example", first_name="Jo", last_name="Joiner")
    team_join(entry=entry, people=[joiner])
    url = f"/competitions/{open_competition.slug}/my-entries/1/team/"
    client.force_login(user_for(StaffFactory.create()))
    assert client.get(url).status_code == 404
    client.force_login(staff_user)
    html = client.get(url).content.decode()
    assert "Jo Joiner" in html
    waiting = html.split("Invited, not on the team", 1)[1].split("</ul>", 1)[0]
    assert "waiting@trust.example" in waiting and "declines@trust.example" in waiting
    assert "declin" not in waiting.replace("declines@trust.example", "")
    assert decliner.full_name not in html
    # Inviting more from here gets the same answer as on the entry form.
    response = client.post(url, {"emails": "more@trust.example"}, follow=True)
    assert "We have emailed each address you gave a link to confirm" in response.content.decode()
    assert entry.invitations.filter(email="more@trust.example").exists()
    response = client.post(url, {"emails": "not-an-email"})
    assert "not-an-email is not an email address." in response.content.decode()


def test_an_entrant_changes_whether_the_results_name_them(client, open_competition, staff_user):
    entry = entry_sent(open_competition, staff_user.person, title="Bold heart")
    client.force_login(staff_user)
    team = f"/competitions/{open_competition.slug}/my-entries/1/team/"
    assert "do not name you beside this entry" in client.get(team).content.decode()
    toggle = f"/competitions/{open_competition.slug}/my-entries/1/name-in-results/"
    response = client.post(toggle, {"name_in_results": "yes"}, follow=True)
    assert "The results will name you beside this entry." in response.content.decode()
    entry.refresh_from_db()
    assert entry.name_in_results
    client.force_login(user_for(StaffFactory.create()))
    assert client.post(toggle, {"name_in_results": "no"}).status_code == 404
    entry.refresh_from_db()
    assert entry.name_in_results


def test_results_credit_the_entrants_who_agreed_to_be_named(client, open_competition, panel):
    alice = StaffFactory.create(first_name="Alice", last_name="Able", email="alice@trust.example")
    bob = StaffFactory.create(first_name="Bob", last_name="Baker", email="bob@trust.example")
    carol = StaffFactory.create(first_name="Carol", last_name="Cole", email="carol@trust.example")
    dan = StaffFactory.create(first_name="Dan", last_name="Dale", email="dan@trust.example")
    voters = StaffFactory.create_batch(4)

    def entry(person, title, **kwargs):
        submitted = entry_sent(open_competition, person, title=title, **kwargs)
        entry_accept(entry=submitted, actor=None)
        return submitted

    winner = entry(alice, "Bold heart", name_in_results=True)
    team_join(entry=winner, people=[bob], name_in_results=True)
    team_join(entry=winner, people=[carol], name_in_results=False)
    entry(dan, "Open door")
    votes = [(voter, 1) for voter in voters[:3]] + [(voters[3], 2)]
    chair = user_for(panel["chair"].person)
    competition_build(
        competition=open_competition, stage=Stage.RESULTS, votes=votes, confirmed_by=chair
    )
    url = f"/competitions/{open_competition.slug}/results/"
    page = client.get(url).content.decode()
    assert "The winner is Entry 1: Bold heart" in page
    assert "<p data-credit>by Alice Able, Bob Baker and 1 other</p>" in page
    assert "Carol" not in page
    assert "Dan Dale" not in page  # did not agree
    # Consent can be withdrawn at any time, and the page follows.
    entry_name_in_results_set(entry=winner, person=alice, name_in_results=False)
    entry_name_in_results_set(entry=winner, person=bob, name_in_results=False)
    page = client.get(url).content.decode()
    assert "Alice Able" not in page and "Bob Baker" not in page
    assert "data-credit" not in page


@pytest.mark.django_db
def test_visitors_are_sent_to_sign_in_for_the_team_pages(client, open_competition):
    for path in ("my-entries/1/team/", "team-invitations/abc/"):
        response = client.get(f"/competitions/{open_competition.slug}/{path}")
        assert response["Location"].startswith("/accounts/login/"), path
    response = client.post(f"/competitions/{open_competition.slug}/my-entries/1/name-in-results/")
    assert response["Location"].startswith("/accounts/login/")
