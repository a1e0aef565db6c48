"""Standing reference groups: their composition rule, membership terms, meetings, decisions and
actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from qihub.core.models import PersonKind


class GroupEngagementKind(models.TextChoices):
    JOINED = "group_joined", "Joined a reference group"
    ATTENDED = "group_attended", "Attended a reference group meeting"


class GroupAudience(models.TextChoices):
    STAFF = "staff", "Staff"
    PUBLIC = "public", "Patients, carers, governors and the public"


class ReferenceGroup(ClusterableModel):
    """A standing group drawn from the staff or from the public, with a rule for who it needs."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True, help_text="Its web address.")
    purpose = models.TextField(help_text="What the group is for, in plain words (public).")
    audience = models.CharField(
        max_length=10,
        choices=GroupAudience.choices,
        help_text="Who can join: staff, or members of the public with an account.",
    )
    target_size = models.PositiveSmallIntegerField(help_text="How many members it aims to have.")
    term_months = models.PositiveSmallIntegerField(
        default=24, help_text="How long a member's term runs, in months."
    )
    open_to_applications = models.BooleanField(
        default=True, help_text="People in its audience can apply to join."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "reference group"
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=[a.value for a in GroupAudience]),
                name="groups_group_audience_valid",
            ),
            models.CheckConstraint(condition=Q(target_size__gte=1), name="groups_group_target"),
            models.CheckConstraint(condition=Q(term_months__gte=1), name="groups_group_term"),
            models.CheckConstraint(condition=~Q(slug=""), name="groups_group_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.audience == GroupAudience.PUBLIC


class Dimension(models.TextChoices):
    DIRECTORATE = "directorate", "Directorate"
    STAFF_LEVEL = "staff_level", "Staff level"
    PERSON_KIND = "person_kind", "Kind of person"


class CompositionRule(Orderable):
    """One line of a group's composition rule: at least `minimum` current members from one value
    of a dimension, or, with no value chosen, from every value of it ("at least one member from
    every directorate")."""

    group = ParentalKey(ReferenceGroup, on_delete=models.CASCADE, related_name="rules")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    directorate = models.ForeignKey(
        "core.Directorate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="For a directorate rule; leave empty for every directorate.",
    )
    level = models.ForeignKey(
        "core.StaffLevel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="staff level",
        help_text="For a staff level rule; leave empty for every level.",
    )
    person_kind = models.CharField(
        max_length=20,
        choices=PersonKind.choices,
        blank=True,
        help_text="For a kind of person rule; leave empty for every kind of member of the public.",
    )
    minimum = models.PositiveSmallIntegerField(default=1)

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(dimension__in=[d.value for d in Dimension]),
                name="groups_rule_dimension_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(dimension="directorate", level__isnull=True, person_kind="")
                    | Q(dimension="staff_level", directorate__isnull=True, person_kind="")
                    | Q(dimension="person_kind", directorate__isnull=True, level__isnull=True)
                ),
                name="groups_rule_value_matches_dimension",
                violation_error_message="Choose only a value of the line's own dimension.",
            ),
            models.CheckConstraint(
                condition=Q(person_kind="") | Q(person_kind__in=[k.value for k in PersonKind]),
                name="groups_rule_person_kind_valid",
            ),
            models.CheckConstraint(condition=Q(minimum__gte=1), name="groups_rule_minimum"),
            models.UniqueConstraint(
                "group",
                "dimension",
                Coalesce("directorate", 0),
                Coalesce("level", 0),
                "person_kind",
                name="groups_rule_unique",
                violation_error_message="The rule says this twice: keep one line for it.",
            ),
        ]

    def clean(self) -> None:
        """Each line names a value of its own dimension only (whether the dimension fits the
        group's audience is the back office form's check, which sees the group as edited)."""
        errors: dict[str, str] = {}
        values = {
            Dimension.DIRECTORATE: "directorate",
            Dimension.STAFF_LEVEL: "level",
            Dimension.PERSON_KIND: "person_kind",
        }
        for dimension, name in values.items():
            if dimension != self.dimension and getattr(self, name):
                errors[name] = (
                    f"Leave this empty: the line is about {Dimension(self.dimension).label}."
                )
        if self.dimension == Dimension.PERSON_KIND and self.person_kind == PersonKind.STAFF:
            errors["person_kind"] = "Choose a kind of member of the public."
        if errors:
            raise ValidationError(errors)

    def __str__(self) -> str:
        value = self.directorate or self.level or self.get_person_kind_display()
        of = str(value) if value else f"every {self.get_dimension_display().lower()}"
        return f"At least {self.minimum} from {of}"


