"""Integration tokens: the bearer secrets that let another system write a measure's data."""

import hashlib

from django.db import models
from django.db.models import Q


def token_digest(secret: str) -> str:
    """The stored form of a token: its SHA-256, in hex. The secret is 32 random bytes
    (``secrets.token_urlsafe``), so a fast hash suffices, as for GitHub's and Django REST Knox's
    tokens: there is nothing to guess."""
    return hashlib.sha256(secret.encode()).hexdigest()


class IntegrationToken(models.Model):
    """A per-integration token, made and revoked by the QI team, scoped to the measures it may
    write. Only its digest and the first characters of the secret (to tell tokens apart) are
    stored; the secret is shown once, when the token is made."""

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="The system that uses it, such as 'Patient administration system'.",
    )
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    measures = models.ManyToManyField(
        "measurement.Measure",
        related_name="integration_tokens",
        help_text="The measures this token may write data to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        "core.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="measurement_token_name"),
            models.CheckConstraint(condition=~Q(digest=""), name="measurement_token_digest"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
