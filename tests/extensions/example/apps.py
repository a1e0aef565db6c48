from django.apps import AppConfig


class ExampleConfig(AppConfig):
    name = "extensions.example"
    label = "example"
    verbose_name = "Example (a test app)"
