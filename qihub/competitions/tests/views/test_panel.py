"""The panel: who may see and score, blindness until the shortlist, private scores, shortlist."""

import pytest

from qihub.competitions.models import Conflict, Score
from qihub.competitions.services import score_submit, shortlist_confirm
from qihub.competitions.tests.conftest import score_all
from qihub.competitions.tests.factories import user_for
from qihub.core.tests.factories import StaffFactory

NAMES = [
    ("Zebedee", "Quillfeather"),
    ("Ottoline", "Marchbanks"),
    ("Perpetua", "Rook"),
    ("Ivo", "Tansy"),
]


@pytest.fixture
def named_entrants(shortlisting, entrants):
    """Entrants with names no page would show by chance, plus a team member on entry 1."""
    for person, (first, last) in zip(entrants, NAMES, strict=True):
        person.first_name, person.last_name = first, last
        person.save(update_fields=["first_name", "last_name"])
    teammate = StaffFactory.create(first_name="Cosmo", last_name="Wolfsbane")
    shortlisting.entries.get(number=1).team_members.add(teammate)
    return [*entrants, teammate]


def _url(competition, path=""):
    return f"/competitions/{competition.slug}/panel/{path}"


def _values(competition, value):
    return {f"criterion_{c.pk}": value for c in competition.criteria.all()}


@pytest.mark.django_db
def test_visitors_sign_in_and_people_off_the_panel_are_refused(client, shortlisting, staff_user):
    for path in ("", "entries/1/", "ranking/"):
        response = client.get(_url(shortlisting, path))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    client.force_login(staff_user)
    for path in ("", "entries/1/", "ranking/"):
        assert client.get(_url(shortlisting, path)).status_code == 403, path
    assert (
        client.post(_url(shortlisting, "entries/1/"), _values(shortlisting, 3)).status_code == 403
    )
    assert client.post(_url(shortlisting, "entries/1/conflict/")).status_code == 403
    assert client.post(_url(shortlisting, "close/")).status_code == 403
    assert not Score.objects.exists()


def test_the_qi_team_may_look_on_but_not_score(client, shortlisting, qi_team_user):
    client.force_login(qi_team_user)
    assert client.get(_url(shortlisting)).status_code == 200
    assert client.get(_url(shortlisting, "ranking/")).status_code == 200
    assert client.get(_url(shortlisting, "entries/1/")).status_code == 403


def test_panel_pages_are_blind_until_the_shortlist_is_confirmed(
    client, shortlisting, panel, named_entrants, qi_team_user
):
    client.force_login(user_for(panel["patient"].person))
    pages = [client.get(_url(shortlisting)), client.get(_url(shortlisting, "entries/1/"))]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "Entry 1: Design 1" in html
        for person in named_entrants:
            assert person.first_name not in html and person.last_name not in html
    score_all(shortlisting)
    first_two = list(shortlisting.entries.order_by("number").values_list("pk", flat=True)[:2])
    shortlist_confirm(competition=shortlisting, entry_ids=first_two, actor=qi_team_user)
    html = client.get(_url(shortlisting)).content.decode()
    for person in named_entrants:
        assert person.full_name in html
    assert "Zebedee Quillfeather, with Cosmo Wolfsbane" in html
    assert "Zebedee Quillfeather" in client.get(_url(shortlisting, "entries/1/")).content.decode()


def test_scoring_form_has_a_fieldset_and_legend_per_criterion(client, shortlisting, panel):
    client.force_login(user_for(panel["staff"].person))
    html = client.get(_url(shortlisting, "entries/2/")).content.decode()
    assert html.count('<fieldset class="nhsuk-fieldset"') == 2
    assert (
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Clarity</legend>' in html
    )
    assert html.count('type="radio"') == 10
    assert "This criterion counts 2 times." in html


def test_a_member_scores_and_sees_only_their_own_scores_until_all_have_scored(
    client, shortlisting, panel
):
    staff, patient = panel["staff"], panel["patient"]
    client.force_login(user_for(staff.person))
    response = client.post(_url(shortlisting, "entries/1/"), _values(shortlisting, 4))
    assert response.status_code == 302
    assert Score.objects.filter(panel_member=staff).count() == 2
    page = client.get(_url(shortlisting)).content.decode()
    assert "Your scores: Clarity 4, Originality 4." in page
    ranking = client.get(_url(shortlisting, "ranking/")).content.decode()
    assert "The ranking is shown when every panel member has scored" in ranking
    assert "4.00" not in ranking
    # Another member sees nothing of it.
    client.force_login(user_for(patient.person))
    page = client.get(_url(shortlisting)).content.decode()
    assert "Your scores:" not in page
    assert "Entry 1: Design 1" in page
    score_page = client.get(_url(shortlisting, "entries/1/")).content.decode()
    assert "checked" not in score_page
    # Once everyone has scored, the ranking with its spread is there for the panel.
    score_all(shortlisting)
    ranking = client.get(_url(shortlisting, "ranking/")).content.decode()
    assert "Accepted entries by the panel" in ranking
    assert "Spread" in ranking and "Lowest" in ranking and "Highest" in ranking
    assert "5.00" in ranking


