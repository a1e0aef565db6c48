"""The ledger in a person's data download and erasure (its hooks, qihub/core/extensions.py)."""

import json

import pytest

from qihub.core.models import Person
from qihub.engagement.models import EngagementRecord
from qihub.engagement.services import engagement_record

pytestmark = pytest.mark.django_db


def test_public_member_downloads_their_engagement_records(client, public_user, register_kind):
    register_kind("subscribed", "Subscribed")
    person = Person.objects.get(user=public_user)
    engagement_record(
        person=person, kind="subscribed", subject="newsletter:1", subject_label="News"
    )
    client.force_login(public_user)
    document = json.loads(client.get("/account/data/").content)
    assert document["engagement"] == [
        {"kind": "subscribed", "subject": "News", "date": document["engagement"][0]["date"]}
    ]


def test_erasure_removes_their_engagement_records(client, public_user, register_kind):
    register_kind("commented", "Commented")
    person = Person.objects.get(user=public_user)
    engagement_record(person=person, kind="commented", subject="consultation:1")
    client.force_login(public_user)
    response = client.post("/account/erase/", {"confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not EngagementRecord.objects.exists()
