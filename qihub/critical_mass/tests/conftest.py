import datetime

import pytest

from qihub.core.tests.factories import StaffFactory, TeamFactory
from qihub.engagement.models import EngagementAim, EngagementLevel
from qihub.engagement.services import engagement_record


@pytest.fixture
def programme(leader_user):
    """The demo's ladder and aim; the leader's directorate with 6 staff, 3 of them Involved, and
    another directorate with 5 staff, 1 Involved and a team named like a formula."""
    EngagementLevel.objects.create(name="Aware", position=1, min_acts=1, months=12)
    involved = EngagementLevel.objects.create(name="Involved", position=2, min_acts=2, months=12)
    EngagementAim.objects.create(
        level=involved,
        share=20,
        starts_on=datetime.date.today() - datetime.timedelta(days=300),
        due_on=datetime.date.today() + datetime.timedelta(days=60),
    )
    led = leader_user.person.team
    others = TeamFactory.create(name='=HYPERLINK("http://evil")')
    mine = StaffFactory.create_batch(5, team=led)
    theirs = StaffFactory.create_batch(5, team=others)
    for person in [*mine[:3], theirs[0]]:
        for _ in range(2):
            engagement_record(person=person, kind="voted", subject="competition:1")
    return led.service.directorate, others.service.directorate
