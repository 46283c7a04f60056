from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        from plan import figures

        from . import facts

        facts.connect()
        # The plan's pages count their projects through this hook (the plan never imports
        # the projects).
        figures.register(facts.PlanFigures())
