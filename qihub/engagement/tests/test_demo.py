"""The demo's ladder, aim and top-up of the ledger."""

import pytest
from django.utils import timezone

from qihub.core.tests.factories import DirectorateFactory, ServiceFactory, StaffFactory, TeamFactory
from qihub.engagement.demo import engagement_demo_build
from qihub.engagement.models import EngagementAim, EngagementLevel, EngagementRecord
from qihub.engagement.selectors import engagement_breakdown
from qihub.engagement.tallies import engagement_tallies_refresh, month_of

pytestmark = pytest.mark.django_db


def test_the_demo_leaves_some_directorates_above_the_aim_and_some_below():
    for code in ("QUA", "COR"):
        team = TeamFactory.create(
            service=ServiceFactory.create(directorate=DirectorateFactory.create(code=code))
        )
        StaffFactory.create_batch(150, team=team)
    engagement_demo_build()
    aim = EngagementAim.objects.get()
    assert list(EngagementLevel.objects.values_list("name", flat=True)) == [
        "Aware",
        "Involved",
        "Active",
        "Leading",
    ]
    engagement_tallies_refresh()
    shares = [
        row.share_at_or_above(aim.level.position) or 0.0
        for row in engagement_breakdown(month=month_of(timezone.localdate()), by="directorate")
    ]
    # Quality and Nursing (a third of its staff take part) above, Corporate Services below.
    assert max(shares) > aim.share > min(shares)
    records = EngagementRecord.objects.count()
    assert "already built" in engagement_demo_build()
    assert EngagementRecord.objects.count() == records
