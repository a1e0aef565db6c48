"""The emails the process needs, each sent to each person once: voting is open (to the
electorate) and closes soon (to those who have not voted); scoring is open (to the panel) and
due soon (to members who have not finished).

A notice starts when its moment comes: the phase services start the opening ones, and
`qihub advance_competitions` (`notices_due`) the reminders, 24 hours before voting closes and
before voting opens (the panel's scores are due by then). The worker sends a notice in batches,
one task a batch, each task queueing the next. Each batch first claims its people in
`NoticeSent`, whose unique constraint (notice, person) lets no one be claimed twice, and then
emails those it claimed: a task run again, or two workers at once, never send anyone a notice
twice. If the mail server fails part-way, the people not yet sent to are released, and the task
fails, for the batch to be run again.
"""

import datetime
import uuid
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qihub.competitions.models import (
    Competition,
    Elector,
    Notice,
    NoticeKind,
    NoticeSent,
    Phase,
)
from qihub.competitions.selectors import panel_progress
from qihub.competitions.tasks import notice_send
from qihub.core.audit import audit_log
from qihub.core.models import Person

NOTICE_BATCH = 500  # people a task emails
REMINDER_BEFORE = datetime.timedelta(hours=24)

AUDIT_ACTIONS = {
    "qihub.competitions.notice.start": "Start sending a competition's notice by email",
}

SUBJECTS = {
    NoticeKind.VOTING_OPEN: "Voting is open",
    NoticeKind.VOTING_REMINDER: "Voting closes soon",
    NoticeKind.SCORING_OPEN: "The panel can score the entries",
    NoticeKind.SCORING_REMINDER: "The panel's scores are due soon",
}
# Where each notice sends its reader.
PAGES = {
    NoticeKind.VOTING_OPEN: "competitions:vote",
    NoticeKind.VOTING_REMINDER: "competitions:vote",
    NoticeKind.SCORING_OPEN: "competitions:panel",
    NoticeKind.SCORING_REMINDER: "competitions:panel",
}


def notice_start(*, competition: Competition, kind: NoticeKind) -> Notice | None:
    """Start sending a notice, if it has not been started; the worker sends it once this commits.

    Returns the notice if this started it, None if it had been started already."""
    with transaction.atomic():
        notice, created = Notice.objects.get_or_create(competition=competition, kind=kind)
        if not created:
            return None
        audit_log(
            action="qihub.competitions.notice.start", instance=competition, data={"kind": kind}
        )
        transaction.on_commit(partial(notice_send.enqueue, notice.pk))
    return notice


def notices_due(*, now: datetime.datetime | None = None) -> list[str]:
    """Start the reminders whose moment has come; say which."""
    now = now or timezone.now()
    soon = now + REMINDER_BEFORE
    due = [
        (
            NoticeKind.VOTING_REMINDER,
            Competition.objects.filter(
                phase=Phase.VOTING, voting_close_at__gt=now, voting_close_at__lte=soon
            ),
        ),
        (
            NoticeKind.SCORING_REMINDER,
            Competition.objects.filter(
                phase=Phase.SHORTLISTING,
                scoring_closed=False,
                shortlist_confirmed=False,
                voting_open_at__gt=now,
                voting_open_at__lte=soon,
            ),
        ),
    ]
    started = []
    for kind, competitions in due:
        for competition in competitions.exclude(notices__kind=kind):
            if notice_start(competition=competition, kind=kind):
                started.append(f"{competition.slug}: sending “{kind.label}”")
    return started


def _current(notice: Notice) -> bool:
    """Whether what the notice says is still true: no "voting is open" once it has closed."""
    competition = notice.competition
    if notice.kind in {NoticeKind.VOTING_OPEN, NoticeKind.VOTING_REMINDER}:
        return competition.phase == Phase.VOTING
    return competition.phase == Phase.SHORTLISTING and not (
        competition.scoring_closed or competition.shortlist_confirmed
    )


def _recipients(notice: Notice) -> QuerySet[Person]:
    """Who the notice is for, now: never anyone without an email address, and no one once the
    moment has passed."""
    competition = notice.competition
    if not _current(notice):
        return Person.objects.none()
    match notice.kind:
        case NoticeKind.VOTING_OPEN | NoticeKind.VOTING_REMINDER:
            electors = Elector.objects.filter(competition=competition, person__isnull=False)
            if notice.kind == NoticeKind.VOTING_REMINDER:
                electors = electors.filter(vote_cast__isnull=True)
            people = Person.objects.filter(pk__in=electors.values("person"))
        case NoticeKind.SCORING_OPEN:
            people = Person.objects.filter(pk__in=competition.panel_members.values("person"))
        case NoticeKind.SCORING_REMINDER:
            unfinished = [
                row.member.person_id
                for row in panel_progress(competition=competition)
                if row.scored < row.due
            ]
            people = Person.objects.filter(pk__in=unfinished)
    return people.exclude(email="")


def notice_claim(*, notice: Notice, person_ids: list[int]) -> list[Person]:
    """Claim these people for a new batch of the notice; return those this batch got (anyone
    another batch claimed first is not among them)."""
    batch = uuid.uuid4()
    NoticeSent.objects.bulk_create(
        [NoticeSent(notice=notice, person_id=pk, batch=batch) for pk in person_ids],
        ignore_conflicts=True,
    )
    return list(
        Person.objects.filter(pk__in=NoticeSent.objects.filter(batch=batch).values("person"))
    )


def _message(notice: Notice, person: Person) -> EmailMessage:
    competition = notice.competition
    kind = NoticeKind(notice.kind)
    body = render_to_string(
        "competitions/email/notice.txt",
        {
            "kind": kind.value,
            "competition": competition,
            "person": person,
            "link": settings.WAGTAILADMIN_BASE_URL + reverse(PAGES[kind], args=[competition.slug]),
        },
    )
    return EmailMessage(f"{SUBJECTS[kind]}: {competition.title}", body, None, [person.email])


def notice_send_batch(*, notice_id: int) -> int:
    """Email the next batch of people the notice has not been sent to; queue the batch after it
    if there may be more. Return how many this batch emailed."""
    notice = Notice.objects.select_related("competition").filter(pk=notice_id).first()
    if notice is None:
        return 0
    waiting = list(
        _recipients(notice)
        .exclude(pk__in=notice.sent.values("person"))
        .order_by("pk")
        .values_list("pk", flat=True)[:NOTICE_BATCH]
    )
    people = notice_claim(notice=notice, person_ids=waiting)
    sent = 0
    with get_connection() as connection:
        for index, person in enumerate(people):
            try:
                sent += connection.send_messages([_message(notice, person)]) or 0
            except Exception:
                # Release whoever this batch has not reached, so that a new run sends to them.
                unsent = [p.pk for p in people[index:]]
                NoticeSent.objects.filter(notice=notice, person_id__in=unsent).delete()
                raise
    if len(waiting) == NOTICE_BATCH:
        notice_send.enqueue(notice.pk)
    return sent
