"""The back office: the QI team writes a group and its composition rule, and a meeting whose
actions' owners are reminded through the worker."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from qihub.core.permissions import QI_TEAM_GROUP
from qihub.core.tests.factories import DirectorateFactory
from qihub.groups.models import Meeting, ReferenceGroup
from qihub.groups.tests.factories import ReferenceGroupFactory

pytestmark = pytest.mark.django_db
ADMIN = "/admin/snippets/groups"


@pytest.fixture
def qi_team(qi_team_user):
    Group.objects.get(name=QI_TEAM_GROUP).permissions.add(
        *Permission.objects.filter(content_type__app_label="groups")
    )
    return qi_team_user


def _inline(prefix: str, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{k}": v for k, v in row.items()})
        data[f"{prefix}-{index}-ORDER"] = str(index + 1)
    return data


def _group_form(audience: str, rules: list[dict[str, str]]) -> dict[str, str]:
    return {
        "name": "Staff reference group",
        "slug": "staff-reference-group",
        "purpose": "Advice.",
        "audience": audience,
        "target_size": "30",
        "term_months": "24",
        "open_to_applications": "on",
        **_inline("rules", rules),
    }


def _rule(dimension: str, minimum: str = "1", **values: str) -> dict[str, str]:
    return {
        "dimension": dimension,
        "directorate": "",
        "level": "",
        "person_kind": "",
        "minimum": minimum,
        **values,
    }


def test_the_qi_team_writes_a_group_with_its_rule(client, qi_team):
    client.force_login(qi_team)
    response = client.post(
        f"{ADMIN}/referencegroup/add/",
        _group_form("staff", [_rule("directorate"), _rule("staff_level")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = ReferenceGroup.objects.get()
    assert [str(rule) for rule in group.rules.all()] == [
        "At least 1 from every directorate",
        "At least 1 from every staff level",
    ]


def test_a_rule_that_does_not_fit_the_group_is_refused_in_words(client, qi_team):
    client.force_login(qi_team)
    directorate = DirectorateFactory.create()
    response = client.post(
        f"{ADMIN}/referencegroup/add/",
        _group_form(
            "public", [_rule("person_kind", directorate=str(directorate.pk), person_kind="carer")]
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Leave this empty: the line is about Kind of person." in page
    response = client.post(
        f"{ADMIN}/referencegroup/add/", _group_form("staff", [_rule("person_kind")])
    )
    assert (
        "A staff group&#x27;s rule is by directorate or staff level." in response.content.decode()
    )
    assert not ReferenceGroup.objects.exists()


def test_staff_cannot_reach_the_back_office_of_groups(client, staff_user):
    client.force_login(staff_user)
    assert client.get(f"{ADMIN}/referencegroup/").status_code in (302, 403)


def test_a_new_meetings_action_is_queued_for_a_reminder(client, qi_team, staff_user, monkeypatch):
    from qihub.groups import wagtail_hooks

    scheduled = []
    monkeypatch.setattr(
        wagtail_hooks, "action_reminders_schedule", lambda *, meeting: scheduled.append(meeting)
    )
    group = ReferenceGroupFactory.create()
    client.force_login(qi_team)
    due = timezone.localdate() + datetime.timedelta(days=20)
    response = client.post(
        f"{ADMIN}/meeting/add/",
        {
            "group": str(group.pk),
            "held_at": "2026-01-10 14:00",
            "place": "Online",
            "agenda": "",
            "notes": "We met.",
            **_inline("decisions", []),
            **_inline(
                "actions",
                [
                    {
                        "text": "Tell the ward",
                        "owner": str(staff_user.person.pk),
                        "due_on": due.isoformat(),
                        "done_at": "",
                    }
                ],
            ),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get()
    assert scheduled == [meeting] and meeting.actions.get().owner == staff_user.person
