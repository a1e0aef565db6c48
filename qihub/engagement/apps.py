from django.apps import AppConfig
from django.db.models.signals import post_migrate


class EngagementConfig(AppConfig):
    name = "qihub.engagement"
    label = "engagement"
    verbose_name = "Engagement"

    def ready(self) -> None:
        from qihub.engagement.services import engagement_kinds_sync

        post_migrate.connect(engagement_kinds_sync, sender=self)
