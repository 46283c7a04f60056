"""Action plans as data: a plan, its axes (and the fund, and the themes to develop and
explore), their enjeux et défis, and every piste de coopération word for word."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    slug = models.SlugField(_("identifiant"), unique=True)  # "2008-2010"
    title = models.CharField(_("titre"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("année de début"))
    end_year = models.PositiveSmallIntegerField(_("année de fin"))
    source = models.CharField(_("source"), max_length=300, blank=True)

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

    class Meta:
        verbose_name = _("piste de coopération")
        verbose_name_plural = _("pistes de coopération")
        ordering = ["axis__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["axis", "code"], name="unique_piste_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.text[:60]}"
