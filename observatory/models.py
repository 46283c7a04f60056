"""Best practices, and the one search index of the observatory (see search.py)."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.locking import version_field
from territories.models import Collectivity


THEME_KINDS = ("theme", "axe")


def editor_ids(user) -> set[int]:
    return user.editable_collectivity_ids() if user and user.is_authenticated else set()


def reads_unpublished(user) -> bool:
    return bool(user and user.is_authenticated and user.can_read_unpublished)


class PracticeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Practice.Status.PUBLISHED)

    def visible_to(self, user):
        """Practices `user` may read: the published ones; every one for the secretariat and
        the committees; for a collectivity editor, those of their collectivities too."""
        if reads_unpublished(user):
            return self
        ids = editor_ids(user)
        if not ids:
            return self.published()
        behind = Practice.collectivities.through.objects.filter(collectivity_id__in=ids).values("practice_id")
        return self.filter(Q(status=Practice.Status.PUBLISHED) | Q(pk__in=behind))

    def for_theme(self, slug: str):
        return self.filter(theme__slug=slug)

    def for_piste(self, code: str):
        return self.filter(piste__code=code)

    def for_side(self, side: str):
        through = Practice.collectivities.through.objects.filter(collectivity__side=side)
        return self.filter(pk__in=through.values("practice_id"))

    def in_region(self, region_id: int):
        through = Practice.collectivities.through.objects.filter(
            Q(collectivity__region_id=region_id) | Q(collectivity_id=region_id))
        return self.filter(pk__in=through.values("practice_id"))

    def for_list(self):
        """Theme and piste joined, the collectivities prefetched (3 queries with the count)."""
        return self.select_related("theme", "piste").prefetch_related(
            models.Prefetch("collectivities", queryset=Collectivity.objects.only("id", "name", "side", "region_id"))
        ).order_by("-published_at", "title", "pk")


class Practice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        REVIEW = "review", _("En relecture au secrétariat")
        PUBLISHED = "published", _("Publiée")

    title = models.CharField(_("titre"), max_length=250)
    summary = models.CharField(_("résumé"), max_length=600)
    body = models.TextField(_("texte complet"), blank=True)
    theme = models.ForeignKey(
        "plan.Axis", on_delete=models.PROTECT, related_name="practices", verbose_name=_("thème"),
        # The plan's four themes (kind "theme") leave out what its axes hold: watershed
        # management, Agendas 21 and climate plans are under « Développement durable ».
        limit_choices_to={"kind__in": THEME_KINDS},
    )
    piste = models.ForeignKey(
        "plan.Piste", on_delete=models.SET_NULL, null=True, blank=True, related_name="practices",
        verbose_name=_("piste du plan"),
    )
    collectivities = models.ManyToManyField(
        "territories.Collectivity", related_name="practices", verbose_name=_("collectivités"))
    projects = models.ManyToManyField(
        "projects.Project", related_name="practices", blank=True, verbose_name=_("projets"))
    results = models.TextField(_("résultats"), blank=True)
    figures = models.TextField(_("chiffres clés"), blank=True)
    worked = models.TextField(_("ce qui a marché"), blank=True)
    to_avoid = models.TextField(_("ce qu'il faut éviter"), blank=True)
    document = models.FileField(_("document"), upload_to="observatory/", blank=True)
    contact_name = models.CharField(_("personne à contacter"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField(_("remarque du secrétariat"), blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[collectivities, projects])

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("bonne pratique")
        verbose_name_plural = _("bonnes pratiques")
        indexes = [models.Index(fields=["status", "-published_at", "title"], name="observatory_practice_list_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("observatory:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def sides(self) -> list[str]:
        return sorted({c.side for c in self.collectivities.all()})


class IndexedStems(models.TextField):
    """The column both full-text engines index: the document's stems (text.stems). On
    PostgreSQL it is a tsvector, written as to_tsvector('simple', stems) (the stems are
    already French-stemmed and unaccented: 'simple' only splits them), with a GIN index; on
    SQLite it is text, which an FTS5 table indexes (migration 0002). Never read back."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_placeholder(self, value, compiler, connection):
        return "to_tsvector('simple', %s)" if connection.vendor == "postgresql" else "%s"


class SearchDocument(models.Model):
    """One searchable record of a declared source (search.SOURCES): what the search matches,
    ranks, filters and counts, kept narrow so that a frequent word's thousands of matches
    are read from few pages (bench/search.py); what the results show is in SearchText."""

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    stems = IndexedStems()
    is_public = models.BooleanField()
    # " 12 34 ": the collectivities whose editors read it unpublished.
    owners = models.CharField(max_length=500, blank=True)
    side = models.CharField(max_length=5, blank=True)  # "fr", "qc" or "fr-qc"
    region = models.ForeignKey("territories.Collectivity", null=True, on_delete=models.SET_NULL, related_name="+")
    # " 3 17 ": the ids of its themes (plan.Axis), counted and filtered with the matches.
    theme_key = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="observatory_search_unique")]


class SearchText(models.Model):
    """What a search result shows of its document: its title, the text the excerpt is cut
    from, and its address."""

    document = models.OneToOneField(SearchDocument, primary_key=True, on_delete=models.CASCADE, related_name="text")
    title = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300)
