from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Maillage : recherche de partenaires")

    def ready(self):
        from territories import sections

        from .sections import matching_section

        # Each collectivity's page lists what this app knows of it through this hook
        # (territories never imports the apps above it).
        sections.register(matching_section)

        from . import indexing

        indexing.connect()
