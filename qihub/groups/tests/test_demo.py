"""The demo groups: as the issue describes them, deterministic, and built only once."""

import pytest
from django.utils import timezone

from qihub.core.demo import demo_build
from qihub.engagement.models import EngagementRecord
from qihub.groups.demo import MISSING_DIRECTORATE, MISSING_LEVEL, groups_demo_build
from qihub.groups.models import Action, Meeting, MembershipStatus, ReferenceGroup
from qihub.groups.selectors import actions_overdue, grid_for


@pytest.mark.django_db(transaction=False)
def test_the_demo_builds_two_groups_with_a_year_of_meetings_once(monkeypatch):
    import qihub.core.demo as core_demo

    monkeypatch.setattr(core_demo, "STAFF_COUNT", 600)
    monkeypatch.setattr(core_demo, "demo_builders", lambda: [])
    demo_build()
    summary = groups_demo_build()
    assert summary.startswith("Reference groups ready: 2 groups")

    staff = ReferenceGroup.objects.get(slug="staff-reference-group")
    grid = grid_for(group=staff)
    assert 28 <= grid.members <= 30
    gaps = {line.key.split(":")[0]: line.label for line in grid.gaps}
    assert gaps == {"directorate": "Primary Care", "staff_level": MISSING_LEVEL}
    assert MISSING_DIRECTORATE == "PRI"
    primary_care = next(line for line in grid.gaps if line.label == "Primary Care")
    assert len(primary_care.candidates) == 5  # capped
    assert staff.memberships.filter(status=MembershipStatus.ENDED).count() == 1

    public = ReferenceGroup.objects.get(slug="patients-carers-and-governors")
    public_grid = grid_for(group=public)
    assert public_grid.members == 12
    assert [line.label for line in public_grid.gaps] == ["Governor"]
    assert public.memberships.filter(status=MembershipStatus.INVITED).count() == 1

    meetings = Meeting.objects.filter(notes_published=True)
    assert meetings.count() >= 8
    oldest = meetings.order_by("held_at").first()
    assert oldest is not None and (timezone.now() - oldest.held_at).days <= 365
    assert Action.objects.filter(done_at__isnull=False).exists()
    assert actions_overdue().exists()
    assert EngagementRecord.objects.filter(kind_id="group_attended").count() > 50

    records = EngagementRecord.objects.count()
    groups_demo_build()
    assert EngagementRecord.objects.count() == records
    assert (
        Meeting.objects.count()
        == meetings.count() + Meeting.objects.filter(notes_published=False).count()
    )
