"""Every view: who may, who may not. Drafts, held comments and who wrote what never reach
anyone not entitled."""

import datetime

import pytest
from django.urls import reverse

from qihub.consultations.models import ConsultationStatus
from qihub.consultations.services import Contribution, contribution_submit
from qihub.consultations.tests.factories import consultation_make

pytestmark = pytest.mark.django_db
PUBLIC_VIEWS = ["detail", "comments", "take_part"]
MANAGE_VIEWS = ["manage", "moderate", "analysis", "export_csv", "export_xlsx", "response_edit"]
POST_MANAGE_VIEWS = ["manage_publish", "theme_add"]


@pytest.fixture
def draft(db):
    return consultation_make(status=ConsultationStatus.DRAFT)


def _signed_in(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("name", PUBLIC_VIEWS)
def test_a_published_consultation_is_public(client, consultation, name):
    assert client.get(reverse(f"consultations:{name}", args=[consultation.slug])).status_code == 200


@pytest.mark.parametrize("name", [*PUBLIC_VIEWS, "response"])
@pytest.mark.parametrize("who", [None, "public_user", "staff_user"])
def test_a_draft_is_missing_to_all_but_the_qi_team(request, client, draft, name, who):
    user = request.getfixturevalue(who) if who else None
    response = _signed_in(client, user).get(reverse(f"consultations:{name}", args=[draft.slug]))
    assert response.status_code == 404


def test_the_qi_team_sees_a_draft(client, draft, qi_team_user):
    client.force_login(qi_team_user)
    page = client.get(reverse("consultations:detail", args=[draft.slug])).content.decode()
    assert "We will improve together with patients." in page  # the draft as it stands
    assert draft.title in client.get(reverse("consultations:list")).content.decode()
    client.logout()
    assert draft.title not in client.get(reverse("consultations:list")).content.decode()


@pytest.mark.parametrize("name", MANAGE_VIEWS)
def test_manage_pages_are_the_qi_teams(
    client, consultation, qi_team_user, staff_user, leader_user, name
):
    url = reverse(f"consultations:{name}", args=[consultation.slug])
    assert client.get(url).status_code == 302  # sign in first
    for user in (staff_user, leader_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(qi_team_user)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", POST_MANAGE_VIEWS)
def test_manage_actions_are_the_qi_teams(client, draft, staff_user, name):
    url = reverse(f"consultations:{name}", args=[draft.slug])
    client.force_login(staff_user)
    assert client.post(url, {"name": "Safety"}).status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.status == ConsultationStatus.DRAFT and not draft.themes.exists()


def test_moderating_a_comment_is_the_qi_teams(
    client, consultation, public_user, staff_user, qi_team_user
):
    _, comment = contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Held")
    )
    assert comment is not None
    url = reverse("consultations:moderate_comment", args=[consultation.slug, comment.pk])
    client.force_login(staff_user)
    assert client.post(url, {"action": "approve"}).status_code == 403
    comment.refresh_from_db()
    assert comment.status == "held"
    client.force_login(qi_team_user)
    assert client.post(url, {"action": "approve"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == "published"


def test_the_response_is_public_only_once_published(client, qi_team_user):
    closed = consultation_make(
        opens=-datetime.timedelta(days=9), closes=-datetime.timedelta(days=1)
    )
    url = reverse("consultations:response", args=[closed.slug])
    assert client.get(url).status_code == 404
    client.force_login(qi_team_user)
    assert "Preview" in client.get(url).content.decode()
    client.logout()
    closed.status = ConsultationStatus.RESPONDED
    closed.response_published_at = closed.closes_at
    closed.save()
    assert client.get(url).status_code == 200


def test_held_comments_and_names_never_reach_the_public(
    client, consultation, public_user, staff_user
):
    contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Still held")
    )
    contribution_submit(
        consultation=consultation, user=staff_user, contribution=Contribution(comment="From staff")
    )
    page = client.get(reverse("consultations:comments", args=[consultation.slug])).content.decode()
    assert "Still held" not in page
    assert "From staff" in page
    directorate = staff_user.person.team.service.directorate.name
    assert f"A member of staff in {directorate}" in page
    assert staff_user.person.last_name not in page
    assert staff_user.person.email not in page


def test_a_staff_member_who_chooses_is_named(client, consultation, staff_user):
    contribution_submit(
        consultation=consultation,
        user=staff_user,
        contribution=Contribution(comment="Named", show_name=True),
    )
    page = client.get(reverse("consultations:comments", args=[consultation.slug])).content.decode()
    assert f"{staff_user.person.full_name}, member of staff" in page


def test_a_public_comment_shows_only_its_kind(client, public_user):
    consultation = consultation_make(hold_public_comments=False)
    contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Mine")
    )
    page = client.get(reverse("consultations:comments", args=[consultation.slug])).content.decode()
    assert "Patient" in page
    assert public_user.person.last_name not in page and public_user.email not in page


def test_opt_out_needs_a_signed_link(client):
    assert client.post(reverse("consultations:opt_out", args=["1:forged"])).status_code == 400
    assert client.get(reverse("consultations:confirm", args=["1:forged"])).status_code == 400
