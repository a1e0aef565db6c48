"""The programme's demo: the mission's two versions (the second adopted after the demo's
consultation on it, or published by the programme itself where none adopts it), five stages,
four aims reading as the issue asks, and nothing added by a second run."""

import pytest
from django.contrib.auth.models import AnonymousUser

from qihub.core.tests.factories import StaffFactory
from qihub.measurement.models import DataPoint
from qihub.programme.demo import programme_demo_build, programme_demo_finish
from qihub.programme.models import Aim, Stage, StatementVersion
from qihub.programme.selectors import aims_summary

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (Aim, Stage, StatementVersion, DataPoint)
    }


def test_the_demo_builds_the_programme_once(db):
    StaffFactory.create()
    summary = programme_demo_build(progress=lambda message: None)
    assert "the mission in 1 published version and a draft" in summary
    # No consultation adopted the draft here: the programme publishes it, once.
    assert "2 published versions" in programme_demo_finish(progress=lambda message: None)
    programme_demo_finish(progress=lambda message: None)
    counts = _counts()
    assert counts == {"Aim": 4, "Stage": 5, "StatementVersion": 3, "DataPoint": 4 * 36}
    assert Stage.objects.get(is_current=True).name == "Building will"
    dates = list(
        StatementVersion.objects.filter(statement__kind="mission").values_list(
            "published_at__year", flat=True
        )
    )
    assert dates == [2026, 2025]
    rows = aims_summary(list(Aim.objects.filter(live=True).select_related("measure")))
    readings = {row.aim.slug: (row.variation, row.assurance) for row in rows}
    variation = {slug: icons[0].value for slug, icons in readings.items() if icons[0]}
    assurance = {slug: icons[1].value for slug, icons in readings.items() if icons[1]}
    assert variation["reduce-harm-from-falls"] == "improvement_low"
    assert variation["right-care-right-place"] == "common_cause"
    assert assurance["shorter-waits-for-therapy"] == "fail"
    programme_demo_build(progress=lambda message: None)
    programme_demo_finish(progress=lambda message: None)
    assert _counts() == counts


@pytest.mark.django_db(transaction=False)
def test_with_the_consultations_demo_the_adopted_mission_is_the_second_version(monkeypatch):
    import qihub.consultations.demo as consultations_demo
    import qihub.core.demo as core_demo
    from qihub.consultations.demo import consultations_demo_build
    from qihub.consultations.selectors import consultation_for

    monkeypatch.setattr(core_demo, "STAFF_COUNT", 60)
    monkeypatch.setattr(core_demo, "demo_builders", lambda: [])
    monkeypatch.setattr(consultations_demo, "STAFF_COMMENTS", 30)
    monkeypatch.setattr(consultations_demo, "PUBLIC_COMMENTS", 10)
    core_demo.demo_build()
    programme_demo_build(progress=lambda message: None)
    consultations_demo_build()
    assert "2 published versions" in programme_demo_finish(progress=lambda message: None)
    versions = list(StatementVersion.objects.filter(statement__kind="mission"))
    assert len(versions) == 2
    consultation = consultation_for(user=AnonymousUser(), slug="our-mission")
    assert consultation is not None
    # Comments on a paragraph each, dated while the consultation was open.
    assert {part.key for part in consultation.parts.all()} == {"mission:1", "mission:2", "vision:1"}
    written = [comment.created_at for comment in consultation.comments.all()]
    assert written and consultation.opens_at <= min(written)
    responded = consultation.response_published_at
    assert responded is not None and max(written) <= consultation.closes_at <= responded
    adopted = [p.text for p in consultation.adopted_parts.all() if p.key.startswith("mission:")]
    assert versions[0].paragraphs == adopted
    assert versions[0].published_at >= consultation.closes_at
