"""What consultations adds to the platform: search, an aim's page, "Needs your attention", a
person's data download and erasure, the QI team's permissions, its kinds of engagement and its
drafts (qihub/core/extensions.py)."""

import json

import pytest

from qihub.consultations.diff import text_diff, version_diff
from qihub.consultations.drafts import document_draft_key
from qihub.consultations.models import ConsultationStatus, Participant
from qihub.consultations.services import Contribution, contribution_submit
from qihub.consultations.tests.factories import RecordedDraft, consultation_make, draft_registered
from qihub.core import extensions
from qihub.core.models import Person
from qihub.core.services import person_erase
from qihub.engagement.models import EngagementKind

pytestmark = pytest.mark.django_db


def test_search_finds_published_consultations_only(staff_user):
    published = consultation_make(title="Our safety mission")
    consultation_make(title="Secret safety plan", status=ConsultationStatus.DRAFT)
    titles = [r.title for r in extensions.site_search_results(query="safety", user=staff_user)]
    assert titles == [published.title]


def test_an_aims_page_lists_consultations_on_it(staff_user, qi_team_user):
    from qihub.consultations.services import consultation_publish

    with draft_registered(RecordedDraft()) as draft:
        consultation = consultation_make(status=ConsultationStatus.DRAFT, draft_key=draft.key)
        assert extensions.aligned_with_aim(aim_id=1, user=staff_user) == []
        consultation_publish(consultation=consultation, user=qi_team_user)
    [item] = extensions.aligned_with_aim(aim_id=1, user=staff_user)
    assert (item.kind, item.title) == ("Consultation", consultation.title)
    assert extensions.aligned_with_aim(aim_id=3, user=staff_user) == []


def test_held_comments_need_the_qi_teams_attention(
    consultation, public_user, qi_team_user, staff_user
):
    contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Hi")
    )
    texts = [item.text for item in extensions.attention_items(user=qi_team_user)]
    assert f"1 comment to moderate in {consultation.title}." in texts
    assert not [
        t
        for t in (i.text for i in extensions.attention_items(user=staff_user))
        if "moderate in" in t
    ]


def test_data_download_and_erasure(client, consultation, public_user):
    contribution_submit(
        consultation=consultation, user=public_user, contribution=Contribution(comment="Mine")
    )
    client.force_login(public_user)
    document = json.loads(client.get("/account/data/").content)
    [response] = document["consultation_responses"]
    assert response["comments"][0]["text"] == "Mine"
    person = Person.objects.get(user=public_user)
    person_erase(person=person, actor=public_user)
    assert not Participant.objects.exists()


def test_kinds_permissions_and_documents_are_registered(consultation):
    assert {"consult_answered", "consult_commented"} <= set(
        EngagementKind.objects.values_list("code", flat=True)
    )
    assert ("consultations", "change_consultation") in extensions.qi_team_permissions()
    document_key = consultation.draft_key
    drafts = extensions.consultable_drafts()
    assert document_key in drafts and document_key.startswith("consultations.document:")
    first = next(p.text for p in drafts[document_key].parts())
    assert first == "We will make care safer every year."
    assert "Consultations" in [item.label for item in extensions.navigation_items()]


def test_the_diff_marks_what_was_added_and_removed():
    segments = text_diff("We will make care safer.", "We will make care much safer.")
    assert [(s.kind, s.text) for s in segments if s.kind != "same"] == [("added", "much ")]
    diffs = version_diff(
        [("a", "A", "Old words"), ("b", "B", "Dropped")],
        [("a", "A", "New words"), ("c", "C", "Fresh")],
    )
    assert [(d.title, d.status) for d in diffs] == [
        ("A", "changed"),
        ("C", "added"),
        ("B", "removed"),
    ]
    assert ("removed", "Old") in [(s.kind, s.text) for s in diffs[0].segments]


def test_document_keys_name_their_document(consultation):
    from qihub.consultations.models import DraftDocument

    document = DraftDocument.objects.first()
    assert (
        document is not None
        and document_draft_key(document) == f"consultations.document:{document.pk}"
    )
