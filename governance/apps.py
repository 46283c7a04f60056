from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Gouvernance du plan d'action")

    def ready(self):
        from . import figures

        figures.connect()