class MembershipStatus(models.TextChoices):
    APPLIED = "applied", "Applied"
    INVITED = "invited", "Invited"
    ACTIVE = "active", "Member"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Term ended"


OPEN_STATUSES = [MembershipStatus.APPLIED, MembershipStatus.INVITED, MembershipStatus.ACTIVE]


class Membership(models.Model):
    """One application, invitation or term of membership. A person has at most one open at a
    time in a group; declined and ended ones stay as the group's history."""

    group = models.ForeignKey(ReferenceGroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="group_memberships"
    )
    status = models.CharField(max_length=10, choices=MembershipStatus.choices)
    statement = models.TextField(blank=True, help_text="Why they would like to join.")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    term_ends_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["group", "-requested_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in MembershipStatus]),
                name="groups_membership_status_valid",
            ),
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(status__in=[s.value for s in OPEN_STATUSES]),
                name="groups_membership_one_open",
                violation_error_message="They already have an application, invitation or term "
                "in this group.",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["active", "ended"])
                | Q(started_on__isnull=False, term_ends_on__isnull=False),
                name="groups_membership_term_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(started_on__isnull=False, term_ends_on__gt=F("started_on")),
                name="groups_membership_term_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False, ended_on__gte=F("started_on"))
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="groups_membership_ended_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.group}: {self.get_status_display()}"


class Meeting(ClusterableModel):
    """A meeting of a group: its agenda beforehand, its notes, decisions and actions after."""

    group = models.ForeignKey(ReferenceGroup, on_delete=models.CASCADE, related_name="meetings")
    held_at = models.DateTimeField("date and time")
    place = models.CharField(max_length=200, blank=True, help_text="A room or 'Online'.")
    agenda = models.TextField(blank=True, help_text="For the members, before the meeting.")
    notes = models.TextField(blank=True)
    notes_published = models.BooleanField(
        default=False,
        help_text="Show the notes and decisions on the group's public page. Do not name members "
        "of the public in them.",
    )

    class Meta:
        ordering = ["-held_at"]

    def __str__(self) -> str:
        return f"{self.group}: {self.held_at:%d %B %Y}"


class Decision(Orderable):
    """What the group decided or advised, and what its input shaped."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField()
    shaped_consultation = models.ForeignKey(
        "consultations.Consultation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="shaped a consultation",
    )
    shaped_aim = models.ForeignKey(
        "programme.Aim",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="shaped an aim",
    )
    shaped_other = models.CharField(
        "shaped something else",
        max_length=200,
        blank=True,
        help_text="A campaign item, a leaflet, a policy: what it is called.",
    )
    shaped_other_url = models.URLField("its web address", blank=True)

    def __str__(self) -> str:
        return self.text[:80]


class Action(Orderable):
    """Something a member or the QI team agreed to do, by a date."""

    meeting = ParentalKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(max_length=500)
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        # No reverse accessor: django-stubs cannot resolve one on Person (core names no app).
        related_name="+",
    )
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    reminded_for = models.DateField(
        null=True, blank=True, editable=False, help_text="The due date its owner was reminded of."
    )

    class Meta(Orderable.Meta):
        indexes = [
            models.Index(
                fields=["due_on"], condition=Q(done_at__isnull=True), name="groups_action_open"
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Attendance(models.Model):
    """A member who came to a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="group_attendances"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="groups_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"
