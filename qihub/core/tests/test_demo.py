import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from wagtail.models import Revision

from qihub.core.demo import DEMO_ACCOUNTS
from qihub.core.models import Directorate, Person, PersonKind, StaffLevel, Team, User
from qihub.core.permissions import Role, roles_for


@pytest.mark.django_db
def test_demo_builds_the_trust_once_and_a_second_run_duplicates_nothing():
    call_command("demo", verbosity=0)
    counts = (
        Person.objects.count(),
        Team.objects.count(),
        User.objects.count(),
        Revision.objects.count(),
    )
    staff = Person.objects.filter(kind=PersonKind.STAFF, is_active=True)
    assert 5_000 <= staff.count() <= 6_000
    assert Directorate.objects.count() == 8
    assert 280 <= Team.objects.count() <= 320
    for level in StaffLevel.objects.all():
        assert staff.filter(level=level).exists(), level
    for kind in (PersonKind.PATIENT, PersonKind.CARER, PersonKind.GOVERNOR):
        assert Person.objects.filter(kind=kind).exists()
    call_command("demo", verbosity=0)
    assert (
        Person.objects.count(),
        Team.objects.count(),
        User.objects.count(),
        Revision.objects.count(),
    ) == counts


@pytest.mark.django_db
def test_demo_accounts_hold_one_role_each():
    call_command("demo", verbosity=0)
    expected = {
        "QI team": Role.QI_TEAM,
        "leader": Role.LEADER,
        "staff": Role.STAFF,
        "member of the public": Role.PUBLIC,
    }
    for label, email in DEMO_ACCOUNTS.emails.items():
        user = User.objects.get(email=email)
        assert user.check_password(DEMO_ACCOUNTS.password)
        assert expected[label] in roles_for(user), label


@pytest.mark.django_db
@override_settings(DEMO_MODE=False)
def test_demo_accounts_are_never_created_outside_demo_mode():
    with pytest.raises(CommandError, match="Demo mode is off"):
        call_command("demo", verbosity=0)
    assert not User.objects.exists()
