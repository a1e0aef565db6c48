from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "qihub.core"
    label = "core"
    verbose_name = "Organisation and people"

    def ready(self) -> None:
        from qihub.core import signals
        from qihub.core.cache import cache_table_ensure
        from qihub.core.exports import wagtail_csv_exports_escape

        post_migrate.connect(signals.qi_team_group_ensure, sender=self)
        post_migrate.connect(cache_table_ensure, sender=self)
        wagtail_csv_exports_escape()
