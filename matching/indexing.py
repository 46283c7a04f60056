"""Keeps the suggestions' index (index_models.CandidateFeatures) equal to the records.

Declared as a read model of projects.facts (ReadModel, depends_on): each source below
names the fields the features read and how to find the collectivities whose features a
changed row affects. The signal connections are derived from the declaration, so a write
anywhere (a profile saved by matching's actions, a partner added by projects' actions, a
twinning or an agreement recorded by the registry's) rewrites the rows of the affected
collectivities in the writer's transaction: the index is updated, not rebuilt. Signals
rather than calls from each app's actions because the writers live in four apps
(matching, projects, registry, territories) that must not learn about the index, and
this is the one place STYLE.md allows them: a declared read model. What sends no signal
(bulk writes: seed_scale, the registry's import) calls `refresh_all()` or
`CANDIDATES.changed(rows)`; `maillage build_matching_index` builds it the first time.

Every rewrite takes a new stamp (IndexStamp): each process's in-memory index reloads
the rows whose stamp is above the one it last saw (matching.suggestions).
"""
from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable

from django.apps import apps
from django.db import models, transaction
from django.db.models import F, Q

from projects.facts import ReadModel
from territories.signals import collectivities_imported

from .text import phrase_key, terms

SIDES = ("fr", "qc")
BATCH = 2000
STAMP_ROW = 1


def _model(label: str):
    return apps.get_model(*label.split("."))


def next_stamp() -> int:
    """Move the stamp, in the caller's transaction, and return it."""
    IndexStamp = _model("matching.IndexStamp")
    if not IndexStamp.objects.filter(pk=STAMP_ROW).update(value=F("value") + 1):
        IndexStamp.objects.get_or_create(pk=STAMP_ROW, defaults={"value": 1, "token": secrets.token_hex(8)})
    return IndexStamp.objects.filter(pk=STAMP_ROW).values_list("value", flat=True).get()


def current_stamp() -> tuple[str, int]:
    """(the stamp row's generation token, its value): one query."""
    IndexStamp = _model("matching.IndexStamp")
    return IndexStamp.objects.filter(pk=STAMP_ROW).values_list("token", "value").first() or ("", 0)


