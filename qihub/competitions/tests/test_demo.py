"""The demo competitions: built as the issue describes them, and only once."""

import io
from unittest import mock

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from qihub.competitions.demo import competitions_demo_build
from qihub.competitions.models import (
    Ballot,
    Competition,
    Conflict,
    Entry,
    EntryImage,
    PanelMember,
    Phase,
    Result,
    Score,
    VoteCast,
)
from qihub.competitions.selectors import vote_cast_at
from qihub.competitions.services.panel import scores_visible
from qihub.core.extensions import demo_builders
from qihub.core.models import Person, PersonKind
from qihub.engagement.models import EngagementRecord


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Competition,
            Entry,
            EntryImage,
            PanelMember,
            Score,
            Conflict,
            VoteCast,
            Ballot,
            Result,
            ModelLogEntry,
            EngagementRecord,
        )
    }


@pytest.mark.django_db
def test_the_demo_builds_both_competitions_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    others = [build for build in demo_builders() if build is not competitions_demo_build]
    with mock.patch("qihub.core.demo.demo_builders", return_value=others):
        call_command("demo", verbosity=0)  # the trust and the public site alone
    assert not Competition.objects.exists()
    summary = competitions_demo_build()
    assert summary.startswith("Demo competitions ready (2 built this run)")

    brand = Competition.objects.get(slug="design-our-improvement-brand")
    assert brand.phase == Phase.VOTING
    assert brand.entries.filter(status="accepted").count() == 24
    assert brand.entries.filter(shortlisted=True).count() == 6
    assert scores_visible(competition=brand)
    kinds = set(brand.panel_members.values_list("person__kind", flat=True))
    assert {PersonKind.STAFF, PersonKind.PATIENT, PersonKind.CARER} <= kinds
    assert brand.panel_members.filter(person__level__is_senior_leader=True).exists()
    assert 550 <= VoteCast.objects.filter(elector__competition=brand).count() <= 650
    leader = Person.objects.get(email="leader@northmoor.example")
    staff = Person.objects.get(email="staff@northmoor.example")
    assert brand.panel_members.get(person=leader).is_chair
    assert brand.electors.filter(person=staff).exists()
    assert vote_cast_at(competition=brand, person=staff) is None
    images = list(EntryImage.objects.filter(entry__competition=brand))
    assert len(images) == 24
    assert len({image.image.read() for image in images}) == 24, "every design is different"

    newsletter = Competition.objects.get(slug="name-our-qi-newsletter")
    assert newsletter.phase == Phase.RESULTS
    assert (
        newsletter.result.votes == VoteCast.objects.filter(elector__competition=newsletter).count()
    )
    for competition in (brand, newsletter):
        call_command("tally", competition.slug, stdout=io.StringIO())  # raises on disagreement

    counts = _counts()
    call_command("demo", verbosity=0)  # the whole demo again, competitions included
    assert _counts() == counts
