"""Aims: published with their measure and target; drafts kept from the public; adopted from a
consultation; the summary reads every aim in one batch."""

import pytest
from django.db import IntegrityError, transaction

from qihub.core.extensions import DraftPart, consultable_drafts
from qihub.measurement.models import Measure
from qihub.programme.errors import ProgrammeError
from qihub.programme.models import Aim
from qihub.programme.selectors import aims_summary, aims_visible_to, number_in_unit
from qihub.programme.tests.factories import aim_make

pytestmark = pytest.mark.django_db
STEADY = [5.0, 5.4, 4.8, 5.1, 5.3, 4.9, 5.2, 5.0, 4.7, 5.1, 5.2, 4.9, 5.0, 5.1, 4.8]
FALLING = [6.0, 6.2, 5.9, 6.1, 6.0, 6.3, 5.8, 6.1, 6.0, 6.2, 3.1, 3.0, 3.2, 2.9, 3.1]


def test_publishing_an_aim_publishes_its_measure_with_the_aims_target(db):
    aim = aim_make(values=STEADY)
    measure = Measure.objects.get(pk=aim.measure_id)
    assert measure.published
    assert (measure.target_value, measure.target_date) == (4.0, aim.target_date)


def test_a_draft_aim_and_a_draft_change_stay_private(db, staff_user, qi_team_user):
    draft = aim_make(title="Secret aim", published=False)
    live = aim_make(title="Fewer falls")
    live.title = "A draft retitle"
    live.save_revision()
    assert list(aims_visible_to(user=staff_user)) == [live]
    assert set(aims_visible_to(user=qi_team_user)) == {draft, live}
    assert Aim.objects.get(pk=live.pk).title == "Fewer falls"
    assert not Measure.objects.get(pk=draft.measure_id).published


def test_each_aim_has_its_own_measure(db):
    aim = aim_make()
    other = aim_make(title="Other aim", published=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Aim.objects.filter(pk=other.pk).update(measure=aim.measure)


def test_the_summary_reads_each_aims_variation_and_assurance(db, django_assert_max_num_queries):
    aims = [aim_make(title="Steady", values=STEADY), aim_make(title="Falling", values=FALLING)]
    aims.append(aim_make(title="No data yet"))
    aims = list(Aim.objects.select_related("measure").order_by("pk"))
    with django_assert_max_num_queries(2):
        rows = aims_summary(aims)
    steady, falling, empty = rows
    assert steady.variation is not None and steady.variation.value == "common_cause"
    assert falling.variation is not None and falling.variation.value == "improvement_low"
    assert empty.variation is None and empty.note == "No data yet."
    assert steady.latest == "4.8 days" and steady.target == "4 days"


def test_numbers_are_shown_in_their_unit():
    assert number_in_unit(0.8123, data_type="proportion", unit="patients") == "81.2%"
    assert number_in_unit(12.0, data_type="count", unit="ulcers") == "12 ulcers"
    assert number_in_unit(None, data_type="count", unit="") == "–"


def test_the_set_of_aims_is_consultable_and_adopted_in_one_transaction(db, qi_team_user):
    first = aim_make(title="Fewer falls", published=False)
    second = aim_make(title="Shorter waits")
    second.description = "Drafted: waits under four weeks."
    second.save_revision()
    draft = consultable_drafts()["programme.aims"]
    parts = {part.key: part for part in draft.parts()}
    assert parts[f"aim:{second.pk}"].text == "Drafted: waits under four weeks."
    adopted = [
        DraftPart(key=f"aim:{first.pk}", title="Fewer falls with harm", text="Adopted one."),
        DraftPart(key=f"aim:{second.pk}", title="Shorter waits", text=""),
    ]
    with pytest.raises(ProgrammeError) as refused:
        draft.adopt(parts=adopted, actor=qi_team_user)
    assert refused.value.code == "invalid_aim"
    assert not Aim.objects.get(pk=first.pk).live
    adopted[1] = DraftPart(key=f"aim:{second.pk}", title="Shorter waits", text="Adopted two.")
    draft.adopt(parts=adopted, actor=qi_team_user)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.live and first.title == "Fewer falls with harm"
    assert second.description == "Adopted two."
    assert Measure.objects.get(pk=first.measure_id).published
