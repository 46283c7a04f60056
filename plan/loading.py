"""Loading an action plan from its data file (plan/data/*.json) into the database.

The data file is the document's text, copied word for word (see plan/data/README.md). Loading
is idempotent: texts, titles and order are refreshed from the file, while what the
secretariat has set (a piste's follow-up status and responsible body) and the projects linked
to the pistes are kept.
"""
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Axis, Piste, Plan

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_PATH = DATA_DIR / "plan-2008-2010.json"


class PlanDataError(ValueError):
    """The data file is malformed; the message (in French) names the file and the entry."""


@dataclass
class LoadReport:
    plan: Plan
    axes_created: int = 0
    axes_updated: int = 0
    pistes_created: int = 0
    pistes_updated: int = 0
    pistes_unchanged: int = 0
    # Codes of pistes in the database that the file no longer lists: kept (with their
    # projects and follow-up), never deleted silently.
    pistes_missing: list[str] = field(default_factory=list)


def load_plan(path: str | Path | None = None) -> LoadReport:
    """Loads the plan in `path` (default: the 2008-2010 plan shipped with the app).

    Raises PlanDataError before touching the database if the file is malformed; the whole
    load runs in one transaction."""
    path = Path(path) if path else DEFAULT_PATH
    data = _read(path)
    with transaction.atomic():
        return _store(data)


def _read(path: Path) -> dict:
    where = path.name
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PlanDataError(_("%(file)s : lecture impossible (%(error)s).") % {"file": where, "error": error.strerror})
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise PlanDataError(
            _("%(file)s : JSON invalide, ligne %(line)d, colonne %(column)d (%(error)s).")
            % {"file": where, "line": error.lineno, "column": error.colno, "error": error.msg}
        )
    _check(data, where)
    return data


def _require(entry, name: str, kind: type, file: str, where: str, *, blank: bool = False):
    if not isinstance(entry, dict):
        raise PlanDataError(_("%(file)s : l'entrée %(entry)s doit être un objet.") % {"file": file, "entry": where})
    value = entry.get(name)
    if not isinstance(value, kind) or isinstance(value, bool) or (kind is str and not blank and not value.strip()):
        raise PlanDataError(
            _("%(file)s : l'entrée %(entry)s n'a pas de champ « %(field)s » valide.")
            % {"file": file, "entry": where, "field": name}
        )
    return value


def _check(data, file: str) -> None:
    """Validates the whole file before anything is written."""
    if not isinstance(data, dict):
        raise PlanDataError(_("%(file)s : le fichier doit contenir un objet JSON.") % {"file": file})
    plan = _require(data, "plan", dict, file, "racine")
    for name in ("slug", "title"):
        _require(plan, name, str, file, "plan")
    for name in ("start_year", "end_year"):
        _require(plan, name, int, file, "plan")
    axes = _require(data, "axes", list, file, "racine")
    axis_slugs, codes = set(), set()
    kinds = set(Axis.Kind.values)
    for i, axis in enumerate(axes):
        where = f"axes[{i}]"
        slug = _require(axis, "slug", str, file, where)
        where = f"axes[{i}] ({slug})"
        _require(axis, "title", str, file, where)
        if axis.get("kind") not in kinds:
            raise PlanDataError(
                _("%(file)s : l'entrée %(entry)s a une nature « %(kind)s » inconnue (attendu : %(kinds)s).")
                % {"file": file, "entry": where, "kind": axis.get("kind"), "kinds": ", ".join(sorted(kinds))}
            )
        for name in ("enjeux", "pistes_intro"):
            _require(axis, name, str, file, where, blank=True)
        if slug in axis_slugs:
            raise PlanDataError(_("%(file)s : l'axe « %(slug)s » apparaît deux fois.") % {"file": file, "slug": slug})
        axis_slugs.add(slug)
        for j, piste in enumerate(_require(axis, "pistes", list, file, where)):
            piste_where = f"{where}.pistes[{j}]"
            code = _require(piste, "code", str, file, piste_where)
            _require(piste, "text", str, file, f"{piste_where} ({code})")
            _require(piste, "heading", str, file, f"{piste_where} ({code})", blank=True)
            if code in codes:
                raise PlanDataError(
                    _("%(file)s : la piste « %(code)s » apparaît deux fois.") % {"file": file, "code": code}
                )
            codes.add(code)


def _store(data: dict) -> LoadReport:
    plan_data = data["plan"]
    plan, _created = Plan.objects.update_or_create(
        slug=plan_data["slug"],
        defaults={
            "title": plan_data["title"],
            "start_year": plan_data["start_year"],
            "end_year": plan_data["end_year"],
            "source": plan_data.get("source", ""),
        },
    )
    report = LoadReport(plan=plan)
    axes = {axis.slug: axis for axis in plan.axes.all()}
    pistes = {piste.code: piste for piste in Piste.objects.filter(axis__plan=plan)}
    seen = set()
    for position, axis_data in enumerate(data["axes"], start=1):
        fields = {
            "kind": axis_data["kind"],
            "position": position,
            "title": axis_data["title"],
            "enjeux": axis_data["enjeux"],
            "pistes_intro": axis_data["pistes_intro"],
        }
        axis = axes.get(axis_data["slug"])
        if axis is None:
            axis = Axis.objects.create(plan=plan, slug=axis_data["slug"], **fields)
            report.axes_created += 1
        elif _assign(axis, fields):
            axis.save()
            report.axes_updated += 1
        for piste_position, piste_data in enumerate(axis_data["pistes"], start=1):
            seen.add(piste_data["code"])
            # Follow-up status and responsible body are the secretariat's: never in `fields`.
            fields = {
                "axis_id": axis.pk,
                "position": piste_position,
                "heading": piste_data["heading"],
                "text": piste_data["text"],
            }
            piste = pistes.get(piste_data["code"])
            if piste is None:
                Piste.objects.create(code=piste_data["code"], **fields)
                report.pistes_created += 1
            elif _assign(piste, fields):
                piste.save()
                report.pistes_updated += 1
            else:
                report.pistes_unchanged += 1
    report.pistes_missing = sorted(code for code in pistes if code not in seen)
    return report


def _assign(instance, fields: dict) -> bool:
    """Sets `fields` on `instance`; tells whether anything changed."""
    changed = False
    for name, value in fields.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed
