"""The registry of collectivities of both sides, with their hierarchy and history.

A Collectivity is one entity as it existed between valid_from and valid_until. When
entities merge (French régions in 2016, communes nouvelles) or are abolished (Québec's CRÉ
in 2015), the record stays, gets its valid_until and points to its successor(s) through
Succession, so that what was signed with it can be followed to today's entity.
"""
import re

from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from core.collation import french
from core.locking import version_field

from .names import normalize


class Side(models.TextChoices):
    FRANCE = "fr", _("France")
    QUEBEC = "qc", _("Québec")
    OTHER = "other", _("Autre pays")


class Kind(models.TextChoices):
    # Both sides: a French région or a Québec région administrative.
    REGION = "region", _("Région")
    # France
    DEPARTEMENT = "departement", _("Département")
    COMMUNE = "commune", _("Commune")
    COMMUNE_DELEGUEE = "commune_deleguee", _("Commune déléguée")
    COMMUNE_ASSOCIEE = "commune_associee", _("Commune associée")
    ARRONDISSEMENT_MUNICIPAL = "arrondissement_municipal", _("Arrondissement municipal")
    EPCI = "epci", _("Intercommunalité (EPCI)")
    EPT = "ept", _("Établissement public territorial")
    STATUT_PARTICULIER = "statut_particulier", _("Collectivité à statut particulier")
    OUTRE_MER = "outre_mer", _("Collectivité d'outre-mer")
    # Québec
    MRC = "mrc", _("MRC")
    MUNICIPALITE = "municipalite", _("Municipalité")
    ARRONDISSEMENT = "arrondissement", _("Arrondissement")
    COMMUNAUTE_METROPOLITAINE = "communaute_metropolitaine", _("Communauté métropolitaine")
    ADMINISTRATION_REGIONALE = "administration_regionale", _("Administration régionale")
    CRE = "cre", _("Conférence régionale des élus")
    # Elsewhere (tripartite cooperation)
    FOREIGN = "etranger", _("Collectivité ou organisme étranger")


# Labels that differ by side: a Québec "région" is a région administrative.
KIND_LABELS_BY_SIDE = {(Side.QUEBEC, Kind.REGION): _("Région administrative")}

COUNTRY_OF_SIDE = {Side.FRANCE: "FR", Side.QUEBEC: "CA"}


class PopulationBand(models.TextChoices):
    """Facets of the registry list; bounds are inclusive lower, exclusive upper. `UNKNOWN`:
    no population recorded."""

    UNDER_500 = "0-500", _("moins de 500 habitants")
    FROM_500 = "500-2000", _("500 à 2 000 habitants")
    FROM_2K = "2000-10000", _("2 000 à 10 000 habitants")
    FROM_10K = "10000-50000", _("10 000 à 50 000 habitants")
    FROM_50K = "50000-200000", _("50 000 à 200 000 habitants")
    OVER_200K = "200000-", _("200 000 habitants et plus")
    UNKNOWN = "inconnue", _("population inconnue")

    def bounds(self) -> tuple[int, int | None]:
        low, high = self.value.split("-")
        return int(low), int(high) if high else None


def population_band():
    """The PopulationBand of a row, as an SQL expression (Collectivity.population_band)."""
    bands = [band for band in PopulationBand if band != PopulationBand.UNKNOWN]
    return Case(
        When(population__isnull=True, then=Value(PopulationBand.UNKNOWN.value)),
        *[When(population__lt=band.bounds()[1], then=Value(band.value)) for band in bands[:-1]],
        default=Value(bands[-1].value),
        output_field=models.CharField(),
    )


# INSEE codes (69123, 2A004, 971, 84), Québec geographic codes (37067, 04), SIREN (9 digits).
CODE_QUERY = re.compile(r"\d[0-9AB]\d{0,7}", re.IGNORECASE)


def is_code_query(query: str) -> bool:
    return bool(CODE_QUERY.fullmatch(query.strip()))


class CollectivityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_until__isnull=True)

    def by_population(self):
        # The name only breaks ties, in byte order: the order is the one migration 0002
        # indexes (a collated name would make each page sort every current collectivity).
        return self.order_by(F("population").desc(nulls_last=True), "name", "pk")

    def find(self, query: str):
        """Collectivities matching `query`, most relevant first.

        A query shaped like a code (`69123`, `2a004`, a SIREN) matches the code or the SIREN
        exactly; any other query is a name search (`search()`): the exact name comes first,
        then names starting with the query, then by population.
        """
        query = query.strip()
        if is_code_query(query):
            return self.named(query).by_population()
        normalized = normalize(query)
        relevance = Case(
            When(search_name=normalized, then=Value(0)),
            When(search_name__startswith=normalized, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return (
            self.search(query)
            .annotate(relevance=relevance)
            .order_by("relevance", F("population").desc(nulls_last=True), french("name"), "pk")
        )

    def named(self, query: str):
        """The rows `find(query)` lists, in no particular order."""
        query = query.strip()
        if is_code_query(query):
            return self.filter(Q(code=query.upper()) | Q(siren=query))
        return self.search(query)

    def search(self, query: str):
        """Accent-, case- and hyphen-insensitive name search: every word must match."""
        qs = self
        for word in normalize(query).split():
            qs = qs.filter(Q(search_name__startswith=word) | Q(search_name__contains=" " + word))
        return qs

    def in_population_band(self, band: str):
        return self.filter(population_band=PopulationBand(band).value)

    def for_list(self):
        return self.select_related("region").only(
            "side", "kind", "code", "name", "designation", "population", "valid_until",
            "is_demo", "region__name", "region__code", "region__side", "region__kind",
        )


class Collectivity(models.Model):
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices)
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    code = models.CharField(
        _("code officiel"),
        max_length=20,
        help_text=_("Code INSEE (COG) ou SIREN pour un EPCI ; code géographique au Québec."),
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    name = models.CharField(_("nom"), max_length=200)
    search_name = models.CharField(max_length=200, editable=False, db_index=True)
    designation = models.CharField(
        _("désignation"),
        max_length=100,
        blank=True,
        help_text=_("Ville, municipalité, paroisse, canton, village… ; CC, CA, CU, métropole…"),
    )
    country = models.CharField(_("pays (ISO 3166)"), max_length=2, default="FR")
    zone = models.CharField(_("zone"), max_length=10, blank=True, help_text="metro, drom, com")
    region = models.ForeignKey(
        "self",
        verbose_name=_("région"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Région ou région administrative où elle se trouve (pour les filtres)."),
    )
    parents = models.ManyToManyField(
        "self", symmetrical=False, through="Link", related_name="children", blank=True
    )
    chef_lieu = models.ForeignKey(
        "self",
        verbose_name=_("chef-lieu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    # Stored by the database itself on every write (bulk imports included): the list's
    # population filter and facets read it (territories/facets.py).
    population_band = models.GeneratedField(expression=population_band(), output_field=models.CharField(max_length=12),
                                            db_persist=True, verbose_name=_("tranche de population"))
    area_km2 = models.DecimalField(
        _("superficie (km²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("site web"), blank=True)
    valid_from = models.DateField(_("en vigueur depuis"), null=True, blank=True)
    valid_until = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()

    objects = CollectivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["side", "kind", "code"],
                condition=Q(valid_until__isnull=True),
                name="unique_current_collectivity_code",
            )
        ]
        # The list's order (population first, nulls last) on current rows is indexed too,
        # by migration 0002, in SQL that differs between SQLite and PostgreSQL.
        indexes = [
            models.Index(fields=["side", "kind", "code"]),
            models.Index(fields=["code"], name="territories_code_idx"),
            models.Index(fields=["siren"], name="territories_siren_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind_label}, {self.code})"

    def set_name(self, name: str) -> None:
        self.name = name
        self.search_name = normalize(name)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS_BY_SIDE.get((self.side, self.kind), Kind(self.kind).label))

    @property
    def is_current(self) -> bool:
        return self.valid_until is None


class Link(models.Model):
    """A child belongs to a parent: commune → département → région, commune → EPCI,
    municipalité → MRC → région administrative, municipalité → communauté métropolitaine."""

    child = models.ForeignKey(Collectivity, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(Collectivity, on_delete=models.CASCADE, related_name="child_links")

    class Meta:
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")
        constraints = [models.UniqueConstraint(fields=["child", "parent"], name="unique_link")]


class Succession(models.Model):
    """What happened to a former entity: merged into, renamed as, replaced by."""

    class Event(models.TextChoices):
        MERGER = "fusion", _("Fusion")
        RENAMING = "changement_nom", _("Changement de nom")
        SPLIT = "scission", _("Scission")
        ABOLITION = "suppression", _("Suppression, compétences reprises")
        OTHER = "autre", _("Autre")

    predecessor = models.ForeignKey(
        Collectivity, on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        Collectivity, on_delete=models.CASCADE, related_name="predecessions"
    )
    event = models.CharField(_("événement"), max_length=20, choices=Event.choices)
    date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_succession")
        ]


class FacetTally(models.Model):
    """A stored fact of the list's facets (territories/facets.py): how many collectivities of
    one side, kind, région and population band there are, current or not, as counted at
    data version `version` (FacetVersion). Computed from Collectivity's side, kind,
    region, population and valid_until; written only by territories.facets.tally()."""

    version = models.PositiveBigIntegerField()
    side = models.CharField(max_length=5)
    kind = models.CharField(max_length=30)
    region_id = models.PositiveBigIntegerField()  # 0: no région
    population_band = models.CharField(max_length=12)
    is_current = models.BooleanField()
    count = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["version", "side", "kind", "region_id", "population_band", "is_current"],
            name="territories_facet_tally_unique")]


class FacetVersion(models.Model):
    """One row: the version of the collectivities behind FacetTally, moved on by every
    write of a collectivity (territories/facets.py)."""

    value = models.PositiveBigIntegerField(default=0)
