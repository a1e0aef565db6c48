"""The QI team's pages: moderating and tagging, and writing then publishing the response."""

import datetime

import pytest
from django.urls import reverse

from qihub.consultations.models import CommentStatus, ConsultationStatus, DraftDocument, Theme
from qihub.consultations.services import Contribution, contribution_submit
from qihub.consultations.tests.factories import consultation_make

pytestmark = pytest.mark.django_db


def test_reject_needs_a_reason_then_tag(client, consultation, public_user, qi_team_user):
    _, comment = contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Held")
    )
    assert comment is not None
    client.force_login(qi_team_user)
    url = reverse("consultations:moderate_comment", args=[consultation.slug, comment.pk])
    page = client.post(url, {"action": "reject", "reason": ""}, follow=True).content.decode()
    assert "Say why the comment is rejected" in page
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD
    client.post(reverse("consultations:theme_add", args=[consultation.slug]), {"name": "Access"})
    theme = Theme.objects.get()
    client.post(url, {"action": "tag", "themes": [theme.pk]})
    assert list(comment.themes.all()) == [theme]
    client.post(url, {"action": "reject", "reason": "Off topic"})
    comment.refresh_from_db()
    assert (comment.status, comment.reject_reason) == (CommentStatus.REJECTED, "Off topic")
    listing = client.get(
        reverse("consultations:moderate", args=[consultation.slug]) + "?status=all"
    )
    assert (
        "Held" in listing.content.decode()
        and public_user.person.full_name in listing.content.decode()
    )


def test_write_save_then_publish_the_response(client, qi_team_user):
    consultation = consultation_make(
        opens=-datetime.timedelta(days=9), closes=-datetime.timedelta(days=1)
    )
    client.force_login(qi_team_user)
    url = reverse("consultations:response_edit", args=[consultation.slug])
    form = client.get(url).content.decode()
    assert "We will make care safer every year." in form  # starts from the consulted version
    data = {
        "summary": "",
        "adopted_0": "We will make care much safer every year.",
        "adopted_1": "We will give the right care.",
        "adopted_2": "",
    }
    response = client.post(url, {**data, "publish": "yes"})
    assert response.status_code == 400
    assert "Write what you heard" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    client.post(url, {**data, "summary": "We heard you.", "publish": "no"})
    assert "We heard you." in client.get(url).content.decode()
    response = client.post(url, {**data, "summary": "We heard you.", "publish": "yes"})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.RESPONDED
    document = DraftDocument.objects.get()
    assert document.paragraphs == [
        "We will make care much safer every year.",
        "We will give the right care.",
    ]
    client.logout()
    page = client.get(reverse("consultations:response", args=[consultation.slug])).content.decode()
    assert "[added: </span>much " in page
    assert "Paragraph 3 (removed)" in page


def test_the_response_waits_for_the_close(client, consultation, qi_team_user):
    client.force_login(qi_team_user)
    url = reverse("consultations:response_edit", args=[consultation.slug])
    response = client.post(url, {"summary": "Early", "adopted_0": "x", "publish": "yes"})
    assert "still open" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
