from django.apps import AppConfig


class MicrositeConfig(AppConfig):
    name = "qihub.microsite"
    label = "microsite"
    verbose_name = "Public site"

    def ready(self) -> None:
        from qihub.microsite import signals

        signals.chrome_receivers_connect()
