import io

import factory
from PIL import Image

from qihub.competitions.models import Competition, Criterion, PanelMember


class CompetitionFactory(factory.django.DjangoModelFactory[Competition]):
    class Meta:
        model = Competition

    title = factory.Sequence(lambda n: f"Design our brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")
    brief = "Design the programme's brand image."
    rules = "One entry per person or team."


class CriterionFactory(factory.django.DjangoModelFactory[Criterion]):
    class Meta:
        model = Criterion

    competition = factory.SubFactory(CompetitionFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class PanelMemberFactory(factory.django.DjangoModelFactory[PanelMember]):
    class Meta:
        model = PanelMember


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 94, 184)).save(buffer, format=kind, **save)
    return buffer.getvalue()


def upload(kind: str = "PNG", name: str = "design.png") -> tuple[io.BytesIO, str]:
    return io.BytesIO(image_bytes(kind)), name
