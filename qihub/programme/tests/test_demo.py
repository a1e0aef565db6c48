"""The programme's demo: the mission's two versions, five stages, four aims reading as the issue
asks, and nothing added by a second run."""

import pytest

from qihub.core.tests.factories import StaffFactory
from qihub.measurement.models import DataPoint
from qihub.programme.demo import programme_demo_build
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
    assert "2 published versions" in summary
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
    assert _counts() == counts
