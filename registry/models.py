"""The registry of agreements (ententes) and twinnings (jumelages) between collectivities.

Records outlive the collectivities that signed them: a party points to the Collectivity
record *as it was when it signed* (Rhône-Alpes, Chicoutimi, a commune now déléguée); pages,
the API and the complementarity view follow territories' Succession to today's entity
(`registry.history.current_entity`) and show both names when they differ.

An agreement has two or more parties, at least one on each side, or a third party of
another country (tripartite). A party is a collectivity, a government or one of its bodies
(the Gouvernement du Québec, for the plans of action of French régions), or an
organisation: only a collectivity party has `collectivity`; the others have a `name`.

A twinning (jumelage, pacte d'amitié, partenariat) joins one French and one Québec
collectivity; a collectivity may have several.
"""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.indexes import RecentFirstIndex
from core.locking import version_field
from plan.models import Axis, Piste
from territories.models import Collectivity, Kind, Side

from . import history


# The records' order: the most recent first, those of an unknown year last (PostgreSQL would
# put them first), read from a RecentFirstIndex on both databases.
RECENT_FIRST = F("since_year").desc(nulls_last=True)


def _reader_filter(user, collectivity_ids_lookup) -> Q | None:
    """None when `user` reads everything; else what they read: the published records and,
    for an editor, the records of their collectivities and of their former records
    (`collectivity_ids_lookup(ids)` gives the Q of the records naming one of `ids`)."""
    if user.is_authenticated and user.can_read_unpublished:
        return None
    visible = Q(is_published=True)
    ids = editor_collectivity_ids(user)
    if ids:
        visible |= collectivity_ids_lookup(ids)
    return visible


def reader_scope(user) -> str:
    """A name for what `user` reads of the registry: users with the same scope read the
    same records (cached figures are shared between them)."""
    if user.is_authenticated and user.can_read_unpublished:
        return "all"
    ids = editor_collectivity_ids(user)
    return "public+" + ",".join(map(str, sorted(ids))) if ids else "public"


def editor_collectivity_ids(user) -> set[int]:
    """The collectivities `user` edits and every former record of theirs (history: an
    editor of Saguenay answers for Chicoutimi, an editor of a commune nouvelle for its
    communes déléguées), cached on the user: one query a step of history."""
    if not user.is_authenticated:
        return set()
    if not hasattr(user, "_registry_ids"):
        editable = user.editable_collectivity_ids()
        user._registry_ids = history.with_former_ids(editable) if editable else set()
    return user._registry_ids


def _party_collectivities():
    fields = [f"collectivity__{name}" for name in history.FIELDS]
    return AgreementParty.objects.select_related("collectivity").only(
        "agreement_id", "side", "kind", "name", "country", "signatory", "signatory_title", "collectivity_id", *fields)


def collectivities_coded(value: str) -> list:
    """The collectivities `side:code` (or `side:kind:code`) names: the current ones, else
    the former records of that code (`fr:82`, Rhône-Alpes), latest first. A code two kinds
    share (`fr:01`, the région Guadeloupe and the département de l'Ain) names both unless
    the kind is given. Empty when the value names none or is not of that shape."""
    parts = value.split(":")
    if len(parts) not in (2, 3) or parts[0] not in Side.values:
        return []
    rows = Collectivity.objects.filter(side=parts[0], code=parts[-1].upper())
    if len(parts) == 3:
        rows = rows.filter(kind=parts[1])
    rows = list(rows.only(*history.FIELDS).order_by(models.F("valid_until").desc(nulls_first=True), "kind"))
    current = [c for c in rows if c.valid_until is None]
    return current or rows[:1]


def region_coded(value: str):
    """The current région (French) or région administrative (Québec) `side:code`, or None."""
    side, _sep, code = value.partition(":")
    if side not in (Side.FRANCE, Side.QUEBEC) or not code:
        return None
    return Collectivity.objects.current().filter(side=side, kind=Kind.REGION, code=code.upper()).first()


