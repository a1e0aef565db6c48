from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "qihub.groups"
    label = "groups"
    verbose_name = "Reference groups"

    def ready(self) -> None:
        from qihub.core.audit import audit_actions_register
        from qihub.groups.errors import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