def compute(collectivity_ids: Iterable[int]) -> list:
    """Unsaved CandidateFeatures of the existing collectivities among `collectivity_ids`:
    ten queries whatever their number."""
    ids = list(collectivity_ids)
    Collectivity, Profile, Partner, Project = (_model(label) for label in (
        "territories.Collectivity", "matching.Profile", "projects.Partner", "projects.Project"))
    Twinning, AgreementParty, CandidateFeatures = (_model(label) for label in (
        "registry.Twinning", "registry.AgreementParty", "matching.CandidateFeatures"))

    profiles = {row["collectivity_id"]: row for row in Profile.objects.filter(
        collectivity_id__in=ids, is_published=True).values(
        "pk", "collectivity_id", "offers", "seeks", "excellence", "is_open")}
    owner = {row["pk"]: cid for cid, row in profiles.items()}
    themes, pistes = defaultdict(set), defaultdict(set)
    for profile_id, axis_id in Profile.themes.through.objects.filter(profile_id__in=owner).values_list(
            "profile_id", "axis_id"):
        themes[owner[profile_id]].add(axis_id)
    for profile_id, piste_id in Profile.pistes.through.objects.filter(profile_id__in=owner).values_list(
            "profile_id", "piste_id"):
        pistes[owner[profile_id]].add(piste_id)

    # Projects: their pistes and themes (public ones) and the partners on the other side.
    own_projects, public_projects = defaultdict(set), set()
    for cid, project_id, is_public in Partner.objects.filter(collectivity_id__in=ids).values_list(
            "collectivity_id", "project_id", "project__is_public"):
        own_projects[cid].add(project_id)
        if is_public:
            public_projects.add(project_id)
    all_projects = set().union(*own_projects.values()) if own_projects else set()
    partners_of = defaultdict(set)
    for project_id, cid in Partner.objects.filter(project_id__in=all_projects, collectivity__isnull=False).values_list(
            "project_id", "collectivity_id"):
        partners_of[project_id].add(cid)
    project_pistes, project_themes = defaultdict(set), defaultdict(set)
    for project_id, piste_id in Project.pistes.through.objects.filter(project_id__in=public_projects).values_list(
            "project_id", "piste_id"):
        project_pistes[project_id].add(piste_id)
    for project_id, axis_id in Project.themes.through.objects.filter(project_id__in=public_projects).values_list(
            "project_id", "axis_id"):
        project_themes[project_id].add(axis_id)

    linked, twinned = defaultdict(set), defaultdict(set)
    for cid, project_ids in own_projects.items():
        for project_id in project_ids:
            linked[cid] |= partners_of[project_id]
    # Every twinning excludes; only a published one is given as a reason.
    for french_id, quebec_id, is_published in Twinning.objects.filter(
            Q(french_id__in=ids) | Q(quebec_id__in=ids)).values_list("french_id", "quebec_id", "is_published"):
        linked[french_id].add(quebec_id)
        linked[quebec_id].add(french_id)
        if is_published:
            twinned[french_id].add(quebec_id)
            twinned[quebec_id].add(french_id)
    parties = defaultdict(set)
    signed = AgreementParty.objects.filter(collectivity_id__in=ids).values("agreement_id")
    agreements_of = defaultdict(set)
    for agreement_id, cid in AgreementParty.objects.filter(
            agreement_id__in=signed, collectivity__isnull=False).values_list("agreement_id", "collectivity_id"):
        parties[agreement_id].add(cid)
        agreements_of[cid].add(agreement_id)
    for cid in ids:
        for agreement_id in agreements_of.get(cid, ()):
            linked[cid] |= parties[agreement_id]

    rows = []
    for c in Collectivity.objects.filter(pk__in=ids).values("pk", "side", "kind", "code", "population", "valid_until"):
        cid = c["pk"]
        profile = profiles.get(cid)
        public = own_projects.get(cid, set()) & public_projects
        rows.append(CandidateFeatures(
            collectivity_id=cid, side=c["side"], kind=c["kind"], code=c["code"], population=c["population"],
            is_candidate=c["side"] in SIDES and c["valid_until"] is None and c["kind"] != "etranger",
            has_profile=profile is not None,
            is_open=profile["is_open"] if profile else True,
            themes=sorted(themes.get(cid, ())),
            pistes=sorted(pistes.get(cid, ())),
            project_themes=sorted(set().union(*(project_themes[p] for p in public)) if public else ()),
            project_pistes=sorted(set().union(*(project_pistes[p] for p in public)) if public else ()),
            excellence=_excellence(profile["excellence"]) if profile else {},
            offers=terms(profile["offers"]) if profile else {},
            seeks=terms(profile["seeks"]) if profile else {},
            linked=sorted((linked.get(cid, set()) | twinned.get(cid, set())) - {cid}),
            twinned=sorted(twinned.get(cid, ())),
        ))
    return rows


def _excellence(text: str) -> dict[str, str]:
    found = {}
    for item in text.split(";"):
        key = phrase_key(item)
        if key and key not in found:
            found[key] = item.strip()
    return found


def refresh(collectivity_ids, *, create: bool = True) -> None:
    """Rewrite the rows of these collectivities under a new stamp (the same queries for
    one or for two thousand, per batch). `create` is the read model's argument: rows
    are always written, a collectivity without one gets it."""
    CandidateFeatures = _model("matching.CandidateFeatures")
    ids = sorted(set(collectivity_ids))
    if not ids:
        return
    with transaction.atomic():
        stamp = next_stamp()
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            rows = compute(batch)
            for row in rows:
                row.stamp = stamp
            CandidateFeatures.objects.filter(collectivity_id__in=batch).delete()
            CandidateFeatures.objects.bulk_create(rows, batch_size=500)


def refresh_all() -> int:
    """Rebuild every row (the first time, after bulk writes); return the number of rows."""
    Collectivity, CandidateFeatures = _model("territories.Collectivity"), _model("matching.CandidateFeatures")
    with transaction.atomic():
        CandidateFeatures.objects.all().delete()
        ids = list(Collectivity.objects.filter(side__in=SIDES, valid_until__isnull=True).exclude(
            kind="etranger").order_by("pk").values_list("pk", flat=True))
        refresh(ids)
    return len(ids)


# --- What the features are computed from --------------------------------------------------

def _column(column: str):
    def collectivities(rows):
        if isinstance(rows, models.QuerySet):
            return set(rows.order_by().values_list(column, flat=True))
        return {getattr(row, column) for row in rows} - {None}
    return collectivities


def _of_profiles(rows):
    Profile = _model("matching.Profile")
    profile_ids = {row.profile_id for row in rows} if not isinstance(rows, models.QuerySet) else rows.values(
        "profile_id")
    return set(Profile.objects.filter(pk__in=profile_ids, collectivity__isnull=False).values_list(
        "collectivity_id", flat=True))


