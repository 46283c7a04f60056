"""What every router of the JSON API shares: the error shape, the bounds of a page, the
parameter types that the database can hold, and the French wording of a 422.

Each router declares its parameters with these types, so the OpenAPI schema says exactly
what is accepted: a value outside them is refused by django-ninja with a 422 (worded by
`validation_error_body`), never passed to the database (an offset past 2**63 or a NUL
character there answered 500).
"""
import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import BeforeValidator

from .locking import VersionConflict

MAX_LIMIT = 500
# Deep enough for every page of the national registry and of the projects; an offset past
# what a 64-bit integer holds made SQLite and PostgreSQL fail.
MAX_OFFSET = 1_000_000
MAX_ID = 2**63 - 1  # a BigAutoField
# PostgreSQL cannot store or compare a string holding a NUL character.
NO_NUL = r"^[^\x00]*$"


class ErrorOut(Schema):
    """Every error of the API: 401, 403, 404, 405, 422, 500… (`{"detail": …}`)."""

    detail: str = Field(description="Explication en français.")
    errors: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "Pour une 422 (ou un filtre inconnu), ce qui ne va pas, par paramètre ou par champ du corps "
            "(`__all__` : ce qui ne tient pas à un seul champ)."),
    )


class ConflictOut(ErrorOut):
    """The 409 of a write whose `version` is no longer the record's (core.locking)."""

    current_version: int = Field(description=(
        "Version actuelle de l'enregistrement : relisez-le, puis renvoyez vos valeurs avec celle-ci "
        "pour remplacer les siennes."))


Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"Nombre d'éléments par page, de 1 à {MAX_LIMIT}.")]
Offset = Annotated[int, Field(
    ge=0, le=MAX_OFFSET, description=f"Nombre d'éléments à sauter, de 0 à {MAX_OFFSET} (un million).")]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Page(Schema):
    """The pagination of every list (`page: Query[Page]`, or a filter schema deriving from
    it, which may change the default `limit`)."""

    limit: Limit = 50
    offset: Offset = 0
# Free text of a filter (a search, a code, an identifier).
Text = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
# An official code of a collectivity (Collectivity.code holds 20 characters).
Code = Annotated[str, Field(max_length=20, pattern=NO_NUL)]


def _iso_date_text(value: Any) -> Any:
    # Pydantic would also take a number (a timestamp) or a date and time for a date.
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("AAAA-MM-JJ")
    return value


# A date in a JSON body: "2025-03-01", nothing else.
IsoDate = Annotated[datetime.date, BeforeValidator(_iso_date_text)]
# A piste or a theme in a JSON body: its code or slug, or `plan:code` (projects.forms.PlanItemCodesField).
PlanItem = Annotated[str, Field(min_length=1, max_length=101, pattern=r"^([-a-zA-Z0-9_]+:)?[-a-zA-Z0-9_]+$")]
# A slug (plans, axes, pistes): Django's SlugField.
Slug = Annotated[str, Field(max_length=50, pattern=r"^[-a-zA-Z0-9_]+$")]


def _choices(expected: str) -> str:
    """Pydantic names the allowed values as "'fr', 'qc' or 'other'"."""
    return ", ".join(re.findall(r"'([^']*)'", expected)) or expected


def _problem(error: dict, value: Any, *, in_body: bool = False) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "list_type":
        return _("une liste est attendue, reçu « %(value)s ».") % {"value": value}
    if kind in {"date_parsing", "date_from_datetime_parsing"} or (
            kind == "value_error" and "AAAA-MM-JJ" in error.get("msg", "")):
        return _("date attendue au format AAAA-MM-JJ, reçu « %(value)s ».") % {"value": value}
    if kind == "missing" and in_body:
        return _("champ obligatoire.")
    if kind in {"enum", "literal_error"}:
        return _("valeur inconnue « %(value)s ». Valeurs possibles : %(allowed)s.") % {
            "value": value, "allowed": _choices(str(ctx.get("expected", "")))}
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        return _("nombre entier attendu, reçu « %(value)s ».") % {"value": value}
    if kind == "bool_parsing":
        return _("« true » ou « false » attendu, reçu « %(value)s ».") % {"value": value}
    if kind == "greater_than_equal":
        return _("%(min)s ou plus (reçu « %(value)s »).") % {"min": ctx["ge"], "value": value}
    if kind == "less_than_equal":
        return _("%(max)s au plus (reçu « %(value)s »).") % {"max": ctx["le"], "value": value}
    if kind == "string_too_short":
        return _("ne peut pas être vide.") if ctx.get("min_length") == 1 else _(
            "%(min)s caractères au moins.") % {"min": ctx.get("min_length")}
    if kind == "string_type":
        return _("texte attendu, reçu « %(value)s ».") % {"value": value}
    if kind == "string_too_long":
        return _("%(max)s caractères au plus.") % {"max": ctx["max_length"]}
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == NO_NUL:
        return _("le caractère nul (U+0000) n'est pas permis.")
    if kind == "string_pattern_mismatch":
        return _("format invalide, « %(value)s » ne suit pas le motif %(pattern)s.") % {
            "value": value, "pattern": ctx.get("pattern")}
    if kind == "missing":
        return _("paramètre obligatoire.")
    return _("valeur invalide « %(value)s ».") % {"value": value}


def form_errors_body(errors: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    """The 422 of a write whose body a Django form (`form.errors`) or a model's validation
    refused, in ErrorOut's shape: each field's French messages, by the field's name in the body."""
    errors = {name: [str(problem) for problem in problems] for name, problems in errors.items()}
    detail = " ; ".join(
        _("Champ « %(name)s » : %(problem)s") % {"name": name, "problem": problem}
        if name != NON_FIELD_ERRORS else problem
        for name, problems in errors.items() for problem in problems
    )
    return {"detail": detail, "errors": errors}


def conflict_body(conflict: VersionConflict) -> dict[str, Any]:
    """The 409 of a write read at a stale version: what changed since, by whom, and the
    version to send to overwrite it deliberately."""
    footer = _("Relisez l'enregistrement, puis renvoyez vos valeurs avec la version %(version)s pour "
               "remplacer les siennes.") % {"version": conflict.current_version}
    return {"detail": " ".join([*conflict.messages[:-1], footer]), "errors": {},
            "current_version": conflict.current_version}


def validation_error_body(errors: list[dict], given: dict[str, Any]) -> dict[str, Any]:
    """The 422 of django-ninja's validation errors, in ErrorOut's shape: for each wrong
    parameter (or field of a JSON body), its name and what is wrong, in French. `given` holds the parameters as
    received (ninja leaves the values out of its errors)."""
    by_name: dict[str, list[str]] = {}
    body_fields = set()
    for error in errors:
        loc = error["loc"]
        # ("query", "limit"); a JSON body's field: ("body", "payload", "title", 0).
        in_body = bool(loc) and loc[0] == "body"
        names = [part for part in loc[2 if in_body else 0:] if isinstance(part, str)]
        name = names[-1] if names else "?"
        if in_body:
            body_fields.add(name)
        by_name.setdefault(name, []).append(_problem(error, given.get(name), in_body=in_body))
    detail = " ; ".join(
        (_("Champ « %(name)s » : %(problem)s") if name in body_fields
         else _("Paramètre « %(name)s » : %(problem)s")) % {"name": name, "problem": problem}
        for name, problems in by_name.items() for problem in problems
    )
    return {"detail": detail, "errors": by_name}
