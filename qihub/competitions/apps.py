from django.apps import AppConfig


class CompetitionsConfig(AppConfig):
    name = "qihub.competitions"
    label = "competitions"
    verbose_name = "Competitions"

    def ready(self) -> None:
        from qihub.competitions.errors import AUDIT_ACTIONS
        from qihub.competitions.services.notices import AUDIT_ACTIONS as NOTICE_AUDIT_ACTIONS
        from qihub.competitions.services.teams import AUDIT_ACTIONS as TEAM_AUDIT_ACTIONS
        from qihub.core.audit import audit_actions_register

        audit_actions_register(AUDIT_ACTIONS)
        audit_actions_register(TEAM_AUDIT_ACTIONS)
        audit_actions_register(NOTICE_AUDIT_ACTIONS)
