from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MobilityConfig(AppConfig):
    name = "mobility"
    verbose_name = _("Mobilité des jeunes et des personnels")

    def ready(self):
        from . import figures

        figures.connect()
