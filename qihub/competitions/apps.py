from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "qihub.competitions"
    label = "competitions"
    verbose_name = "Competitions"

    def ready(self) -> None:
        from qihub.competitions.errors import AUDIT_ACTIONS
        from qihub.core.audit import audit_actions_register

        audit_actions_register(AUDIT_ACTIONS)
