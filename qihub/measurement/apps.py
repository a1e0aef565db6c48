from django.apps import AppConfig


class MeasurementConfig(AppConfig):
    name = "qihub.measurement"
    label = "measurement"
    verbose_name = "Measurement (SPC charts)"
