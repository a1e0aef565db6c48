"""The organisation and its people: directorates, services, teams, sites, staff levels, people."""

import uuid

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A sign-in account. Who the account belongs to (staff or public) is its `person`."""

    username = None  # type: ignore[assignment, misc]
    email = models.EmailField("email address", unique=True)

    USERNAME_FIELD = "email"  # type: ignore[misc]
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[misc, assignment]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.email


class Location(models.Model):
    """A site where the organisation works: a hospital, a clinic, a base."""

    name = models.CharField(max_length=200, unique=True)
    address = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "site"

    def __str__(self) -> str:
        return self.name


class Directorate(models.Model):
    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(max_length=30, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["directorate__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["directorate", "name"], name="service_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.directorate})"


class Team(models.Model):
    """The smallest unit of the organisation; the roster places each member of staff in one."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    code = models.CharField(max_length=30, unique=True, help_text="The HR system's team code.")
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="teams"
    )

    class Meta:
        ordering = ["service__directorate__name", "service__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="team_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class StaffLevel(models.Model):
    """A level of the staff hierarchy; `position` orders them from the board down."""

    name = models.CharField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)
    is_senior_leader = models.BooleanField(
        default=False, help_text="People at this level count as senior leaders (e.g. on panels)."
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class PersonKind(models.TextChoices):
    STAFF = "staff", "Member of staff"
    PATIENT = "patient", "Patient"
    CARER = "carer", "Carer"
    GOVERNOR = "governor", "Governor"
    VOLUNTEER = "volunteer", "Volunteer"
    COMMUNITY = "community", "Community member"


PUBLIC_KINDS = [kind for kind in PersonKind if kind != PersonKind.STAFF]


class Person(models.Model):
    """Someone who takes part: a member of staff from the roster or a member of the public.

    People are never deleted: leavers become inactive. The only hard delete is a member of the
    public's own erasure request (`core.services.person_erase`).
    """

    kind = models.CharField(max_length=20, choices=PersonKind.choices)
    user = models.OneToOneField(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    employee_number = models.CharField(max_length=30, null=True, blank=True, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True, help_text="Work email for staff.")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    level = models.ForeignKey(
        StaffLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    job_title = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    leave_date = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="staff") | Q(employee_number__isnull=False),
                name="person_staff_has_employee_number",
            ),
            models.CheckConstraint(
                condition=Q(kind="staff") | Q(employee_number__isnull=True),
                name="person_only_staff_have_employee_number",
            ),
            models.CheckConstraint(
                condition=Q(leave_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(leave_date__gte=models.F("start_date")),
                name="person_leaves_after_starting",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in PersonKind]), name="person_kind_valid"
            ),
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="person_email_ci_unique"
            ),
        ]
        indexes = [models.Index(fields=["kind", "is_active"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_staff_member(self) -> bool:
        return self.kind == PersonKind.STAFF


class Leadership(models.Model):
    """A leader's responsibility for a directorate: they see that directorate's data."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leaderships")
    directorate = models.ForeignKey(
        Directorate, on_delete=models.CASCADE, related_name="leaderships"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "directorate"], name="leadership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} leads {self.directorate}"


class RosterImport(models.Model):
    """One applied roster import and its report (dry runs are not kept)."""

    source_name = models.CharField(max_length=255)
    full_roster = models.BooleanField()
    imported_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField()
    created_count = models.PositiveIntegerField()
    updated_count = models.PositiveIntegerField()
    leaver_count = models.PositiveIntegerField()
    error_count = models.PositiveIntegerField()
    report = models.JSONField()

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"Roster import of {self.source_name} at {self.imported_at:%Y-%m-%d %H:%M}"


class RosterUploadStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Could not be imported"


class RosterUpload(models.Model):
    """A roster file uploaded in the back office, while it is previewed or imported.

    The file is kept here, in the database and never at a web address, until it has been
    imported, or for a limited time after its preview (so that Import need not ask for it
    again); the record, with its report for download, a little longer. Only the person who
    uploaded it sees it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey("core.User", on_delete=models.CASCADE, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    source_name = models.CharField(max_length=255)
    data = models.BinaryField(null=True)
    full_roster = models.BooleanField()
    dry_run = models.BooleanField()
    status = models.CharField(
        max_length=10, choices=RosterUploadStatus.choices, default=RosterUploadStatus.WAITING
    )
    rows_total = models.PositiveIntegerField(null=True)
    rows_done = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True)
    message = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_total__isnull=True) | Q(rows_done__lte=models.F("rows_total")),
                name="core_rosterupload_rows_done_within_total",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(report__isnull=False),
                name="core_rosterupload_done_has_report",
            ),
        ]

    def __str__(self) -> str:
        return f"Roster upload of {self.source_name} at {self.uploaded_at:%Y-%m-%d %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in (RosterUploadStatus.DONE, RosterUploadStatus.FAILED)
