from django.conf import settings
from django.db import models


class BenchRow(models.Model):
    """One row per request to the bare view."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Row {self.pk}"
