from django.apps import AppConfig


class ReflexConfig(AppConfig):
    name = "reflex"
    verbose_name = "RéFLEX"
