from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "qihub.events"
    label = "events"
    verbose_name = "Events"

    def ready(self) -> None:
        from qihub.core.audit import audit_actions_register
        from qihub.events.errors import AUDIT_ACTIONS
        from qihub.events.errors_checkin import CHECKIN_AUDIT_ACTIONS

        audit_actions_register(AUDIT_ACTIONS)
        audit_actions_register(CHECKIN_AUDIT_ACTIONS)
