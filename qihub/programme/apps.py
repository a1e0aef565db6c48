from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "qihub.programme"
    label = "programme"
    verbose_name = "Programme"

    def ready(self) -> None:
        from wagtail.signals import published

        from qihub.core.audit import audit_actions_register
        from qihub.programme.errors import AUDIT_ACTIONS
        from qihub.programme.models import Aim, Statement
        from qihub.programme.services import aim_measure_align, statement_version_record

        audit_actions_register(AUDIT_ACTIONS)
        published.connect(statement_version_record, sender=Statement)
        published.connect(aim_measure_align, sender=Aim)
