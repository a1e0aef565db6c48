"""Demo events: the programme's launch, about ten months ago, for 250 people (with a waiting
list, cancellations that promoted the next in line, check-ins and no-shows), and a roadshow of 20
more events taken round the directorates in the year since, the last few still to come.

Built through the services people and the QI team use, back-dated (`at=`) to when each act
happened, so the ledger holds registrations and attendance on the days they happened, and the
audit log what a real event leaves behind. Some directorates come far more than others, so the
engagement dashboard has some above the aim and some below. Deterministic (a fixed seed) and
idempotent: an event that exists already is left as it is.
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from qihub.core.demo import DEMO_ACCOUNTS, DEMO_EMAILS
from qihub.core.models import Directorate, Person, PersonKind, User
from qihub.events.errors import EventError
from qihub.events.models import (
    Event,
    EventAudience,
    EventSeries,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from qihub.events.services import event_register, registration_cancel, registration_check_in

SEED = 20260120
LAUNCH_SLUG = "launch-improving-together"
SERIES_SLUG = "improvement-roadshow"
LAUNCH_CAPACITY = 250
LAUNCH_ATTEMPTS = 282  # so the waiting list fills
LAUNCH_CANCELLATIONS = 14
ROADSHOWS = 20
# How keen each directorate is (by code): the share of registrations it sends, and how many of
# its registrants come. Quality and Community lead; Corporate and Primary Care lag.
KEENNESS = {
    "QUA": (3.0, 0.92),
    "COM": (2.4, 0.88),
    "ADM": (2.0, 0.85),
    "OLD": (1.3, 0.8),
    "CAM": (1.0, 0.78),
    "SPE": (0.6, 0.72),
    "PRI": (0.5, 0.65),
    "COR": (0.35, 0.6),
}
DEFAULT_KEENNESS = (1.0, 0.8)
# The people each directorate draws its registrants from: the keen come again and again.
POOL_PER_WEIGHT = 70
PLACES = [
    "Main Hall, Trust Headquarters",
    "Education Centre, Room 2",
    "Lecture Theatre, Rowan House",
]
ACCESSIBILITY = (
    "Step-free access from the car park, with a lift to every floor. A hearing loop in the hall, "
    "live captions on the screens and a quiet room next door. Tell us what else you need when "
    "you register, or call the QI team."
)


@dataclass
class _SignedInAs:
    """A person as if signed in, for building through the services without an account each
    (the demo's thousands of staff have none)."""

    person: Person
    is_authenticated: bool = True
    is_active: bool = True
    is_superuser: bool = False
    pk: None = None
    _qihub_person: Person | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._qihub_person = self.person


@dataclass
class _Cast:
    qi_team: User
    pools: dict[str, list[Person]]  # directorate code → its keen staff, in a fixed order
    weights: dict[str, float]
    public: list[Person]


def _cast(rng: random.Random) -> _Cast | None:
    qi = User.objects.filter(email=DEMO_ACCOUNTS.emails["QI team"]).first()
    if qi is None:
        return None
    people = Person.objects.exclude(email__in=DEMO_EMAILS).filter(is_active=True).order_by("pk")
    pools: dict[str, list[Person]] = {}
    weights: dict[str, float] = {}
    for directorate in Directorate.objects.order_by("code"):
        staff = list(people.filter(kind=PersonKind.STAFF, team__service__directorate=directorate))
        weight = KEENNESS.get(directorate.code, DEFAULT_KEENNESS)[0]
        rng.shuffle(staff)
        if staff:
            pools[directorate.code] = staff[: max(int(weight * POOL_PER_WEIGHT), 10)]
            weights[directorate.code] = weight
    public = list(people.exclude(kind=PersonKind.STAFF)[:60])
    return _Cast(qi_team=qi, pools=pools, weights=weights, public=public)


def _attendees(cast: _Cast, rng: random.Random, count: int, *, host: str = "") -> list[Person]:
    """`count` different people, drawn by directorate keenness (the host directorate twice as
    keen for its own roadshow)."""
    codes = list(cast.pools)
    weights = [cast.weights[code] * (2 if code == host else 1) for code in codes]
    chosen: dict[int, Person] = {}
    for _ in range(count * 20):
        if len(chosen) == count:
            break
        person = rng.choice(cast.pools[rng.choices(codes, weights)[0]])
        chosen.setdefault(person.pk, person)
    return list(chosen.values())


def _event_make(
    *, title: str, slug: str, starts_at: datetime.datetime, hours: float, **fields: object
) -> Event:
    return Event.objects.create(
        title=title,
        slug=slug,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        registration_opens_at=starts_at - datetime.timedelta(days=60),
        registration_closes_at=starts_at,
        status=EventStatus.PUBLISHED,
        accessibility=ACCESSIBILITY,
        **fields,  # type: ignore[arg-type]
    )


def _register_all(
    event: Event, people: list[Person], rng: random.Random, now: datetime.datetime
) -> None:
    """Register them in turn, at moments spread over the weeks before the event (or, for one
    still to come, over the last few days)."""
    latest = min(event.starts_at, now) - datetime.timedelta(hours=1)
    earliest = max(event.registration_opens_at, latest - datetime.timedelta(days=28))
    span = (latest - earliest).total_seconds()
    moments = sorted(earliest + datetime.timedelta(seconds=rng.uniform(0, span)) for _ in people)
    for person, at in zip(people, moments, strict=True):
        try:
            event_register(event=event, user=_SignedInAs(person), waiting_list=True, at=at)
        except EventError:  # a person the event is not for (a public event, say): skip them
            continue


def _check_in_most(event: Event, cast: _Cast, rng: random.Random) -> None:
    """Check in the confirmed, most of each directorate's, at the door in the first 40 minutes."""
    confirmed = Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).select_related("person__team__service__directorate")
    for registration in confirmed.order_by("confirmed_at", "pk"):
        person = registration.person
        team = person.team if person else None
        code = team.service.directorate.code if team else ""
        comes = KEENNESS.get(code, DEFAULT_KEENNESS)[1] if team else 0.7
        if rng.random() < comes:
            registration_check_in(
                ticket_code=registration.ticket_code,
                event=event,
                user=cast.qi_team,
                at=event.starts_at + datetime.timedelta(minutes=rng.randrange(-20, 40)),
            )


