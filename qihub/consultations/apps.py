from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "qihub.consultations"
    label = "consultations"
    verbose_name = "Consultations"

    def ready(self) -> None:
        from qihub.consultations.errors import AUDIT_ACTIONS
        from qihub.core.audit import audit_actions_register

        audit_actions_register(AUDIT_ACTIONS)
