from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Helpers every app uses (exports, widgets, money), at the bottom of the layering:
    core imports no other app of Maillage."""

    name = "core"
    verbose_name = "Maillage (socle)"
