from django.apps import AppConfig


class CriticalMassConfig(AppConfig):
    """The critical-mass dashboard: the engagement ledger's levels against the roster, charted
    with the SPC engine. Its own app because it charts (`measurement`), which the ledger, which
    imports only `core`, may not."""

    name = "qihub.critical_mass"
    label = "critical_mass"
    verbose_name = "Critical mass"
