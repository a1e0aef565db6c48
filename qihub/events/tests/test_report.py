import csv
import datetime
import io

import pytest
import time_machine

from qihub.conftest import _account_for
from qihub.core.models import PersonKind
from qihub.core.tests.factories import PersonFactory, StaffLevelFactory, TeamFactory
from qihub.events.selectors_report import event_report
from qihub.events.services import event_register
from qihub.events.services.checkin import door_check_in, walk_in_add
from qihub.events.services.feedback import feedback_give, feedback_token
from qihub.events.tests.checkin_helpers import attendee, event_today

pytestmark = pytest.mark.django_db


def test_the_report_counts_attendance_no_shows_feedback_and_who_came(qi_team_user, staff_user):
    event = event_today(capacity=3)
    team, level = TeamFactory.create(), StaffLevelFactory.create()
    came = attendee(event, team=team, level=level)
    attendee(event)
    public = _account_for(PersonFactory.create(kind=PersonKind.CARER))
    event_register(event=event, user=public)
    event_register(event=event, user=staff_user, waiting_list=True)
    door_check_in(event=event, ticket_code=came.ticket_code, user=qi_team_user)
    walk_in_add(
        event=event, user=qi_team_user, name="Val", email="val@example.org", over_capacity=True
    )
    came.refresh_from_db()
    feedback_give(token=feedback_token(came), rating=4, went_well='=HYPERLINK("x")')
    with time_machine.travel(event.starts_at, tick=False):
        report = event_report(event=event)
    assert (report.confirmed, report.waiting, report.attended, report.no_shows) == (4, 1, 2, 2)
    assert (report.feedback_count, report.rating_average) == (1, 4)
    assert {(b.label, b.count) for b in report.by_directorate} == {
        (team.service.directorate.name, 1),
        ("Not recorded", 1),
    }
    assert [(b.label, b.count) for b in report.by_level] == [(level.name, 1)]
    assert {(b.label, b.count) for b in report.by_kind} == {
        ("Member of staff", 1),
        ("Visitor (no account)", 1),
    }


def test_no_shows_are_counted_only_once_the_event_has_started():
    event = event_today()
    attendee(event)
    assert event_report(event=event).no_shows == 0


def test_the_csv_writes_formulas_as_text(client, qi_team_user):
    event = event_today()
    walk_in_add(event=event, user=qi_team_user, name="=cmd|' /C calc'!A0", email="v@example.org")
    client.force_login(qi_team_user)
    response = client.get(f"/events/{event.slug}/report.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Name", "Email", "Status"]
    assert rows[1][0] == "'=cmd|' /C calc'!A0"


def test_the_demo_gives_feedback_at_past_events_once(qi_team_user):
    from qihub.events.demo_checkin import checkin_demo_build
    from qihub.events.models_checkin import Feedback

    event = event_today()
    registrations = [attendee(event) for _ in range(5)]
    for registration in registrations:
        door_check_in(event=event, ticket_code=registration.ticket_code, user=qi_team_user)
    with time_machine.travel(event.ends_at + datetime.timedelta(days=2)):
        assert checkin_demo_build() == "Event feedback: 3 given"
        assert checkin_demo_build() == "Event feedback: 0 given"
    assert Feedback.objects.count() == 3
