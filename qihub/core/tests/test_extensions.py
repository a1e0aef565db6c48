"""How core reads what apps add to a person's data download and erasure
(qihub/core/extensions.py; each app's own contributions are tested in its tests)."""

import pytest
from wagtail import hooks
from wagtail.models import ModelLogEntry

from qihub.core.extensions import PERSON_ERASE, PERSON_EXPORT, ErasureRefused
from qihub.core.models import Person
from qihub.core.services import PersonError, person_erase, person_export_data

pytestmark = pytest.mark.django_db


def _refuse(words: str):
    def erase(*, person: Person) -> None:
        raise ErasureRefused(words)

    return erase


def test_an_app_that_keeps_records_refuses_the_erasure_in_its_own_words(public_user):
    person = Person.objects.get(user=public_user)
    with (
        hooks.register_temporarily(
            [
                (PERSON_ERASE, _refuse("You lead a QI project.")),
                (PERSON_ERASE, _refuse("You run an event.")),
            ]
        ),
        pytest.raises(PersonError, match=r"^You lead a QI project\. You run an event\.$") as error,
    ):
        person_erase(person=person, actor=public_user)
    assert error.value.code == "protected_records"
    assert Person.objects.filter(pk=person.pk).exists()
    assert not ModelLogEntry.objects.filter(action="qihub.core.person.erase").exists()


def test_an_app_adds_its_sections_to_the_download_and_two_may_not_share_a_name(public_user):
    person = Person.objects.get(user=public_user)

    def export(*, person: Person) -> dict:
        return {"events": [{"event": "QI fair"}]}

    with hooks.register_temporarily(PERSON_EXPORT, export):
        document = person_export_data(person=person)
        assert document["events"] == [{"event": "QI fair"}]
        assert list(document)[-1] == "history"
        with (
            hooks.register_temporarily(PERSON_EXPORT, export),
            pytest.raises(ValueError, match="Two apps export a section called 'events'"),
        ):
            person_export_data(person=person)
