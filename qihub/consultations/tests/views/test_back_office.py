"""The back office: the QI team writes a document and a consultation on it; publishing locks
what was consulted on."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from qihub.consultations.drafts import document_draft_key
from qihub.consultations.models import Consultation, ConsultationStatus, DraftDocument
from qihub.core.permissions import QI_TEAM_GROUP

pytestmark = pytest.mark.django_db
ADMIN = "/admin/snippets/consultations"


@pytest.fixture
def qi_team(qi_team_user):
    Group.objects.get(name=QI_TEAM_GROUP).permissions.add(
        *Permission.objects.filter(content_type__app_label="consultations")
    )
    return qi_team_user


def _form(document: DraftDocument, **fields: str) -> dict[str, str]:
    return {
        "title": "Our mission",
        "slug": "",
        "summary": "Have your say.",
        "draft_key": document_draft_key(document),
        "opens_at": "2030-01-01 09:00",
        "closes_at": "2030-02-01 17:00",
        "for_staff": "on",
        "hold_public_comments": "on",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-text": "Do you agree?",
        "questions-0-kind": "agreement",
        "questions-0-choices": "",
        "questions-0-ORDER": "1",
        **fields,
    }


def test_the_qi_team_writes_a_document_and_consults_on_it(client, qi_team):
    client.force_login(qi_team)
    response = client.post(
        f"{ADMIN}/draftdocument/add/", {"title": "Mission", "body": "One.\n\nTwo."}
    )
    assert response.status_code == 302
    document = DraftDocument.objects.get()
    response = client.post(f"{ADMIN}/consultation/add/", _form(document))
    assert response.status_code == 302, response.content.decode()[:3000]
    consultation = Consultation.objects.get()
    assert consultation.slug == "our-mission" and consultation.questions.count() == 1
    client.post(reverse("consultations:manage_publish", args=[consultation.slug]))
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.PUBLISHED
    assert [p.text for p in consultation.parts.all()] == ["One.", "Two."]
    other = DraftDocument.objects.create(title="Other", body="Three.")
    response = client.post(
        f"{ADMIN}/consultation/edit/{consultation.pk}/",
        _form(other, slug="our-mission", **{"questions-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 200
    assert "cannot change" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.draft_key == document_draft_key(document)


def test_the_form_says_what_is_wrong(client, qi_team):
    client.force_login(qi_team)
    document = DraftDocument.objects.create(title="Mission", body="One.")
    response = client.post(
        f"{ADMIN}/consultation/add/",
        _form(document, closes_at="2029-01-01 09:00", for_staff="", draft_key="nothing"),
    )
    page = response.content.decode()
    assert "It must close after it opens." in page
    assert "Choose at least one audience." in page
    assert not Consultation.objects.exists()


def test_staff_have_no_back_office_for_consultations(client, staff_user):
    client.force_login(staff_user)
    assert client.get(f"{ADMIN}/consultation/add/").status_code in (302, 403)


def test_a_published_consultation_cannot_be_deleted(client, qi_team):
    from qihub.consultations.tests.factories import consultation_make

    client.force_login(qi_team)
    published = consultation_make()
    response = client.post(f"{ADMIN}/consultation/delete/{published.pk}/", follow=True)
    assert "is published, so it cannot be deleted: its record is kept" in (
        response.content.decode()
    )
    assert Consultation.objects.filter(pk=published.pk).exists()
    draft = consultation_make(status=ConsultationStatus.DRAFT)
    client.post(f"{ADMIN}/consultation/delete/{draft.pk}/")
    assert not Consultation.objects.filter(pk=draft.pk).exists()