class RecordQuerySet(models.QuerySet):
    """What agreements and twinnings share: the filters of the lists, the API and exports."""

    def matching(self, *, side: str | None = None, region=None, collectivity=None, theme: str | None = None,
                 status: str | None = None, kind: str | None = None):
        """The records matching every filter given: `region` and `collectivity` are
        Collectivity records matched through today's entities (a filter on
        Auvergne-Rhône-Alpes finds what Rhône-Alpes signed), `theme` a theme's slug."""
        rows = self
        if side:
            rows = rows.with_side(side)
        if region is not None:
            rows = rows.in_region(region)
        if collectivity is not None:
            rows = rows.involving(history.with_former_ids(
                [c.pk for c in (collectivity if isinstance(collectivity, list) else [collectivity])]))
        if theme:
            rows = rows.with_theme(Axis.objects.filter(kind=Axis.Kind.THEME, slug=theme))
        if status:
            rows = rows.filter(status=status)
        if kind:
            rows = rows.filter(kind=kind)
        return rows


class AgreementQuerySet(RecordQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """What `user` may read: everything for the secretariat and the committees; the
        published agreements and those their collectivities (or their former records) are
        party to for an editor; the published ones for the public (pages, API and exports
        read this)."""
        visible = _reader_filter(user, lambda ids: Q(pk__in=AgreementParty.objects.filter(
            collectivity_id__in=ids).values("agreement_id")))
        return self if visible is None else self.filter(visible)

    def involving(self, ids):
        """Agreements one of the collectivities `ids` is party to (ids or a subquery)."""
        return self.filter(pk__in=AgreementParty.objects.filter(collectivity_id__in=ids).values("agreement_id"))

    def in_region(self, region):
        """Agreements with a party whose today's entity is `region` or lies in it
        (Rhône-Alpes's are in Auvergne-Rhône-Alpes): the read model's places
        (registry/places.py)."""
        return self.filter(pk__in=LinkPlace.objects.filter(
            area=region, is_region=True, agreement__isnull=False).values("agreement_id"))

    def with_side(self, side: str):
        """Agreements with a party of `side`, a collectivity, a government or an
        organisation (`other`: a third country's): a région's plan of action with the
        Gouvernement du Québec is on both sides."""
        return self.filter(pk__in=AgreementParty.objects.filter(side=side).values("agreement_id"))

    def with_theme(self, theme):
        """Agreements of the theme(s) `theme` (a QuerySet of plan.Axis)."""
        return self.filter(pk__in=Agreement.themes.through.objects.filter(axis__in=theme).values("agreement_id"))

    def for_list(self):
        """The rows of a list: parties with their collectivity as it signed, themes (today's
        entities come from `follow_history`)."""
        return self.prefetch_related(
            Prefetch("parties", queryset=_party_collectivities().order_by("side", "pk")),
            Prefetch("themes", queryset=Axis.objects.only("slug", "title", "plan_id").order_by("position")),
        )

    def for_rows(self):
        """The rows of the lists and the API's items: only the columns they read (not the
        summary, the notes, the document), parties and themes as plain lists
        (`party_list`, `theme_list`: a related manager a call to `.all()` costs about 5 ms
        for a page of 50 at national scale, profiled)."""
        return self.only("title", "kind", "status", "signed_on", "since_year", "valid_from", "valid_until",
                         "until_year", "renews_id", "sequence", "is_published").prefetch_related(
            Prefetch("parties", queryset=_party_collectivities().order_by("side", "pk"), to_attr="party_list"),
            Prefetch("themes", queryset=Axis.objects.only("slug", "title", "plan_id").order_by("position"),
                     to_attr="theme_list"),
        )

    def for_detail(self):
        return self.for_list().select_related("renews").prefetch_related(
            Prefetch("pistes", queryset=Piste.objects.select_related("axis__plan").order_by("axis__position", "position")),
            Prefetch("renewals", queryset=Agreement.objects.only("title", "sequence", "since_year", "renews_id",
                                                                 "is_published").order_by("since_year", "pk")),
        )


class Agreement(models.Model):
    class Kind(models.TextChoices):
        ENTENTE = "entente", _("Entente de coopération")
        ACCORD = "accord", _("Accord")
        CONVENTION = "convention", _("Convention de coopération")
        PLAN_OF_ACTION = "plan_action", _("Plan d'action")
        PROTOCOL = "protocole", _("Protocole d'entente")
        OTHER = "autre", _("Autre")

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("En préparation")
        IN_FORCE = "en_vigueur", _("En vigueur")
        EXPIRED = "echue", _("Échue")
        DENOUNCED = "denoncee", _("Dénoncée")

    title = models.CharField(_("titre"), max_length=300)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices, default=Kind.ENTENTE)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.IN_FORCE
    )
    signed_on = models.DateField(_("date de signature"), null=True, blank=True)
    # Often only a year is known ("depuis 1989"): the year is always filled when a date is.
    since_year = models.PositiveSmallIntegerField(_("depuis (année)"), null=True, blank=True)
    valid_from = models.DateField(_("en vigueur du"), null=True, blank=True)
    valid_until = models.DateField(_("en vigueur jusqu'au"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("jusqu'en (année)"), null=True, blank=True)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renouvelle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
        help_text=_("L'entente précédente de la même suite (le plan d'action précédent)."),
    )
    sequence = models.PositiveSmallIntegerField(
        _("rang dans la suite"),
        null=True,
        blank=True,
        help_text=_("Par exemple 8 pour le 8e plan d'action d'une région avec le Québec."),
    )
    themes = models.ManyToManyField(
        "plan.Axis",
        verbose_name=_("thèmes"),
        blank=True,
        related_name="agreements",
        limit_choices_to={"kind": "theme"},
    )
    pistes = models.ManyToManyField(
        "plan.Piste", verbose_name=_("pistes du plan"), blank=True, related_name="agreements"
    )
    summary = models.TextField(_("objet"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    document = models.FileField(_("document signé"), upload_to="registry/agreements/", blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # The import's key: the same line imported again finds its record (no duplicate).
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes, pistes])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("entente")
        verbose_name_plural = _("ententes")
        # The most recent first, those of an unknown year last on both databases.
        ordering = [RECENT_FIRST, "title", "pk"]
        indexes = [
            models.Index(fields=["status", "since_year"], name="registry_agreement_status_idx"),
            RecentFirstIndex(fields=["is_published", "-since_year"], name="registry_agreement_pub_idx"),
            # The lists' order: the first page read from the index, not after sorting
            # every agreement with its joins (the secretariat's list at national scale).
            RecentFirstIndex(fields=["-since_year", "title", "id"], name="registry_agreement_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:agreement_detail", args=[self.pk])

    @property
    def since(self) -> datetime.date | int | None:
        """When it started: the date of signature, else its first day in force, else the year."""
        return self.signed_on or self.valid_from or self.since_year

    @property
    def until(self) -> datetime.date | int | None:
        return self.valid_until or self.until_year

    def parties_by_side(self) -> list[tuple[str, list]]:
        """(side's label, its parties) for France, Québec, then other countries, from the
        prefetched parties."""
        groups: dict[str, list] = {}
        for party in self.parties.all():
            groups.setdefault(party.side, []).append(party)
        return [(Side(side).label, groups[side]) for side in Side.values if side in groups]

    def is_tripartite(self) -> bool:
        """A party of a third country takes part (read from the prefetched parties)."""
        return any(party.side == Side.OTHER for party in self.parties.all())


class AgreementParty(models.Model):
    class Kind(models.TextChoices):
        COLLECTIVITY = "collectivite", _("Collectivité")
        GOVERNMENT = "gouvernement", _("Gouvernement ou organisme public")
        ORGANISATION = "organisation", _("Organisation")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices)
    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.COLLECTIVITY
    )
    # The collectivity as it was when it signed (it may have merged since).
    collectivity = models.ForeignKey(
        "territories.Collectivity",
        verbose_name=_("collectivité signataire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    name = models.CharField(
        _("nom"), max_length=200, blank=True,
        help_text=_("Pour un gouvernement ou une organisation (« Gouvernement du Québec »)."),
    )
    country = models.CharField(_("pays (ISO 3166)"), max_length=2, blank=True)
    signatory = models.CharField(_("signataire"), max_length=200, blank=True)
    signatory_title = models.CharField(_("qualité du signataire"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partie à une entente")
        verbose_name_plural = _("parties à une entente")
        ordering = ["agreement", "side", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="collectivite", collectivity__isnull=False)
                | (~Q(kind="collectivite") & ~Q(name="")),
                name="registry_party_named",
            ),
            models.UniqueConstraint(
                fields=["agreement", "collectivity"],
                condition=Q(collectivity__isnull=False),
                name="registry_unique_party_collectivity",
            ),
        ]

    def __str__(self) -> str:
        return self.collectivity.name if self.collectivity_id else self.name


class TwinningQuerySet(RecordQuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """As Agreement.objects.visible_to: an editor also reads the unpublished twinnings
        of their collectivities and of their former records (Saguenay's editor,
        Chicoutimi's)."""
        visible = _reader_filter(user, lambda ids: Q(french_id__in=ids) | Q(quebec_id__in=ids))
        return self if visible is None else self.filter(visible)

    def involving(self, ids):
        return self.filter(Q(french_id__in=ids) | Q(quebec_id__in=ids))

    def in_region(self, region):
        """Twinnings whose French or Québec collectivity is today `region` or lies in it
        (the read model's places, registry/places.py)."""
        return self.filter(pk__in=LinkPlace.objects.filter(
            area=region, is_region=True, twinning__isnull=False).values("twinning_id"))

    def with_side(self, side: str):
        """Every twinning joins both sides: `fr` and `qc` keep all, `other` none."""
        return self if side in (Side.FRANCE, Side.QUEBEC) else self.none()

    def with_theme(self, theme):
        return self.filter(pk__in=Twinning.themes.through.objects.filter(axis__in=theme).values("twinning_id"))

    def for_list(self):
        fields = [f"{side}__{name}" for side in ("french", "quebec") for name in history.FIELDS]
        return self.select_related("french", "quebec").only(
            "kind", "status", "since_year", "since", "until_year", "until", "last_exchange", "is_published",
            "is_demo", "french_id", "quebec_id", *fields,
        ).prefetch_related(
            Prefetch("themes", queryset=Axis.objects.only("slug", "title", "plan_id").order_by("position")))

    def for_rows(self):
        """The rows of the lists and the API's items: for_list() with the themes as a plain
        list (`theme_list`, as Agreement's)."""
        return self.for_list().prefetch_related(None).prefetch_related(
            Prefetch("themes", queryset=Axis.objects.only("slug", "title", "plan_id").order_by("position"),
                     to_attr="theme_list"))

    def for_detail(self):
        return self.select_related("french", "quebec").prefetch_related(
            Prefetch("themes", queryset=Axis.objects.only("slug", "title", "plan_id").order_by("position")),
            Prefetch("committees", queryset=TwinningCommittee.objects.order_by("side", "pk")),
        )


class Twinning(models.Model):
    class Kind(models.TextChoices):
        TWINNING = "jumelage", _("Jumelage")
        FRIENDSHIP = "amitie", _("Pacte d'amitié")
        PARTNERSHIP = "partenariat", _("Partenariat")

    class Status(models.TextChoices):
        ACTIVE = "actif", _("Actif")
        DORMANT = "dormant", _("En sommeil")
        ENDED = "termine", _("Terminé")

    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.TWINNING
    )
    # Each collectivity as it was when it twinned (Chicoutimi, a commune since déléguée).
    french = models.ForeignKey(
        "territories.Collectivity",
        verbose_name=_("collectivité française"),
        on_delete=models.PROTECT,
        related_name="french_twinnings",
    )
    quebec = models.ForeignKey(
        "territories.Collectivity",
        verbose_name=_("collectivité québécoise"),
        on_delete=models.PROTECT,
        related_name="quebec_twinnings",
    )
    since_year = models.PositiveSmallIntegerField(_("depuis (année)"), null=True, blank=True)
    since = models.DateField(_("depuis le"), null=True, blank=True)
    until_year = models.PositiveSmallIntegerField(_("jusqu'en (année)"), null=True, blank=True)
    until = models.DateField(_("jusqu'au"), null=True, blank=True)
    status = models.CharField(
        _("activité"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    last_exchange = models.DateField(_("dernier échange"), null=True, blank=True)
    themes = models.ManyToManyField(
        "plan.Axis",
        verbose_name=_("thèmes"),
        blank=True,
        related_name="twinnings",
        limit_choices_to={"kind": "theme"},
    )
    notes = models.TextField(_("notes"), blank=True)
    is_published = models.BooleanField(_("publié"), default=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    is_demo = models.BooleanField(_("donnée de démonstration"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = version_field()
    history = HistoricalRecords(m2m_fields=[themes])

    objects = TwinningQuerySet.as_manager()

    class Meta:
        verbose_name = _("jumelage")
        verbose_name_plural = _("jumelages")
        ordering = [RECENT_FIRST, "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "french", "quebec"], name="registry_unique_twinning"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "since_year"], name="registry_twinning_status_idx"),
            RecentFirstIndex(fields=["is_published", "-since_year"], name="registry_twinning_pub_idx"),
            # The lists' order: the first page read from the index (115 ms → see bench/README).
            RecentFirstIndex(fields=["-since_year", "id"], name="registry_twinning_order_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.french.name} – {self.quebec.name}"

    def get_absolute_url(self) -> str:
        return reverse("registry:twinning_detail", args=[self.pk])

    @property
    def since_value(self) -> datetime.date | int | None:
        return self.since or self.since_year

    @property
    def until_value(self) -> datetime.date | int | None:
        return self.until or self.until_year


class TwinningCommittee(models.Model):
    """The twinning committee or association of one side, with its contact."""

    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="committees")
    side = models.CharField(_("côté"), max_length=5, choices=Side.choices)
    name = models.CharField(_("nom du comité ou de l'association"), max_length=200)
    contact_name = models.CharField(_("personne à contacter"), max_length=200, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    website = models.URLField(_("site web"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comité de jumelage")
        verbose_name_plural = _("comités de jumelage")
        ordering = ["twinning", "side", "pk"]

    def __str__(self) -> str:
        return self.name


class ImportRun(models.Model):
    """An import waiting for the user's confirmation: the parsed file and the choices made
    for its doubtful rows (nothing is written to the registry before `commit`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    choices = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import en attente")
        verbose_name_plural = _("imports en attente")


def follow_history(records) -> list:
    """`records` (agreements with prefetched parties, or twinnings with their
    collectivities), each collectivity given today's entity: `party.current` and
    `party.former` (the record it signed as, when it is another: Rhône-Alpes), and for a
    twinning `french_now`, `french_former`, `quebec_now`, `quebec_former`. Today's entities
    are the read model's (`todays_entities`): one query for the whole list, none when
    every collectivity is current."""
    records = list(records)
    signers = {}
    for record in records:
        if isinstance(record, Agreement):
            signers.update((p.collectivity_id, p.collectivity) for p in parties_of(record) if p.collectivity_id)
        else:
            signers[record.french_id] = record.french
            signers[record.quebec_id] = record.quebec
    today = todays_entities(signers.values())
    for record in records:
        if isinstance(record, Agreement):
            for party in parties_of(record):
                party.current = today.get(party.collectivity_id)
                party.former = party.collectivity if party.current and party.current.pk != party.collectivity_id else None
        else:
            for side in ("french", "quebec"):
                signer = getattr(record, side)
                now = today[signer.pk]
                setattr(record, f"{side}_now", now)
                setattr(record, f"{side}_former", signer if now.pk != signer.pk else None)
    return records


def parties_of(agreement) -> list:
    """The prefetched parties of `agreement`: its `party_list` (for_rows), else parties.all()."""
    found = getattr(agreement, "party_list", None)
    return found if found is not None else agreement.parties.all()


def themes_of(record) -> list:
    """The prefetched themes of `record`: its `theme_list` (for_rows), else themes.all()."""
    found = getattr(record, "theme_list", None)
    return found if found is not None else record.themes.all()


TODAY_FIELDS = [f"today__{name}" for name in history.FIELDS] + [
    f"today__region__{name}" for name in ("name", "code", "side", "kind")]


def todays_entities(collectivities) -> dict:
    """{pk: today's entity} of each of `collectivities` that records name, read from the
    registry's read model (SignerToday, registry/places.py): itself when it is current or
    has no single successor. One query when one of them is a former record, none else
    (the history walk it replaces, registry.history, was one or two queries a step, and
    about a fifth of a list's time at national scale)."""
    result = {c.pk: c for c in collectivities}
    former = [pk for pk, collectivity in result.items() if history.is_former(collectivity)]
    if former:
        for row in SignerToday.objects.filter(signer_id__in=former).select_related("today__region").only(
                "signer_id", *TODAY_FIELDS):
            result[row.signer_id] = row.today
    return result


class LinkPlace(models.Model):
    """A stored fact of the registry's read model (registry/places.py): one territory
    (région, département, MRC) a collectivity of an agreement or a twinning lies in, or is,
    as signed or as the entity it became. `is_region` marks the région of today's entity:
    the partner région of the complementarity's overlaps and the growth's counts. Never
    written but by registry.places.refresh_*."""

    agreement = models.ForeignKey(Agreement, null=True, on_delete=models.CASCADE, related_name="places")
    twinning = models.ForeignKey(Twinning, null=True, on_delete=models.CASCADE, related_name="places")
    side = models.CharField(max_length=5)
    area = models.ForeignKey(Collectivity, on_delete=models.CASCADE, related_name="+")
    is_region = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["area", "twinning"], name="registry_place_area_tw_idx"),
            models.Index(fields=["area", "agreement"], name="registry_place_area_ag_idx"),
            models.Index(fields=["is_region", "side", "area"], name="registry_place_region_idx"),
            # The lists' région filter (in_region) read from the index alone: a région's
            # 2 000 twinnings, 7 ms through the heap at national scale.
            models.Index(fields=["area", "twinning"], condition=Q(is_region=True), name="registry_place_in_tw_idx"),
            models.Index(fields=["area", "agreement"], condition=Q(is_region=True), name="registry_place_in_ag_idx"),
            # The complementarity's partner régions of the links nearby, from the index alone.
            models.Index(fields=["twinning", "side", "area"], condition=Q(is_region=True),
                         name="registry_place_tw_partner_idx"),
            models.Index(fields=["agreement", "side", "area"], condition=Q(is_region=True),
                         name="registry_place_ag_partner_idx"),
        ]


class NearbyLinkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The rows of the links `user` may read (Agreement.objects.visible_to's rule, read
        from the stored publication: an editor also reads the unpublished links of their
        collectivities and of their former records)."""
        visible = _reader_filter(user, lambda ids: Q(agreement_id__in=AgreementParty.objects.filter(
            collectivity_id__in=ids).values("agreement_id")) | Q(twinning_id__in=Twinning.objects.involving(
                ids).values("pk")))
        return self if visible is None else self.filter(visible)


class NearbyLink(models.Model):
    """A stored fact of the registry's read model (registry/places.py): an agreement or a
    twinning nearby one area (a territory of LinkPlace), with one of its themes and one of
    its partner régions of today on the other side of the area, and whether it is
    published. Each link nearby has a row without `axis` nor `partner` (it is nearby,
    whatever its themes); a theme without a partner région on the other side, a row
    without `partner`. The complementarity of an area reads its counts,
    its overlaps and the themes used from these rows alone (joining the places, the themes
    and the partner régions took 23 ms for a région at national scale). Never written but
    by registry.places.refresh_*."""

    # None: the link on one of its themes, wherever it lies (one row per link and theme: a
    # theme's counts, links in no territory included).
    area = models.ForeignKey(Collectivity, null=True, on_delete=models.CASCADE, related_name="+")
    agreement = models.ForeignKey(Agreement, null=True, on_delete=models.CASCADE, related_name="+")
    twinning = models.ForeignKey(Twinning, null=True, on_delete=models.CASCADE, related_name="+")
    # The area is the région of today of one of the link's collectivities (LinkPlace's
    # is_region): a theme's page reads each link's régions on either side from these rows.
    is_region = models.BooleanField(default=False)
    axis = models.ForeignKey(Axis, null=True, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Collectivity, null=True, on_delete=models.CASCADE, related_name="+")
    is_published = models.BooleanField(default=True)

    objects = NearbyLinkQuerySet.as_manager()

    class Meta:
        indexes = [
            # An area's rows (and a theme's, without area), and a theme's links in their
            # régions, read from the index alone in the order they are grouped in (SQLite
            # then groups without sorting: a région 3.3 → 1.7 ms, a theme's régions 7.2 →
            # 3.3 ms at national scale).
            models.Index(fields=["area", "axis", "partner", "agreement", "twinning", "is_published"],
                         name="registry_nearby_area_idx"),
            models.Index(fields=["axis", "area", "agreement", "twinning", "is_published", "is_region"],
                         condition=Q(is_region=True), name="registry_nearby_theme_idx"),
        ]


class SignerToday(models.Model):
    """A stored fact of the registry's read model (registry/places.py): today's entity of a
    collectivity an agreement or a twinning names, when it is another record (Rhône-Alpes
    → Auvergne-Rhône-Alpes, Chicoutimi → Saguenay, registry.history's rule). A collectivity
    without a row is its own entity of today. Never written but by registry.places.refresh_*."""

    signer = models.OneToOneField(Collectivity, primary_key=True, on_delete=models.CASCADE, related_name="+")
    today = models.ForeignKey(Collectivity, on_delete=models.CASCADE, related_name="+")
