from django.apps import AppConfig
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    """Helpers every app uses (exports, widgets, money), at the bottom of the layering:
    core imports no other app of Maillage."""

    name = "core"
    verbose_name = "Maillage (socle)"

    def ready(self):
        from .collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="core.collation.sqlite")
