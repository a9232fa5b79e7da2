from django.apps import AppConfig


class ReflexConfig(AppConfig):
    name = "reflex"
    verbose_name = "RéFLEX"

    def ready(self):
        from . import choice_labels

        choice_labels.install()
