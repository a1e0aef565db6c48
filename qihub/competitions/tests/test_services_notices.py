"""The process's emails: voting and scoring open and due, sent by the worker in batches, each
person once, whatever runs again."""

import datetime
import math
from collections import Counter
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from qihub.competitions.builders import EntryPlan, Stage, competition_build
from qihub.competitions.models import Elector, Notice, NoticeKind, NoticeSent
from qihub.competitions.services import (
    competition_advance_due,
    competition_close_voting,
    score_submit,
    vote_cast,
)
from qihub.competitions.services import notices as notices_module
from qihub.competitions.services.notices import notice_claim, notice_send_batch, notice_start
from qihub.competitions.tests.conftest import score_all
from qihub.competitions.tests.factories import user_for
from qihub.core.models import Person
from qihub.core.tests.factories import StaffFactory
from qihub.core.tests.worker import run_worker

CLOSES = datetime.datetime(2026, 3, 10, 17, 0, tzinfo=datetime.UTC)
OPENS = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC)


def _about(subject_start: str) -> list[str]:
    """Who was emailed with a subject starting so, one address per email."""
    return [m.to[0] for m in mail.outbox if m.subject.startswith(subject_start)]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(notices_module, "NOTICE_BATCH", 3)
    return 3


def _open_voting(shortlisting, panel, capture):
    score_all(shortlisting)
    with capture(execute=True):
        competition_build(
            competition=shortlisting,
            stage=Stage.VOTING,
            confirmed_by=user_for(panel["chair"].person),
        )


def test_every_elector_is_told_once_when_voting_opens_in_batches_by_the_worker(
    shortlisting, panel, small_batches, django_capture_on_commit_callbacks
):
    StaffFactory.create_batch(7)
    StaffFactory.create(email="")  # on the electorate, but no address to write to
    _open_voting(shortlisting, panel, django_capture_on_commit_callbacks)
    assert _about("Voting is open") == []  # the worker sends them, not the request
    run_worker()
    electors = Elector.objects.filter(competition=shortlisting).exclude(person__email="")
    expected = sorted(electors.values_list("person__email", flat=True))
    told = _about("Voting is open")
    assert sorted(told) == expected
    assert max(Counter(told).values()) == 1
    # One task a batch (and one that finds no one left, after a full last batch).
    tasks = DBTaskResult.objects.filter(task_path__endswith="notice_send").count()
    full = len(expected) % small_batches == 0
    assert tasks == math.ceil(len(expected) / small_batches) + full
    body = next(m.body for m in mail.outbox if m.subject.startswith("Voting is open"))
    assert f"/competitions/{shortlisting.slug}/vote/" in body
    logged = ModelLogEntry.objects.filter(action="qihub.competitions.notice.start")
    assert {"kind": "voting_open"} in [log.data for log in logged]
    # Run again, or started again: no one is told twice.
    mail.outbox.clear()
    notice = Notice.objects.get(competition=shortlisting, kind=NoticeKind.VOTING_OPEN)
    assert notice_send_batch(notice_id=notice.pk) == 0
    assert notice_start(competition=shortlisting, kind=NoticeKind.VOTING_OPEN) is None
    run_worker()
    assert mail.outbox == []


def test_a_second_worker_cannot_claim_anyone_already_claimed(voting):
    notice = Notice.objects.get(competition=voting, kind=NoticeKind.VOTING_OPEN)
    people = list(Elector.objects.filter(competition=voting).values_list("person", flat=True)[:4])
    first = notice_claim(notice=notice, person_ids=people[:3])
    second = notice_claim(notice=notice, person_ids=people)  # overlapping, as if at once
    assert {p.pk for p in first} == set(people[:3])
    assert [p.pk for p in second] == [people[3]]
    assert NoticeSent.objects.filter(notice=notice).count() == 4


def test_those_not_yet_reached_are_released_if_the_mail_server_fails(
    shortlisting, panel, django_capture_on_commit_callbacks
):
    StaffFactory.create_batch(4)
    _open_voting(shortlisting, panel, django_capture_on_commit_callbacks)
    notice = Notice.objects.get(competition=shortlisting, kind=NoticeKind.VOTING_OPEN)
    sent: list[EmailMessage] = []

    def flaky(self, messages):
        if len(sent) == 2:
            raise ConnectionError("the mail server went away")
        sent.extend(messages)
        return len(messages)

    with (
        mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages", flaky),
        pytest.raises(ConnectionError),
    ):
        notice_send_batch(notice_id=notice.pk)
    assert NoticeSent.objects.filter(notice=notice).count() == 2
    mail.outbox.clear()
    notice_send_batch(notice_id=notice.pk)
    electors = Elector.objects.filter(competition=shortlisting).count()
    again = _about("Voting is open")
    assert len(again) == electors - 2
    assert not {m.to[0] for m in sent} & set(again)


