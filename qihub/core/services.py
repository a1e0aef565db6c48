"""Writes about people and their accounts. Each runs in one transaction and is audited."""

from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ProtectedError
from wagtail.models import ModelLogEntry

from qihub.core.audit import audit_log
from qihub.core.extensions import person_erasure_refusals, person_exports
from qihub.core.models import PUBLIC_KINDS, Person, PersonKind, User


class PersonError(Exception):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def _verified(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


@transaction.atomic
def person_link_account(*, user: User) -> Person | None:
    """Link an account to the roster's member of staff with the same, verified, work email.

    Nothing is linked until the email is verified, so nobody can claim a colleague's record by
    signing up with their address.
    """
    existing = Person.objects.filter(user=user).first()
    if existing is not None or not _verified(user):
        return existing
    person = (
        Person.objects.select_for_update()
        .filter(kind=PersonKind.STAFF, email__iexact=user.email, user__isnull=True)
        .first()
    )
    if person is None:
        return None
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    audit_log(action="qihub.core.person.link_account", instance=person, user=user)
    return person


@transaction.atomic
def person_create_public(*, user: User, kind: str, first_name: str, last_name: str) -> Person:
    """Register a member of the public who has just signed up."""
    if kind not in PUBLIC_KINDS:
        raise PersonError(f"{kind!r} is not a kind of member of the public.", code="bad_kind")
    if Person.objects.filter(user=user).exists():
        raise PersonError("This account already belongs to someone.", code="already_linked")
    if Person.objects.filter(kind=PersonKind.STAFF, email__iexact=user.email).exists():
        # A roster email: the account becomes the staff member's once the email is verified.
        raise PersonError("This is a staff email address.", code="staff_email")
    person = Person(
        kind=kind, user=user, first_name=first_name, last_name=last_name, email=user.email
    )
    person.full_clean()
    person.save()
    audit_log(
        action="qihub.core.person.create_public", instance=person, user=user, data={"kind": kind}
    )
    return person


def person_export_data(*, person: Person) -> dict[str, Any]:
    """Return everything held about a person, as a JSON-ready document: core's sections,
    then each app's."""
    user = person.user
    history = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
    ).order_by("timestamp")
    return {
        "person": {
            "kind": person.kind,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "employee_number": person.employee_number,
            "team": str(person.team) if person.team else None,
            "staff_level": str(person.level) if person.level else None,
            "job_title": person.job_title,
            "start_date": person.start_date.isoformat() if person.start_date else None,
            "leave_date": person.leave_date.isoformat() if person.leave_date else None,
            "active": person.is_active,
            "created_at": person.created_at.isoformat(),
        },
        "account": None
        if user is None
        else {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user)
            ],
        },
        # What each app holds about them (its PERSON_EXPORT hook).
        **person_exports(person=person),
        "history": [
            {"action": entry.action, "at": entry.timestamp.isoformat()} for entry in history
        ],
    }


@transaction.atomic
def person_erase(*, person: Person, actor: User) -> None:
    """Erase a member of the public, at their own request: their person, account and records.

    Each app's PERSON_ERASE hook removes its own records, or refuses (qihub/core/extensions.py).
    Staff records belong to the employer's roster and are never erased here (leavers are made
    inactive by the roster import instead). The audit log keeps that an erasure happened, and
    the entries about the person lose their name.
    """
    if person.kind == PersonKind.STAFF:
        raise PersonError(
            "Staff records come from the roster and cannot be erased here.", code="staff"
        )
    if person.user_id != actor.pk:
        raise PersonError("Only the person themselves can ask for erasure.", code="not_self")
    refusals = person_erasure_refusals(person=person)
    if refusals:
        # Raising undoes the whole erasure (this function is one transaction).
        raise PersonError(" ".join(refusals), code="protected_records")
    person_id = person.pk
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person_id)
    ).update(label=f"Erased person #{person_id}", data={})
    ModelLogEntry.objects.filter(user=actor).update(user=None)
    audit_log(action="qihub.core.person.erase", instance=person, data={"kind": person.kind})
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id=str(person_id)
    ).update(label=f"Erased person #{person_id}")
    user = person.user
    try:
        person.delete()
    except ProtectedError as error:
        # Records of an app whose PERSON_ERASE hook did not say so.
        raise PersonError(
            "Some records that others rely on name you. Ask the QI team to remove you from them "
            "first.",
            code="protected_records",
        ) from error
    if user is not None:
        user.delete()