def _partners_of_projects(project_ids) -> set[int]:
    Partner = _model("projects.Partner")
    return set(Partner.objects.filter(project_id__in=project_ids, collectivity__isnull=False).values_list(
        "collectivity_id", flat=True))


def _of_project_rows(column: str):
    def collectivities(rows):
        if isinstance(rows, models.QuerySet):
            return _partners_of_projects(rows.values(column))
        own = {getattr(row, "collectivity_id", None) for row in rows} - {None}
        return own | _partners_of_projects({getattr(row, column) for row in rows})
    return collectivities


def _of_agreements(rows):
    AgreementParty = _model("registry.AgreementParty")
    agreement_ids = rows.values("agreement_id") if isinstance(rows, models.QuerySet) else {
        row.agreement_id for row in rows}
    own = set() if isinstance(rows, models.QuerySet) else {row.collectivity_id for row in rows} - {None}
    return own | set(AgreementParty.objects.filter(agreement_id__in=agreement_ids, collectivity__isnull=False)
                     .values_list("collectivity_id", flat=True))


def _of_twinnings(rows):
    if isinstance(rows, models.QuerySet):
        return {cid for pair in rows.values_list("french_id", "quebec_id") for cid in pair}
    return {cid for row in rows for cid in (row.french_id, row.quebec_id)}


CANDIDATES = ReadModel("matching-candidates", refresh=refresh)
CANDIDATES.depends_on("territories.Collectivity", fields=("side", "kind", "code", "population", "valid_until"),
                      projects=_column("pk"))
CANDIDATES.depends_on("matching.Profile", fields=("collectivity", "offers", "seeks", "excellence", "is_open",
                                                  "is_published"), projects=_column("collectivity_id"))
CANDIDATES.depends_on("matching.Profile_themes", fields=("axis",), key=("profile",), projects=_of_profiles)
CANDIDATES.depends_on("matching.Profile_pistes", fields=("piste",), key=("profile",), projects=_of_profiles)
CANDIDATES.depends_on("projects.Partner", fields=("collectivity",), key=("project",),
                      projects=_of_project_rows("project_id"))
CANDIDATES.depends_on("projects.Project", fields=("is_public",), projects=_of_project_rows("pk"))
CANDIDATES.depends_on("projects.Project_pistes", fields=("piste",), key=("project",),
                      projects=_of_project_rows("project_id"))
CANDIDATES.depends_on("projects.Project_themes", fields=("axis",), key=("project",),
                      projects=_of_project_rows("project_id"))
CANDIDATES.depends_on("registry.Twinning", fields=("french", "quebec", "is_published"), projects=_of_twinnings)
CANDIDATES.depends_on("registry.AgreementParty", fields=("collectivity", "agreement"), key=(),
                      projects=_of_agreements)


def connect() -> None:
    """Connect the declared sources (MatchingConfig.ready) and the registry's import."""
    CANDIDATES.connect()
    collectivities_imported.connect(_on_collectivities_imported, dispatch_uid="matching-candidates-registry")


def _on_collectivities_imported(sender, **kwargs) -> None:
    """The import writes in bulk: refresh the collectivities whose stored columns no longer
    say what the registry says (new, closed, merged, resized). Nothing while the index has
    never been built (`build_matching_index` builds it the first time): the first import
    of the national registry does not pay for it."""
    CandidateFeatures = _model("matching.CandidateFeatures")
    if CandidateFeatures.objects.exists():
        refresh(stale_collectivities())


def stale_collectivities() -> set[int]:
    """Collectivities of either side whose row is missing or disagrees with the registry
    on side, kind, code, population or being current (two queries)."""
    from django.db.models import Exists, OuterRef

    Collectivity, CandidateFeatures = _model("territories.Collectivity"), _model("matching.CandidateFeatures")
    same = CandidateFeatures.objects.filter(
        collectivity=OuterRef("pk"), side=OuterRef("side"), kind=OuterRef("kind"), code=OuterRef("code"),
        is_candidate=True).filter(Q(population=OuterRef("population")) | Q(
            population__isnull=True, collectivity__population__isnull=True))
    missing = set(Collectivity.objects.filter(side__in=SIDES, valid_until__isnull=True).exclude(kind="etranger")
                  .filter(~Exists(same)).values_list("pk", flat=True))
    gone = set(CandidateFeatures.objects.filter(is_candidate=True).filter(
        Q(collectivity__valid_until__isnull=False) | Q(collectivity__kind="etranger")).values_list(
        "collectivity_id", flat=True))
    return missing | gone
