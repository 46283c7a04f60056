from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = _("Registre des collectivités")

    def ready(self):
        from . import facets

        facets.connect()
