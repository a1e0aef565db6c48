import io

import factory
from PIL import Image

from qihub.core.models import (
    Directorate,
    Leadership,
    Location,
    Person,
    PersonKind,
    Service,
    StaffLevel,
    Team,
)


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Site {n}")


class DirectorateFactory(factory.django.DjangoModelFactory[Directorate]):
    class Meta:
        model = Directorate

    name = factory.Sequence(lambda n: f"Directorate {n}")
    code = factory.Sequence(lambda n: f"D{n:03d}")


class ServiceFactory(factory.django.DjangoModelFactory[Service]):
    class Meta:
        model = Service

    directorate = factory.SubFactory(DirectorateFactory)
    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    code = factory.Sequence(lambda n: f"T{n:05d}")


class StaffLevelFactory(factory.django.DjangoModelFactory[StaffLevel]):
    class Meta:
        model = StaffLevel
        django_get_or_create = ["name"]

    name = "Front-line clinical"
    position = 4


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    kind = PersonKind.PATIENT
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class StaffFactory(PersonFactory):
    kind = PersonKind.STAFF
    employee_number = factory.Sequence(lambda n: f"E{n:06d}")
    email = factory.Sequence(lambda n: f"staff{n}@trust.example")
    team = factory.SubFactory(TeamFactory)
    level = factory.SubFactory(StaffLevelFactory)
    job_title = "Staff nurse"


class LeadershipFactory(factory.django.DjangoModelFactory[Leadership]):
    class Meta:
        model = Leadership

    person = factory.SubFactory(StaffFactory)
    directorate = factory.SubFactory(DirectorateFactory)


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(buffer, format=kind, **save)
    return buffer.getvalue()
