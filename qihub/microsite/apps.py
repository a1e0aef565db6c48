from django.apps import AppConfig


class MicrositeConfig(AppConfig):
    name = "qihub.microsite"
    label = "microsite"
    verbose_name = "Public site"
