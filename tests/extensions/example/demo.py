from collections.abc import Callable

from extensions.example.models import Sighting
from extensions.example.services import sighting_report
from qihub.core.demo import DEMO_ACCOUNTS
from qihub.core.models import Person


def example_demo_build(*, progress: Callable[[str], None]) -> str:
    progress("Sightings…")
    person = Person.objects.get(email=DEMO_ACCOUNTS.emails["member of the public"])
    if not Sighting.objects.filter(person=person).exists():
        sighting_report(person=person, place="The demo garden")
    return f"Demo sightings ready: {Sighting.objects.count()}."
