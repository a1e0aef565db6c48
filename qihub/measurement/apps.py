from django.apps import AppConfig


class MeasurementConfig(AppConfig):
    name = "qihub.measurement"
    label = "measurement"
    verbose_name = "Measurement (measures and SPC charts)"

    def ready(self) -> None:
        from qihub.core.audit import audit_actions_register
        from qihub.measurement.errors import AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
