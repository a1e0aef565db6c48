"""The invariants the database keeps, whatever a service or a race does."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from qihub.core.tests.factories import DirectorateFactory, StaffFactory, StaffLevelFactory
from qihub.groups.models import Dimension, MembershipStatus
from qihub.groups.tests.factories import MembershipFactory, ReferenceGroupFactory, RuleFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 1)


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory.create(**fields)


def test_a_person_has_one_open_application_invitation_or_term_per_group():
    first = MembershipFactory.create(person=StaffFactory.create())
    for status in (MembershipStatus.APPLIED, MembershipStatus.INVITED, MembershipStatus.ACTIVE):
        _refused(group=first.group, person=first.person, status=status)
    # Ended and declined ones are history, as many as there were.
    for _ in range(2):
        MembershipFactory.create(
            group=first.group,
            person=first.person,
            status=MembershipStatus.ENDED,
            started_on=TODAY,
            ended_on=TODAY,
        )
    MembershipFactory.create(
        group=first.group, person=first.person, status=MembershipStatus.DECLINED, started_on=None
    )


def test_a_term_has_dates_in_order():
    person = StaffFactory.create()
    _refused(person=person, started_on=None)
    _refused(person=person, started_on=TODAY, term_ends_on=TODAY)
    _refused(person=person, status=MembershipStatus.ENDED, started_on=TODAY, ended_on=None)
    _refused(
        person=person,
        status=MembershipStatus.ENDED,
        started_on=TODAY,
        ended_on=TODAY - datetime.timedelta(days=1),
    )
    _refused(person=person, ended_on=TODAY)  # only an ended term has an end date
    _refused(person=person, status="lapsed")


def test_a_rule_line_names_a_value_of_its_own_dimension_once():
    group = ReferenceGroupFactory.create()
    directorate = DirectorateFactory.create()
    level = StaffLevelFactory.create()
    for fields in (
        {"dimension": Dimension.DIRECTORATE, "level": level},
        {"dimension": Dimension.STAFF_LEVEL, "directorate": directorate},
        {"dimension": Dimension.PERSON_KIND, "directorate": directorate},
        {"dimension": Dimension.PERSON_KIND, "person_kind": "alien"},
        {"dimension": "postcode"},
        {"dimension": Dimension.DIRECTORATE, "minimum": 0},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            RuleFactory.create(group=group, **fields)
    RuleFactory.create(group=group, dimension=Dimension.DIRECTORATE)
    RuleFactory.create(group=group, dimension=Dimension.DIRECTORATE, directorate=directorate)
    for again in (None, directorate):
        with pytest.raises(IntegrityError), transaction.atomic():
            RuleFactory.create(group=group, dimension=Dimension.DIRECTORATE, directorate=again)
