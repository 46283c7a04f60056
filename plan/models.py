"""Action plans as data: a plan, its axes (and the fund, and the themes to develop and
explore), their enjeux et défis, and every piste de coopération word for word."""
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.locking import version_field

# Project statuses, spelled out: the plan sits below projects and does not import them.
PROJECT_DONE = "termine"
PROJECT_ABANDONED = "abandonne"
PROJECT_STATUS_COUNTS = {
    "planned_count": "prevu",
    "ongoing_count": "en_cours",
    "suspended_count": "suspendu",
    "done_count": PROJECT_DONE,
    "abandoned_count": PROJECT_ABANDONED,
}


def _linked(prefix: str, projects) -> Q:
    """Links to the projects of `projects` (a queryset of projects the reader may see)."""
    return Q(**{f"{prefix}__in": projects.values("pk")})


class PlanQuerySet(models.QuerySet):
    def with_counts(self, projects):
        """Annotates axis_count, piste_count and project_count (distinct projects among
        `projects`, the ones the reader may see, linked to at least one piste)."""
        return self.annotate(
            axis_count=Count("axes", distinct=True),
            piste_count=Count("axes__pistes", distinct=True),
            project_count=Count(
                "axes__pistes__projects", filter=_linked("axes__pistes__projects", projects), distinct=True
            ),
        )


class Plan(models.Model):
    slug = models.SlugField(_("identifiant"), unique=True)  # "2008-2010"
    title = models.CharField(_("titre"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("année de début"))
    end_year = models.PositiveSmallIntegerField(_("année de fin"))
    source = models.CharField(_("source"), max_length=300, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan d'action")
        verbose_name_plural = _("plans d'action")
        ordering = ["start_year"]

    def __str__(self) -> str:
        return self.title


class Axis(models.Model):
    class Kind(models.TextChoices):
        AXIS = "axe", _("Axe")
        FUND = "fonds", _("Fonds")
        THEME = "theme", _("Thème à développer ou à explorer")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="axes")
    slug = models.SlugField(_("identifiant"))
    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.AXIS)
    position = models.PositiveSmallIntegerField(_("ordre"))
    title = models.CharField(_("titre"), max_length=200)
    enjeux = models.TextField(_("enjeux et défis"), blank=True)
    # The sentence that introduces the pistes in the document ("À la suite des échanges…").
    pistes_intro = models.TextField(_("introduction des pistes"), blank=True)

    class Meta:
        verbose_name = _("axe")
        verbose_name_plural = _("axes")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_axis_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def enjeux_blocks(self) -> list[dict]:
        """The enjeux as blocks to render: {"bullets": [...]} for a list ("- " lines), or
        {"paragraph": "..."} for a paragraph."""
        blocks = []
        for chunk in self.enjeux.split("\n\n"):
            lines = [line for line in chunk.splitlines() if line.strip()]
            if lines and all(line.startswith("- ") for line in lines):
                blocks.append({"bullets": [line[2:] for line in lines]})
            elif lines:
                blocks.append({"paragraph": " ".join(lines)})
        return blocks


class PisteQuerySet(models.QuerySet):
    def with_progress(self, projects):
        """Annotates each piste with its linked projects among `projects` (pass the projects
        the reader may see: `Project.objects.visible_to(user)`, so the public counts
        published projects and the committees all of them):

        - project_count, and one count per project status (planned_count, ongoing_count,
          suspended_count, done_count, abandoned_count).

        Piste.progress and Piste.progress_explanation() read these counts. (Computing the
        percentage in SQL too would make the database evaluate every count again: twice the
        time with tens of thousands of projects on SQLite.)
        """
        # A link (project, piste) is unique, so no DISTINCT is needed over the join.
        linked = _linked("projects", projects)
        counts = {"project_count": Count("projects", filter=linked)}
        for name, status in PROJECT_STATUS_COUNTS.items():
            counts[name] = Count("projects", filter=linked & Q(projects__status=status))
        return self.annotate(**counts)

    def for_plan(self, plan):
        return self.filter(axis__plan=plan).select_related("axis")


class Piste(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "pas_amorcee", _("Pas amorcée")
        STARTED = "amorcee", _("Amorcée")
        IN_PROGRESS = "en_cours", _("En cours")
        DONE = "realisee", _("Réalisée")
        ABANDONED = "abandonnee", _("Abandonnée")

    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="pistes")
    code = models.SlugField(_("code"))  # e.g. "dd-3", unique within the plan
    position = models.PositiveSmallIntegerField(_("ordre"))
    heading = models.CharField(_("rubrique"), max_length=200, blank=True)
    text = models.TextField(_("texte"))
    status = models.CharField(
        _("état de suivi"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    responsible_body = models.CharField(_("instance responsable"), max_length=200, blank=True)

    version = version_field()
    # Who changed a piste's follow-up, and when (the committees answer for it).
    history = HistoricalRecords(excluded_fields=["text", "heading", "position"])

    objects = PisteQuerySet.as_manager()

    class Meta:
        verbose_name = _("piste de coopération")
        verbose_name_plural = _("pistes de coopération")
        ordering = ["axis__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "code"], name="unique_piste_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.text[:60]}"

    @property
    def counted_count(self) -> int:
        """Linked projects that count for progress: all but the abandoned ones."""
        return self.project_count - self.abandoned_count

    @property
    def progress(self) -> int | None:
        """The share, in whole percent rounded down, of the linked projects that are done,
        abandoned projects left out; None when no project counts. Needs
        `PisteQuerySet.with_progress()`."""
        if not self.counted_count:
            return None
        return self.done_count * 100 // self.counted_count

    def progress_explanation(self) -> str:
        """How `progress` was computed, in words; needs `PisteQuerySet.with_progress()`."""
        if not self.project_count:
            return gettext("Aucun projet lié : pas d'avancement calculé.")
        if not self.counted_count:
            return ngettext(
                "%(abandoned)d projet lié, abandonné : pas d'avancement calculé.",
                "%(abandoned)d projets liés, tous abandonnés : pas d'avancement calculé.",
                self.abandoned_count,
            ) % {"abandoned": self.abandoned_count}
        done = ngettext("%(done)d projet terminé", "%(done)d projets terminés", self.done_count) % {
            "done": self.done_count
        }
        counted = ngettext("sur %(counted)d lié", "sur %(counted)d liés", self.counted_count) % {
            "counted": self.counted_count
        }
        text = gettext("%(done)s %(counted)s → %(progress)d %%") % {
            "done": done, "counted": counted, "progress": self.progress
        }
        if self.abandoned_count:
            text += " " + ngettext(
                "(%(abandoned)d projet abandonné non compté)",
                "(%(abandoned)d projets abandonnés non comptés)",
                self.abandoned_count,
            ) % {"abandoned": self.abandoned_count}
        return text
