"""Everything the example app adds to the platform, each through one hook."""

from collections.abc import Iterable
from typing import Any

from wagtail import hooks

from extensions.example.demo import example_demo_build
from extensions.example.models import ExampleEngagementKind, Sighting
from qihub.core import extensions
from qihub.core.models import Person

hooks.register(extensions.DEMO_BUILD, example_demo_build, order=900)


@hooks.register(extensions.PERSON_EXPORT)
def example_person_export(*, person: Person) -> dict[str, Any]:
    sightings = Sighting.objects.filter(person=person).order_by("pk")
    return {"example_sightings": [{"place": sighting.place} for sighting in sightings]}


@hooks.register(extensions.PERSON_ERASE)
def example_person_erase(*, person: Person) -> None:
    sightings = Sighting.objects.filter(person=person)
    if sightings.filter(confirmed=True).exists():
        raise extensions.ErasureRefused("Your confirmed sightings are kept for the record.")
    sightings.delete()


@hooks.register(extensions.QI_TEAM_PERMISSIONS)
def example_qi_team_permissions() -> Iterable[tuple[str, str]]:
    return [("example", "change_sighting")]


@hooks.register(extensions.NAVIGATION_ITEM, order=500)
def example_navigation() -> extensions.NavigationItem:
    return extensions.NavigationItem(label="Sightings", url_name="example:index")


@hooks.register(extensions.ENGAGEMENT_KINDS)
def example_engagement_kinds() -> Iterable[tuple[str, str]]:
    return ExampleEngagementKind.choices
