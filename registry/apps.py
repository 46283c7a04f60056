from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Registre des ententes et des jumelages")

    def ready(self):
        from territories import sections

        from . import places

        from .sections import registry_section

        # Each collectivity's page links to its agreements and twinnings through this
        # hook (territories never imports the registry).
        sections.register(registry_section)
        places.connect()
