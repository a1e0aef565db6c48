from qihub.core.selectors import person_with_confirmed_email
from qihub.core.tests.factories import PersonFactory, StaffFactory


def test_a_confirmed_address_finds_the_staff_member_whose_work_email_it_is(db):
    person = StaffFactory.create(email="Ada.Nurse@trust.example")

    assert person_with_confirmed_email(email=" ada.nurse@TRUST.example ") == person


def test_a_confirmed_address_finds_a_member_of_the_public_by_their_account(db, public_user):
    assert person_with_confirmed_email(email="PAT@example.org") == public_user.person


def test_no_person_for_an_unknown_address_a_blank_one_or_a_leaver(db):
    StaffFactory.create(email="gone@trust.example", is_active=False)
    PersonFactory.create(email="")

    assert person_with_confirmed_email(email="stranger@example.org") is None
    assert person_with_confirmed_email(email="") is None
    assert person_with_confirmed_email(email="gone@trust.example") is None
