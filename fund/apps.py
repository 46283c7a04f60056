from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "fund"
    verbose_name = _("Fonds franco-québécois pour la coopération décentralisée")

    def ready(self):
        from . import figures

        figures.connect()
