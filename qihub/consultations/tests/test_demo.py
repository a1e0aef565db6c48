"""The demo consultations: as the issue describes them, deterministic, and built only once."""

import pytest

from qihub.consultations import drafts
from qihub.consultations.demo import consultations_demo_build
from qihub.consultations.models import Comment, CommentStatus, Consultation, ConsultationStatus
from qihub.consultations.selectors import analysis_for
from qihub.consultations.tests.factories import RecordedDraft
from qihub.core.demo import demo_build
from qihub.core.models import Directorate


@pytest.mark.django_db(transaction=False)
def test_the_demo_builds_a_closed_and_an_open_consultation_once(monkeypatch):
    import qihub.core.demo as core_demo

    monkeypatch.setattr(core_demo, "STAFF_COUNT", 600)
    monkeypatch.setattr(core_demo, "demo_builders", lambda: [])
    demo_build()
    # A recorded mission draft stands in for the programme's drafts, so this reads only this app.
    mission_draft = RecordedDraft("programme.mission")
    offered = drafts.consultable_drafts
    monkeypatch.setattr(
        drafts,
        "consultable_drafts",
        lambda: {
            **{key: d for key, d in offered().items() if not key.startswith("programme.")},
            mission_draft.key: mission_draft.as_draft(),
        },
    )
    summary = consultations_demo_build()
    [adopted] = mission_draft.adopted
    assert adopted[0].text.endswith("show our progress in our aims.")
    assert "closed, with 400 comments" in summary
    mission = Consultation.objects.get(slug="our-mission")
    assert mission.status == ConsultationStatus.RESPONDED and mission.has_closed
    assert mission.adopted_parts.count() == mission.parts.count()
    comments = Comment.objects.filter(consultation=mission)
    assert comments.count() == 400
    # Written while it was open: it closed after the last comment, and was answered after.
    assert not comments.filter(created_at__lt=mission.opens_at).exists()
    assert not comments.filter(created_at__gt=mission.closes_at).exists()
    assert mission.response_published_at >= mission.closes_at
    assert not comments.filter(themes__isnull=True).exists()
    assert not comments.filter(status=CommentStatus.HELD).exists()
    heard = {row.name for row in analysis_for(consultation=mission).by_directorate if row.responses}
    assert heard == set(Directorate.objects.values_list("name", flat=True))
    assert mission.draft_key == "programme.mission"
    aims = Consultation.objects.get(slug="next-years-aims")
    assert aims.draft_key.startswith("consultations.document:")  # no programme.aims here
    assert aims.is_open and aims.comments.filter(status=CommentStatus.HELD).exists()
    before = Comment.objects.count()
    assert consultations_demo_build() == "Consultations: already built."
    assert Comment.objects.count() == before
