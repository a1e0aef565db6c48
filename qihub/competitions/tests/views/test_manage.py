"""The QI team runs a competition from its page; no one else may."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import ModelLogEntry

from qihub.competitions.forms import PHASE_ACTIONS
from qihub.competitions.models import Competition, Elector, EntryStatus, Phase
from qihub.competitions.services import vote_cast
from qihub.competitions.tests.conftest import score_all
from qihub.competitions.tests.factories import CompetitionFactory, PanelMemberFactory
from qihub.competitions.tests.views.conftest import entries_closed_with_one_accepted
from qihub.core.tests.factories import StaffFactory, StaffLevelFactory


def _url(competition, path=""):
    return f"/competitions/{competition.slug}/manage/{path}"


def _phase(client, competition, action):
    """Press a stage button and confirm; the page that follows."""
    data = {"action": action, "confirm": "yes"}
    response = client.post(_url(competition, "phase/"), data, follow=True)
    competition.refresh_from_db()
    return response.content.decode()


def _boxes(html: str) -> tuple[str, str]:
    """The text of the page's error summary and of its other messages."""
    errors = re.findall(r'class="nhsuk-error-summary[^"]*"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    notes = re.findall(r'class="nhsuk-inset-text qihub-message"[^>]*>(.*?)</div>', html, re.S)
    return " ".join(errors), " ".join(notes)


@pytest.mark.django_db
def test_only_the_qi_team_may_run_a_competition(
    client, open_competition, staff_user, leader_user, public_user, qi_team_user
):
    assert client.get(_url(open_competition))["Location"].startswith("/accounts/login/")
    for user in (staff_user, leader_user, public_user):
        client.force_login(user)
        assert client.get(_url(open_competition)).status_code == 403
        assert (
            client.post(_url(open_competition, "phase/"), {"action": "close_entries"}).status_code
            == 403
        )
        assert client.post(_url(open_competition, "entries/1/accept/")).status_code == 403
        assert client.get(_url(open_competition, "entries/1/reject/")).status_code == 403
    open_competition.refresh_from_db()
    assert open_competition.phase == Phase.ENTRIES_OPEN
    client.force_login(qi_team_user)
    page = client.get(_url(open_competition))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Close entries" in html
    assert f"/admin/snippets/competitions/competition/edit/{open_competition.pk}/" in html


def test_the_qi_team_moves_a_draft_through_entries_and_every_change_is_audited(
    client, qi_team_user
):
    competition = CompetitionFactory.create()
    client.force_login(qi_team_user)
    assert "The competition is open for entries." in _phase(client, competition, "open_entries")
    assert competition.phase == Phase.ENTRIES_OPEN
    assert "Entries are closed." in _phase(client, competition, "close_entries")
    # A button for a stage already passed is refused with a message, not a 500.
    html = _phase(client, competition, "open_entries")
    assert "The competition is entries closed, not not yet open." in html
    assert competition.phase == Phase.ENTRIES_CLOSED
    actions = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Competition), object_id=str(competition.pk)
    ).values_list("action", "user_id")
    assert list(actions.order_by("timestamp")) == [
        ("qihub.competitions.competition.open_entries", qi_team_user.pk),
        ("qihub.competitions.competition.close_entries", qi_team_user.pk),
    ]


def test_shortlisting_refused_while_the_panel_is_not_mixed_names_what_is_missing(
    client, competition, qi_team_user, entrants
):
    from qihub.competitions.services import competition_open_entries

    competition_open_entries(competition=competition)
    entries_closed_with_one_accepted(competition, entrants[0])
    senior = StaffLevelFactory.create(name="Senior leader", position=2, is_senior_leader=True)
    PanelMemberFactory.create(competition=competition, person=StaffFactory.create(level=senior))
    PanelMemberFactory.create(competition=competition, person=StaffFactory.create())
    client.force_login(qi_team_user)
    manage = client.get(_url(competition)).content.decode()
    assert "The panel is not mixed yet" in manage
    assert "at least 1 patient or carer (it has 0)" in manage
    html = _phase(client, competition, "start_shortlisting")
    assert "The panel must be mixed: it needs at least 1 patient or carer (it has 0)." in html
    assert competition.phase == Phase.ENTRIES_CLOSED


