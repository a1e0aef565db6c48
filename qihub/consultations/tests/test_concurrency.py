"""One person, many sends at once (a double click, two tabs): one participant, one set of
answers, every other send refused in words. Real threads on PostgreSQL."""

import threading

import pytest
from django.conf import settings
from django.db import connections

from qihub.consultations.errors import ConsultationError
from qihub.consultations.models import Answer, Participant
from qihub.consultations.services import Contribution, contribution_submit
from qihub.consultations.tests.factories import consultation_make

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite's shared-cache in-memory test database cannot be shared by threads",
    ),
]
THREADS = 12


def test_simultaneous_answers_from_one_person_count_once(staff_user):
    consultation = consultation_make()
    agreement = consultation.questions.get(kind="agreement")
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []

    def send() -> None:
        try:
            barrier.wait()
            contribution_submit(
                consultation=consultation,
                user=staff_user,
                contribution=Contribution(answers={agreement.pk: "4"}),
            )
            outcomes.append("taken")
        except ConsultationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("taken") == 1
    assert set(outcomes) <= {"taken", "conflict", "already_answered"}
    assert Participant.objects.count() == 1
    assert Answer.objects.count() == 1
