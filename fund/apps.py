from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "fund"
    verbose_name = _("Fonds franco-québécois pour la coopération décentralisée")

    def ready(self):
        from territories import sections

        from .sections import fund_section

        # Each collectivity's page lists what this app knows of it through this hook
        # (territories never imports the apps above it).
        sections.register(fund_section)

        from . import figures

        figures.connect()