def test_moderation_accepts_and_rejects_with_a_reason(
    client, open_competition, qi_team_user, entrants
):
    from qihub.competitions.services import entry_submit
    from qihub.competitions.tests.factories import upload

    for person in entrants[:2]:
        entry_submit(
            competition=open_competition,
            person=person,
            title=f"By {person.last_name}",
            description="A design.",
            images=[upload()],
        )
    client.force_login(qi_team_user)
    html = client.get(_url(open_competition)).content.decode()
    assert entrants[0].full_name in html  # the QI team sees who entered
    assert 'Accept<span class="nhsuk-u-visually-hidden"> Entry 1' in html
    assert client.post(_url(open_competition, "entries/1/accept/")).status_code == 302
    reject = _url(open_competition, "entries/2/reject/")
    assert client.get(reject).status_code == 200
    response = client.post(reject, {"reason": "  "})
    assert "Give the entrant a reason for rejecting their entry." in response.content.decode()
    response = client.post(reject, {"reason": "It shows a patient's face."})
    assert response.status_code == 302
    statuses = dict(open_competition.entries.values_list("number", "status"))
    assert statuses == {1: EntryStatus.ACCEPTED, 2: EntryStatus.REJECTED}
    assert open_competition.entries.get(number=2).rejection_reason == "It shows a patient's face."
    assert client.post(_url(open_competition, "entries/9/accept/")).status_code == 404


def test_scoring_closes_voting_opens_and_results_publish_from_the_page(
    client, shortlisting, panel, qi_team_user
):
    score_all(shortlisting)
    client.force_login(qi_team_user)
    html = _phase(client, shortlisting, "open_voting")
    assert "Confirm the shortlist before voting opens." in html
    assert "Scoring is closed" in _phase(client, shortlisting, "close_scoring")
    assert shortlisting.scoring_closed
    ranking = client.get(f"/competitions/{shortlisting.slug}/panel/ranking/")
    assert "Confirm the shortlist" in ranking.content.decode()
    pks = list(shortlisting.entries.order_by("number").values_list("pk", flat=True)[:2])
    client.post(f"/competitions/{shortlisting.slug}/panel/ranking/", {"entries": pks})
    assert "Voting is open." in _phase(client, shortlisting, "open_voting")
    assert shortlisting.phase == Phase.VOTING
    electors = Elector.objects.filter(competition=shortlisting)
    entry = shortlisting.entries.get(number=1)
    for elector in electors[:3]:
        vote_cast(competition=shortlisting, person=elector.voter, entry=entry)
    html = client.get(_url(shortlisting)).content.decode()
    assert "Electorate and turnout" in html
    assert f"{electors.count()} (fixed when voting opened)" in html
    assert "Voting is closed." in _phase(client, shortlisting, "close_voting")
    assert "The results are published." in _phase(client, shortlisting, "publish_results")
    assert shortlisting.phase == Phase.RESULTS
    assert shortlisting.result.votes == 3
    results = client.get(f"/competitions/{shortlisting.slug}/results/").content.decode()
    assert "The winner is Entry 1: Design 1" in results


def test_an_unknown_phase_action_is_refused_politely(client, open_competition, qi_team_user):
    client.force_login(qi_team_user)
    html = _phase(client, open_competition, "delete_everything")
    assert "Choose one of the buttons" in html
    assert open_competition.phase == Phase.ENTRIES_OPEN


@pytest.mark.parametrize("action", list(PHASE_ACTIONS))
def test_every_stage_change_asks_for_confirmation_first(client, qi_team_user, action):
    competition = CompetitionFactory.create()
    client.force_login(qi_team_user)
    response = client.post(_url(competition, "phase/"), {"action": action})
    assert response.status_code == 200
    html = response.content.decode()
    label = PHASE_ACTIONS[action][0]
    assert f"<h1>{label}?</h1>" in html
    assert "This cannot be undone" in html
    assert '<input type="hidden" name="confirm" value="yes">' in html
    assert f'<input type="hidden" name="action" value="{action}">' in html
    assert f'href="{_url(competition)}">No, go back</a>' in html
    competition.refresh_from_db()
    assert competition.phase == Phase.DRAFT
    assert not ModelLogEntry.objects.filter(object_id=str(competition.pk)).exists()


def test_confirming_opens_entries(client, qi_team_user):
    competition = CompetitionFactory.create()
    client.force_login(qi_team_user)
    confirm = client.post(_url(competition, "phase/"), {"action": "open_entries"})
    assert "Yes, open entries" in confirm.content.decode()
    html = _phase(client, competition, "open_entries")
    assert competition.phase == Phase.ENTRIES_OPEN
    errors, notes = _boxes(html)
    assert "The competition is open for entries." in notes
    assert not errors


def test_a_refusal_is_shown_as_an_error_not_as_a_success(client, qi_team_user):
    competition = CompetitionFactory.create(brief="   ")
    client.force_login(qi_team_user)
    html = _phase(client, competition, "open_entries")
    assert competition.phase == Phase.DRAFT
    errors, notes = _boxes(html)
    assert "There is a problem" in errors
    assert "Write the brief before opening entries." in errors
    assert "Write the brief" not in notes
    assert 'role="alert"' in html
