from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets")

    def ready(self):
        from territories import sections

        from .sections import projects_section

        # Each collectivity's page lists what this app knows of it through this hook
        # (territories never imports the apps above it).
        sections.register(projects_section)

        from plan import figures

        from . import facts

        facts.connect()
        # The plan's pages count their projects through this hook (the plan never imports
        # the projects).
        figures.register(facts.PlanFigures())
