from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "qihub.api"
    label = "api"
    verbose_name = "JSON API"
