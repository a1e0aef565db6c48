import datetime

import factory
from django.utils import timezone

from qihub.groups.models import (
    Action,
    CompositionRule,
    Dimension,
    GroupAudience,
    Meeting,
    Membership,
    MembershipStatus,
    ReferenceGroup,
)


class ReferenceGroupFactory(factory.django.DjangoModelFactory[ReferenceGroup]):
    class Meta:
        model = ReferenceGroup

    name = factory.Sequence(lambda n: f"Reference group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    purpose = "To advise the programme."
    audience = GroupAudience.STAFF
    target_size = 30


class PublicGroupFactory(ReferenceGroupFactory):
    audience = GroupAudience.PUBLIC
    target_size = 12


class RuleFactory(factory.django.DjangoModelFactory[CompositionRule]):
    class Meta:
        model = CompositionRule

    group = factory.SubFactory(ReferenceGroupFactory)
    dimension = Dimension.DIRECTORATE
    minimum = 1


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    """A current member since a month ago."""

    class Meta:
        model = Membership

    group = factory.SubFactory(ReferenceGroupFactory)
    status = MembershipStatus.ACTIVE
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    term_ends_on = factory.LazyAttribute(
        lambda m: m.started_on + datetime.timedelta(days=730) if m.started_on else None
    )


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    group = factory.SubFactory(ReferenceGroupFactory)
    held_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    agenda = "1. Welcome"
    notes = "We talked about the launch."
    notes_published = True


class ActionFactory(factory.django.DjangoModelFactory[Action]):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    text = "Tell the team"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
