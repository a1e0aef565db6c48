"""Integration tokens: made and revoked by the QI team, checked on every API write."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qihub.core.audit import audit_log
from qihub.measurement.errors import MeasurementError
from qihub.measurement.models import IntegrationToken, Measure, token_digest
from qihub.measurement.permissions import token_can_manage

#: Every token starts with this, so that a leaked one is easy to recognise (and to search for).
TOKEN_PREFIX = "qihub_"  # noqa: S105 (a label, not a secret)
#: How many characters of the secret are kept, to tell tokens apart in the back office.
SHOWN_CHARS = len(TOKEN_PREFIX) + 4


def _check_manager(by: Any) -> None:
    if not token_can_manage(user=by):
        raise MeasurementError("You may not manage integration tokens.", code="forbidden")


def _full_clean(token: IntegrationToken) -> None:
    try:
        token.full_clean()
    except ValidationError as error:
        raise MeasurementError(
            " ".join(error.message_dict.get("name", error.messages)), code="invalid", field="name"
        ) from None


def token_new_secret() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_create(
    *, name: str, measures: Iterable[Measure], by: Any
) -> tuple[IntegrationToken, str]:
    """A new token for ``name`` that may write ``measures``, and its secret: the only time the
    secret is seen (the token keeps its fingerprint and first characters)."""
    _check_manager(by)
    secret = token_new_secret()
    token = IntegrationToken(
        name=name.strip(), created_by=by, prefix=secret[:SHOWN_CHARS], digest=token_digest(secret)
    )
    _full_clean(token)
    with transaction.atomic():
        token.save()
        token.measures.set(measures)
        audit_log(
            action="qihub.measurement.token.create",
            instance=token,
            user=by,
            data={
                "name": token.name,
                "prefix": token.prefix,
                "measures": sorted(token.measures.values_list("slug", flat=True)),
            },
        )
    return token, secret


def token_update(
    *, token: IntegrationToken, by: Any, name: str, measures: Iterable[Measure]
) -> IntegrationToken:
    """Rename the token, or change the measures it may write (its secret stays the same)."""
    _check_manager(by)
    measures = list(measures)
    with transaction.atomic():
        token = IntegrationToken.objects.select_for_update().get(pk=token.pk)
        changed = []
        if name.strip() != token.name:
            token.name = name.strip()
            _full_clean(token)
            token.save(update_fields=["name"])
            changed.append("name")
        if {m.pk for m in measures} != set(token.measures.values_list("pk", flat=True)):
            token.measures.set(measures)
            changed.append("measures")
        if changed:
            audit_log(
                action="qihub.measurement.token.update",
                instance=token,
                user=by,
                data={
                    "changed": changed,
                    "name": token.name,
                    "measures": sorted(token.measures.values_list("slug", flat=True)),
                },
            )
    return token


def token_revoke(*, token: IntegrationToken, by: Any) -> IntegrationToken:
    """Stop the token working, for good; revoking it again changes nothing."""
    _check_manager(by)
    with transaction.atomic():
        token = IntegrationToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit_log(
            action="qihub.measurement.token.revoke",
            instance=token,
            user=by,
            data={"name": token.name, "prefix": token.prefix},
        )
    return token


def token_for_secret(secret: str) -> IntegrationToken | None:
    """The token whose secret this is (revoked or not), or None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    return IntegrationToken.objects.filter(digest=token_digest(secret)).first()


def token_may_write(*, token: IntegrationToken, measure: Measure) -> bool:
    return token.revoked_at is None and token.measures.filter(pk=measure.pk).exists()


def token_used(*, token: IntegrationToken) -> None:
    IntegrationToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
