import io
from typing import Any

import factory

from qihub.competitions.builders import competition_draft_build, panel_seat
from qihub.competitions.models import Competition, Criterion, Entry, PanelMember
from qihub.competitions.services import entry_submit
from qihub.core.models import Person, PersonKind, User
from qihub.core.tests.factories import (
    PersonFactory,
    StaffFactory,
    StaffLevelFactory,
    image_bytes,
)

BRIEF = "Design the programme's brand image."
RULES = "One entry per person or team."
CRITERIA = [("Clarity", "Is it clear at a glance?", 2), ("Originality", "", 1)]


class CompetitionFactory(factory.django.DjangoModelFactory[Competition]):
    class Meta:
        model = Competition

    title = factory.Sequence(lambda n: f"Design our brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")
    brief = BRIEF
    rules = RULES


class CriterionFactory(factory.django.DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class PanelMemberFactory(factory.django.DjangoModelFactory[PanelMember]):
    class Meta:
        model = PanelMember


def brand_draft(*, shortlist_size: int) -> Competition:
    """The tests' competition: a draft brand competition, with a rubric and no panel yet."""
    return competition_draft_build(
        title="Design our brand",
        slug="design-our-brand",
        brief=BRIEF,
        rules=RULES,
        shortlist_size=shortlist_size,
        criteria=CRITERIA,
    )


def mixed_panel(competition: Competition) -> dict[str, PanelMember]:
    """Seat a panel that meets the mix rule: a senior leader in the chair, staff, a patient."""
    senior = StaffLevelFactory.create(name="Senior leader", position=2, is_senior_leader=True)
    chair, staff, patient = panel_seat(
        competition=competition,
        chair=StaffFactory.create(level=senior),
        members=[StaffFactory.create(), PersonFactory.create(kind=PersonKind.PATIENT)],
    )
    return {"chair": chair, "staff": staff, "patient": patient}


def user_for(person: Person) -> User:
    """The person's sign-in account, made if they have none yet."""
    if person.user_id is None:
        person.user = User.objects.create_user(email=person.email)
        person.save(update_fields=["user"])
    assert person.user is not None
    return person.user


def upload(kind: str = "PNG", name: str = "design.png") -> tuple[io.BytesIO, str]:
    return io.BytesIO(image_bytes(kind)), name


def entry_sent(competition: Competition, person: Person, **fields: Any) -> Entry:
    """An entry sent by the person through the service, a plain image unless told otherwise."""
    values: dict[str, Any] = {
        "title": "Bold heart",
        "description": "A heart in NHS blue.",
        "images": [upload()],
        **fields,
    }
    return entry_submit(competition=competition, person=person, **values)
