from django.db import models


class Sighting(models.Model):
    """A person saw something. Confirmed sightings are kept: others rely on them."""

    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+")
    place = models.CharField(max_length=100)
    confirmed = models.BooleanField(default=False)

    # Declared, since mypy's Django settings do not install this app, so do not add it.
    objects: models.Manager["Sighting"] = models.Manager()

    def __str__(self) -> str:
        return self.place


class ExampleEngagementKind(models.TextChoices):
    SPOTTED = "spotted", "Reported a sighting"
