import pytest

from qihub.core.extensions import person_erasure_refusals, person_exports
from qihub.events.models import Registration, RegistrationStatus
from qihub.events.services import event_register
from qihub.events.tests.factories import event_make

pytestmark = pytest.mark.django_db


def test_a_persons_registrations_are_in_their_download(public_user):
    event = event_make(title="Patients' evening")
    event_register(event=event, user=public_user)
    (row,) = person_exports(person=public_user.person)["event_registrations"]
    assert row["event"] == "Patients' evening" and row["status"] == RegistrationStatus.CONFIRMED


def test_erasure_gives_their_place_to_the_next_waiting(public_user, staff_user):
    event = event_make(capacity=1)
    event_register(event=event, user=public_user)
    waiting = event_register(event=event, user=staff_user, waiting_list=True)
    assert person_erasure_refusals(person=public_user.person) == []
    waiting.refresh_from_db()
    event.refresh_from_db()
    assert not Registration.objects.filter(person=public_user.person).exists()
    assert waiting.status == RegistrationStatus.CONFIRMED and event.places_taken == 1
