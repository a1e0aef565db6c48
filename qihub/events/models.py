"""Events and who registered for them: a place held, a place on the waiting list, a ticket.

The two invariants that matter are the database's (docs/events.md):
- an event's `places_taken` never exceeds its `capacity` (a check constraint; the services take
  a place with one conditional UPDATE, so two people can never take the last place);
- a person, or a visitor's email address (in any case), has at most one live registration for an
  event (partial unique constraints; a cancelled registration is no longer live).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone


class EventEngagementKind(models.TextChoices):
    REGISTERED = "event_registered", "Registered for an event"
    ATTENDED = "event_attended", "Attended an event"
    GAVE_FEEDBACK = "event_feedback", "Gave feedback on an event"


class EventAudience(models.TextChoices):
    STAFF = "staff", "Staff"
    PUBLIC = "public", "The public (with an account or without)"
    BOTH = "both", "Staff and the public"


class EventStatus(models.TextChoices):
    DRAFT = "draft", "Draft (only the QI team can see it)"
    PUBLISHED = "published", "Published"
    CANCELLED = "cancelled", "Cancelled"


class EventSeries(models.Model):
    """Events that belong together: a roadshow taken round the directorates, a webinar series."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Its web address.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "event series"

    def __str__(self) -> str:
        return self.title


class Event(models.Model):
    """Something people come to, in a place or online, with a number of places."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Its web address.")
    description = models.TextField(help_text="What happens at the event and who it is for.")
    audience = models.CharField(
        max_length=10, choices=EventAudience.choices, default=EventAudience.BOTH
    )
    series = models.ForeignKey(
        EventSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    aim = models.ForeignKey(
        "programme.Aim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The system-level aim this event serves, if any.",
    )
    place = models.CharField(
        max_length=300, blank=True, help_text="Where it is: the building, room and address."
    )
    online_url = models.URLField(
        "online link", blank=True, help_text="The link to join, if it is online."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(help_text="How many places there are.")
    places_taken = models.PositiveIntegerField(default=0, editable=False)
    registration_opens_at = models.DateTimeField()
    registration_closes_at = models.DateTimeField()
    accessibility = models.TextField(
        "accessibility information",
        blank=True,
        help_text="Step-free access, hearing loops, captions, quiet rooms, parking, who to ask.",
    )
    status = models.CharField(max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_starting"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__lte=F("ends_at")),
                name="event_registration_closes_by_the_end",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="event_has_places"),
            models.CheckConstraint(
                condition=Q(places_taken__lte=F("capacity")), name="event_never_over_capacity"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_url=""), name="event_has_place_or_link"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=[a.value for a in EventAudience]),
                name="event_audience_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in EventStatus]), name="event_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The event must end after it starts."
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = "Registration must close after it opens."
        elif closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = "Registration must close by the end of the event."
        if self.capacity is not None and self.capacity < max(self.places_taken, 1):
            errors["capacity"] = (
                f"{self.places_taken} places are taken already: the capacity cannot be less."
                if self.places_taken
                else "An event needs at least one place."
            )
        if not self.place and not self.online_url:
            errors["place"] = "Say where the event is, or give its online link (or both)."
        if errors:
            raise ValidationError(errors)

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.places_taken, 0)

    @property
    def is_published(self) -> bool:
        return self.status == EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def has_ended(self) -> bool:
        return timezone.now() >= self.ends_at

    @property
    def registration_is_open(self) -> bool:
        now = timezone.now()
        return (
            self.is_published
            and self.registration_opens_at <= now < self.registration_closes_at
            and now < self.ends_at
        )


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the visitor to confirm their email address"
    CONFIRMED = "confirmed", "Has a place"
    WAITING = "waiting", "On the waiting list"
    CANCELLED = "cancelled", "Cancelled"


LIVE_STATUSES = [
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
]
TICKET_CODE_LENGTH = 24


class Registration(models.Model):
    """Someone registered for an event: a person with an account, or a visitor known by the name
    and email address they gave (and confirm, before they hold a place).

    A confirmed registration holds one of the event's places (`Event.places_taken`); a waiting one
    waits in `waiting_since` order. `ticket_code` is random and unguessable, shown on the ticket
    as a QR code; check-in finds the registration by it, so a made-up code matches nothing."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations")
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True, help_text="A visitor's name.")
    email = models.EmailField(blank=True, help_text="A visitor's address, to confirm.")
    status = models.CharField(max_length=10, choices=RegistrationStatus.choices)
    ticket_code = models.CharField(max_length=TICKET_CODE_LENGTH, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When they were given a place."
    )
    waiting_since = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=Q(person__isnull=False, status__in=LIVE_STATUSES),
                name="registration_live_once_per_person",
            ),
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=Q(person__isnull=True, status__in=LIVE_STATUSES),
                name="registration_live_once_per_visitor_address",
            ),
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(name="") & Q(email=""))
                | (Q(person__isnull=True) & ~Q(name="") & ~Q(email="")),
                name="registration_person_or_visitor",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RegistrationStatus]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="registration_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="waiting") | Q(waiting_since__isnull=False),
                name="registration_waiting_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False),
                name="registration_cancelled_has_time",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checked_in_only_with_a_place",
            ),
            models.CheckConstraint(
                condition=~Q(ticket_code=""), name="registration_has_ticket_code"
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waiting_since"]),
            models.Index(fields=["person", "status"]),
        ]

    def __str__(self) -> str:
        return f"Registration {self.pk} for {self.event_id}"

    @property
    def display_name(self) -> str:
        return self.person.full_name if self.person_id and self.person else self.name

    @property
    def address(self) -> str:
        """Where their emails go."""
        if self.person_id and self.person:
            return self.person.email or (self.person.user.email if self.person.user else "")
        return self.email

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


from qihub.events.models_checkin import DoorStaff, Feedback, FeedbackInvitation  # noqa: E402, F401