def test_a_reminder_goes_a_day_before_voting_closes_to_those_who_have_not_voted(
    shortlisting, panel, django_capture_on_commit_callbacks
):
    shortlisting.voting_close_at = CLOSES
    shortlisting.save(update_fields=["voting_close_at"])
    StaffFactory.create_batch(3)
    with time_machine.travel(CLOSES - datetime.timedelta(days=5), tick=False):
        _open_voting(shortlisting, panel, django_capture_on_commit_callbacks)
        electors = list(Elector.objects.filter(competition=shortlisting).select_related("person"))
        voter = electors[0].voter
        vote_cast(competition=shortlisting, person=voter, entry=shortlisting.entries.get(number=1))
    with django_capture_on_commit_callbacks(execute=True):
        early = competition_advance_due(now=CLOSES - datetime.timedelta(hours=25))
        due = competition_advance_due(now=CLOSES - datetime.timedelta(hours=23))
        again = competition_advance_due(now=CLOSES - datetime.timedelta(hours=22))
    assert not [line for line in early if "sending" in line]
    assert f"{shortlisting.slug}: sending “Voting closes soon”" in due
    assert not [line for line in again if "sending" in line]
    run_worker()
    reminded = _about("Voting closes soon")
    assert sorted(reminded) == sorted(e.voter.email for e in electors if e.voter != voter)
    assert voter.email not in reminded


def test_the_panel_is_told_when_scoring_opens_and_reminded_before_voting_opens(
    open_competition, panel, entrants, django_capture_on_commit_callbacks
):
    open_competition.voting_open_at = OPENS
    open_competition.save(update_fields=["voting_open_at"])
    plans = [EntryPlan(person=person, title=f"Design {n}") for n, person in enumerate(entrants)]
    with django_capture_on_commit_callbacks(execute=True):
        competition_build(competition=open_competition, stage=Stage.SHORTLISTING, entries=plans)
    run_worker()
    members = {seat.person.email for seat in panel.values()}
    assert sorted(_about("The panel can score the entries")) == sorted(members)
    body = next(m.body for m in mail.outbox if m.subject.startswith("The panel can score"))
    assert f"/competitions/{open_competition.slug}/panel/" in body
    # The chair finishes; the others are reminded a day before voting is due to open.
    criteria = list(open_competition.criteria.all())
    for entry in open_competition.entries.all():
        score_submit(member=panel["chair"], entry=entry, values={c.pk: 3 for c in criteria})
    with django_capture_on_commit_callbacks(execute=True):
        competition_advance_due(now=OPENS - datetime.timedelta(hours=2))
    run_worker()
    reminded = _about("The panel's scores are due soon")
    assert sorted(reminded) == sorted(members - {panel["chair"].person.email})


def test_no_reminder_once_scoring_is_over_or_voting_has_opened(voting):
    voting.voting_close_at = None
    voting.save(update_fields=["voting_close_at"])
    assert competition_advance_due(now=datetime.datetime.now(tz=datetime.UTC)) == []
    assert not Notice.objects.filter(kind=NoticeKind.SCORING_REMINDER).exists()


def test_an_elector_who_erased_their_account_is_not_written_to(voting):
    notice = Notice.objects.get(competition=voting, kind=NoticeKind.VOTING_OPEN)
    gone = Elector.objects.filter(competition=voting).first()
    assert gone is not None
    Elector.objects.filter(pk=gone.pk).update(person=None)
    notice_send_batch(notice_id=notice.pk)
    emails = set(Person.objects.filter(pk=gone.voter.pk).values_list("email", flat=True))
    assert not emails & set(_about("Voting is open"))


def test_a_notice_not_yet_sent_when_its_moment_passes_is_not_sent(voting):
    competition_close_voting(competition=voting)
    notice = Notice.objects.get(competition=voting, kind=NoticeKind.VOTING_OPEN)
    assert notice_send_batch(notice_id=notice.pk) == 0
    assert _about("Voting is open") == []