def test_an_incomplete_score_is_refused_at_the_missing_criterion(client, shortlisting, panel):
    client.force_login(user_for(panel["staff"].person))
    clarity = shortlisting.criteria.get(name="Clarity")
    response = client.post(_url(shortlisting, "entries/1/"), {f"criterion_{clarity.pk}": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give a score for Originality." in html
    assert "There is a problem" in html
    assert not Score.objects.exists()


def test_a_declared_conflict_stops_scoring_that_entry(client, shortlisting, panel):
    member = panel["staff"]
    client.force_login(user_for(member.person))
    response = client.post(_url(shortlisting, "entries/3/conflict/"), {"reason": "My sister's"})
    assert response.status_code == 302
    assert Conflict.objects.filter(panel_member=member, entry__number=3).exists()
    page = client.get(_url(shortlisting, "entries/3/")).content.decode()
    assert "You have a conflict of interest with this entry" in page
    assert 'type="radio"' not in page
    client.post(_url(shortlisting, "entries/3/"), _values(shortlisting, 5))
    assert not Score.objects.filter(panel_member=member, entry__number=3).exists()


def test_only_the_chair_or_qi_team_closes_scoring(client, shortlisting, panel, qi_team_user):
    client.force_login(user_for(panel["staff"].person))
    assert client.post(_url(shortlisting, "close/")).status_code == 403
    shortlisting.refresh_from_db()
    assert not shortlisting.scoring_closed
    client.force_login(user_for(panel["chair"].person))
    assert "Close scoring" in client.get(_url(shortlisting)).content.decode()
    # The button asks first: closing scoring cannot be undone.
    confirm = client.post(_url(shortlisting, "close/"))
    assert "<h1>Close scoring?</h1>" in confirm.content.decode()
    shortlisting.refresh_from_db()
    assert not shortlisting.scoring_closed
    assert client.post(_url(shortlisting, "close/"), {"confirm": "yes"}).status_code == 302
    shortlisting.refresh_from_db()
    assert shortlisting.scoring_closed
    # With scoring closed the ranking shows, though no one has scored everything.
    ranking = client.get(_url(shortlisting, "ranking/")).content.decode()
    assert "Accepted entries by the panel" in ranking


def test_the_chair_confirms_a_shortlist_of_the_right_size(client, shortlisting, panel):
    score_submit(
        member=panel["staff"],
        entry=shortlisting.entries.get(number=1),
        values={c.pk: 5 for c in shortlisting.criteria.all()},
    )
    score_all(shortlisting)
    entries = {e.number: e.pk for e in shortlisting.entries.all()}
    # A member who is not the chair may see the ranking but not confirm.
    client.force_login(user_for(panel["patient"].person))
    page = client.get(_url(shortlisting, "ranking/")).content.decode()
    assert "Confirm the shortlist" not in page
    response = client.post(_url(shortlisting, "ranking/"), {"entries": [entries[1], entries[2]]})
    assert response.status_code == 403
    client.force_login(user_for(panel["chair"].person))
    page = client.get(_url(shortlisting, "ranking/")).content.decode()
    assert "Choose 2 entries for the shortlist" in page
    assert page.count('type="checkbox"') == 4
    response = client.post(_url(shortlisting, "ranking/"), {"entries": [entries[1]]})
    assert "Choose exactly 2 accepted entries for the shortlist." in response.content.decode()
    shortlisting.refresh_from_db()
    assert not shortlisting.shortlist_confirmed
    response = client.post(_url(shortlisting, "ranking/"), {"entries": [entries[1], entries[4]]})
    assert response.status_code == 302
    shortlisting.refresh_from_db()
    assert shortlisting.shortlist_confirmed
    assert set(shortlisting.entries.filter(shortlisted=True).values_list("number", flat=True)) == {
        1,
        4,
    }
    # Locked: no more scores and no second shortlist.
    response = client.post(_url(shortlisting, "ranking/"), {"entries": [entries[2], entries[3]]})
    assert response.status_code == 403