def _launch_build(cast: _Cast, rng: random.Random, now: datetime.datetime) -> Event:
    starts_at = (now - datetime.timedelta(days=300)).replace(hour=9, minute=30, second=0)
    event = _event_make(
        title="Launch: Improving together",
        slug=LAUNCH_SLUG,
        starts_at=starts_at,
        hours=6.5,
        description=(
            "The launch of our quality improvement programme: hear our mission and the aims "
            "we have set for the whole trust, meet the teams who have started, and find out how "
            "you can take part. Open to all staff, patients, carers and governors."
        ),
        audience=EventAudience.BOTH,
        place=PLACES[0],
        capacity=LAUNCH_CAPACITY,
    )
    people = _attendees(cast, rng, LAUNCH_ATTEMPTS - 24) + cast.public[:24]
    rng.shuffle(people)
    _register_all(event, people, rng, now)
    held = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).order_by("pk")
    )
    # Cancelled on the morning, after the last registration (an hour before the start).
    for registration in rng.sample(held, LAUNCH_CANCELLATIONS):
        registration_cancel(
            registration=registration,
            at=starts_at - datetime.timedelta(minutes=rng.randrange(5, 55)),
        )
    _check_in_most(event, cast, rng)
    return event


def _roadshow_build(
    cast: _Cast, rng: random.Random, now: datetime.datetime, series: EventSeries, number: int
) -> Event | None:
    slug = f"roadshow-{number:02d}"
    if Event.objects.filter(slug=slug).exists():
        return None
    codes = sorted(cast.pools)
    host = codes[(number - 1) % len(codes)]
    directorate = Directorate.objects.get(code=host)
    launch_day = (now - datetime.timedelta(days=300)).replace(hour=0, minute=0, second=0)
    day = launch_day + datetime.timedelta(days=16 + (number - 1) * 17)
    starts_at = day.replace(hour=12 + (number % 3), minute=30, microsecond=0)
    online = number % 4 == 0
    public = number % 5 == 0
    capacity = rng.choice([30, 40, 50, 60])
    event = _event_make(
        title=f"Improvement roadshow {number}: {directorate.name}"
        + (" (online)" if online else ""),
        slug=slug,
        starts_at=starts_at,
        hours=1.5,
        description=(
            f"The QI team comes to {directorate.name}: what improvement looks like here, the "
            "Model for Improvement in an hour, and your ideas for what to test first. Bring "
            "your lunch." + (" Patients and carers are welcome." if public else "")
        ),
        audience=EventAudience.BOTH if public else EventAudience.STAFF,
        series=series,
        place="" if online else rng.choice(PLACES[1:]),
        online_url="https://meet.example.org/qi-roadshow" if online else "",
        capacity=capacity,
    )
    interest = rng.uniform(0.6, 1.15) * (1.3 if cast.weights.get(host, 1) > 1.5 else 1)
    people = _attendees(cast, rng, int(capacity * interest), host=host)
    if public:
        people += rng.sample(cast.public, 6)
    _register_all(event, people, rng, now)
    if starts_at < now:
        _check_in_most(event, cast, rng)
    return event


def events_demo_build(*, progress: Callable[[str], None] | None = None) -> str:
    """Build the demo events that do not exist yet; return a one-line summary."""
    say = progress or (lambda message: None)
    rng = random.Random(SEED)  # noqa: S311 - demo data
    cast = _cast(rng)
    if cast is None or not cast.pools:
        return "Events: no demo trust or QI team account, so none built."
    say("Events…")
    now = timezone.now().replace(microsecond=0)
    built = 0
    with transaction.atomic():
        if not Event.objects.filter(slug=LAUNCH_SLUG).exists():
            _launch_build(cast, rng, now)
            built += 1
        series, _ = EventSeries.objects.get_or_create(
            slug=SERIES_SLUG,
            defaults={
                "title": "Improvement roadshow",
                "description": "The QI team visits every directorate in turn, through the year.",
            },
        )
        for number in range(1, ROADSHOWS + 1):
            if _roadshow_build(cast, rng, now, series, number) is not None:
                built += 1
    launch = Event.objects.filter(slug=LAUNCH_SLUG).first()
    came = launch.registrations.filter(checked_in_at__isnull=False).count() if launch else 0
    waiting = (
        launch.registrations.filter(status=RegistrationStatus.WAITING).count() if launch else 0
    )
    return (
        f"Events: {built} built this run; the launch had {came} people through the door, "
        f"{waiting} left on its waiting list, and {ROADSHOWS} roadshows in its series."
    )
