from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "qihub.engagement"
    label = "engagement"
    verbose_name = "Engagement"
