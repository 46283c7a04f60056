"""Every write of an agreement (with its parties) and of a twinning (with its committees):
one transaction each, checked against the record's version (core.locking), recorded in
the history (django-simple-history) under the user who made it.

The rules, refused with a French ValidationError naming the field:

- An agreement has at least one party on the French side and one on the Québec side. A
  party of a third country may be added (a tripartite agreement), never in place of one of
  the two sides: the registry is that of Franco-Québec cooperation. A collectivity party
  has its collectivity (its side is the collectivity's); a government or an organisation
  has its name; a party of a third country has its country (ISO 3166 code). A
  collectivity is party to an agreement once.
- A twinning joins a collectivity of France (`french`) and one of Québec (`quebec`); the
  same pair is twinned once per kind.
- Dates are coherent: the end is not before the start (dates and years alike); a year
  given beside a date is that date's year (it is filled from the date when left empty).
- A renewal (`renews`) is another agreement, and following the chain never comes back.
- A collectivity editor writes only records naming one of their collectivities (or a
  former record of one): creating, and after a change, so that nobody gives away a record.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core import restore
from core.dates import short_date
from core.locking import claim_version
from projects import facts
from projects.access import acts_as_secretariat
from territories.models import Side

from .access import can_create, change_refusal
from .models import Agreement, AgreementParty, Twinning, TwinningCommittee, editor_collectivity_ids

AGREEMENT_FIELDS = ("title", "kind", "status", "signed_on", "since_year", "valid_from", "valid_until",
                    "until_year", "renews", "sequence", "summary", "notes", "document", "is_published", "source", "is_demo")
TWINNING_FIELDS = ("kind", "french", "quebec", "since_year", "since", "until_year", "until", "status",
                   "last_exchange", "notes", "is_published", "source", "is_demo")
PARTY_FIELDS = ("side", "kind", "collectivity", "name", "country", "signatory", "signatory_title")
COMMITTEE_FIELDS = ("side", "name", "contact_name", "email", "phone", "website")
MAX_CHAIN = 100


# Agreements.

@transaction.atomic
def create_agreement(*, by, parties: list[dict], themes: Iterable = (), pistes: Iterable = (),
                     **fields) -> Agreement:
    """A new agreement with its `parties` (dicts of PARTY_FIELDS), themes and pistes."""
    if not can_create(by):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat enregistrent une entente."))
    agreement = Agreement(**_known(fields, AGREEMENT_FIELDS))
    _check_agreement(agreement, parties, by=by)
    _save(agreement, by)
    _save_parties(agreement, parties, by)
    agreement.themes.set(themes)
    agreement.pistes.set(pistes)
    return agreement


@transaction.atomic
def update_agreement(agreement: Agreement, *, by, version: int | None, parties: list[dict],
                     themes: Iterable | None = None, pistes: Iterable | None = None, **fields) -> Agreement:
    """Change `agreement` and its parties (a dict with an `id` changes that party, one
    without adds a party, a party left out is removed); refused (VersionConflict) if it
    changed since `version`, 403 if `by` may not change it."""
    refusal = change_refusal(by, agreement)
    if refusal:
        raise PermissionDenied(refusal)
    for name, value in _known(fields, AGREEMENT_FIELDS).items():
        setattr(agreement, name, value)
    _check_agreement(agreement, parties, by=by)
    edited = [*_known(fields, AGREEMENT_FIELDS), *(n for n, v in (("themes", themes), ("pistes", pistes)) if v is not None)]
    claim_version(agreement, version, fields=edited)
    _save(agreement, by)
    _save_parties(agreement, parties, by)
    if themes is not None:
        agreement.themes.set(themes)
    if pistes is not None:
        agreement.pistes.set(pistes)
    return agreement


@transaction.atomic
def delete_agreement(agreement: Agreement, *, by) -> None:
    """Delete `agreement` with its parties, each with its history record by `by` (the
    secretariat restores them from the bin). Its renewals keep their place (renews empty)."""
    refusal = change_refusal(by, agreement)
    if refusal:
        raise PermissionDenied(refusal)
    for party in agreement.parties.all():
        party._history_user = by
        party.delete()
    agreement._history_user = by
    agreement.delete()


def _check_agreement(agreement: Agreement, parties: list[dict], *, by) -> None:
    errors: dict[str, list[str]] = {}
    _check_years(agreement, errors, start_date="signed_on", start_year="since_year", end_date="valid_until",
                 end_year="until_year")
    if agreement.valid_from and agreement.valid_until and agreement.valid_until < agreement.valid_from and \
            "valid_until" not in errors:
        errors["valid_until"] = [_("La fin (%(end)s) précède l'entrée en vigueur (%(start)s).") % {
            "end": short_date(agreement.valid_until), "start": short_date(agreement.valid_from)}]
    if agreement.since_year is None and agreement.valid_from:
        agreement.since_year = agreement.valid_from.year
    _check_renewal(agreement, errors)
    problems = party_problems(parties)
    if problems:
        errors.setdefault("parties", []).extend(problems)
    if errors:
        raise ValidationError(errors)
    _check_editor(by, {p["collectivity"].pk for p in parties if p.get("collectivity")})


def party_problems(parties: list[dict]) -> list[str]:
    """What is wrong with these parties (the module's rule), in French, party by party."""
    problems = []
    seen = set()
    for number, party in enumerate(parties, start=1):
        collectivity = party.get("collectivity")
        kind = party.get("kind") or AgreementParty.Kind.COLLECTIVITY
        where = _("Partie %(n)s") % {"n": number}
        if kind == AgreementParty.Kind.COLLECTIVITY:
            if collectivity is None:
                problems.append(_("%(where)s : choisissez la collectivité signataire.") % {"where": where})
                continue
            if party.get("side") and party["side"] != collectivity.side:
                problems.append(_("%(where)s : %(name)s est du côté « %(actual)s », pas « %(given)s ».") % {
                    "where": where, "name": collectivity.name, "actual": Side(collectivity.side).label,
                    "given": Side(party["side"]).label})
            party["side"] = collectivity.side
            if collectivity.pk in seen:
                problems.append(_("%(where)s : %(name)s est déjà partie à cette entente.") % {
                    "where": where, "name": collectivity.name})
            seen.add(collectivity.pk)
        else:
            if collectivity is not None:
                problems.append(_("%(where)s : un gouvernement ou une organisation ne désigne pas de collectivité "
                                  "(choisissez la nature « Collectivité »).") % {"where": where})
            if not (party.get("name") or "").strip():
                problems.append(_("%(where)s : indiquez le nom du gouvernement ou de l'organisation.") % {
                    "where": where})
            if not party.get("side"):
                problems.append(_("%(where)s : indiquez son côté.") % {"where": where})
        if party.get("side") == Side.OTHER and not (party.get("country") or (
                collectivity is not None and collectivity.country)):
            problems.append(_("%(where)s : une partie d'un autre pays indique son pays (code ISO, par exemple BE).")
                            % {"where": where})
    sides = {party.get("side") for party in parties}
    if Side.FRANCE not in sides or Side.QUEBEC not in sides:
        problems.append(_("Une entente a au moins une partie française et une partie québécoise (une partie d'un "
                          "autre pays s'y ajoute pour une entente tripartite, sans remplacer l'un des deux côtés)."))
    return problems


def _check_renewal(agreement: Agreement, errors: dict) -> None:
    previous = agreement.renews
    if previous is None:
        return
    if agreement.pk and previous.pk == agreement.pk:
        errors.setdefault("renews", []).append(_("Une entente ne se renouvelle pas elle-même."))
        return
    seen = {agreement.pk}
    step = previous
    for _i in range(MAX_CHAIN):
        if step is None:
            break
        if step.pk in seen:
            errors.setdefault("renews", []).append(_(
                "« %(title)s » renouvelle déjà, de proche en proche, cette entente : la suite ferait une boucle.")
                % {"title": previous.title})
            return
        seen.add(step.pk)
        step = step.renews
    if agreement.sequence is None and previous.sequence:
        agreement.sequence = previous.sequence + 1


def _save_parties(agreement: Agreement, parties: list[dict], by) -> None:
    existing = {party.pk: party for party in agreement.parties.all()} if agreement.pk else {}
    kept = {party.get("id") for party in parties if party.get("id")}
    for pk, party in existing.items():
        if pk not in kept:
            party._history_user = by
            party.delete()
    for data in parties:
        party = existing.get(data.get("id")) or AgreementParty(agreement=agreement)
        for name in PARTY_FIELDS:
            value = data.get(name)
            setattr(party, name, value if value is not None or name == "collectivity" else "")
        if party.kind != AgreementParty.Kind.COLLECTIVITY:
            party.collectivity = None
        elif party.collectivity is not None and not party.country:
            party.country = party.collectivity.country
        _save(party, by)
    if hasattr(agreement, "_prefetched_objects_cache"):
        agreement._prefetched_objects_cache.pop("parties", None)


# Twinnings.

@transaction.atomic
def create_twinning(*, by, committees: list[dict] = (), themes: Iterable = (), **fields) -> Twinning:
    if not can_create(by):
        raise PermissionDenied(_("Seuls les éditeurs d'une collectivité et le secrétariat enregistrent un jumelage."))
    twinning = Twinning(**_known(fields, TWINNING_FIELDS))
    _check_twinning(twinning, committees, by=by)
    _save(twinning, by, unique_error=True)
    _save_committees(twinning, committees, by)
    twinning.themes.set(themes)
    return twinning


@transaction.atomic
def update_twinning(twinning: Twinning, *, by, version: int | None, committees: list[dict],
                    themes: Iterable | None = None, **fields) -> Twinning:
    refusal = change_refusal(by, twinning)
    if refusal:
        raise PermissionDenied(refusal)
    for name, value in _known(fields, TWINNING_FIELDS).items():
        setattr(twinning, name, value)
    _check_twinning(twinning, committees, by=by)
    claim_version(twinning, version, fields=[*_known(fields, TWINNING_FIELDS), *(["themes"] if themes is not None else [])])
    _save(twinning, by, unique_error=True)
    _save_committees(twinning, committees, by)
    if themes is not None:
        twinning.themes.set(themes)
    return twinning


@transaction.atomic
def delete_twinning(twinning: Twinning, *, by) -> None:
    refusal = change_refusal(by, twinning)
    if refusal:
        raise PermissionDenied(refusal)
    for committee in twinning.committees.all():
        committee._history_user = by
        committee.delete()
    twinning._history_user = by
    twinning.delete()


def _check_twinning(twinning: Twinning, committees: list[dict], *, by) -> None:
    errors: dict[str, list[str]] = {}
    french = twinning.french if twinning.french_id else None
    quebec = twinning.quebec if twinning.quebec_id else None
    if french is None:
        errors["french"] = [_("Choisissez la collectivité française.")]
    elif french.side != Side.FRANCE:
        errors["french"] = [_("%(name)s n'est pas une collectivité française.") % {"name": french.name}]
    if quebec is None:
        errors["quebec"] = [_("Choisissez la collectivité québécoise.")]
    elif quebec.side != Side.QUEBEC:
        errors["quebec"] = [_("%(name)s n'est pas une collectivité québécoise.") % {"name": quebec.name}]
    _check_years(twinning, errors, start_date="since", start_year="since_year", end_date="until",
                 end_year="until_year")
    if twinning.last_exchange and twinning.since and twinning.last_exchange < twinning.since:
        errors.setdefault("last_exchange", []).append(_("Le dernier échange (%(last)s) précède le début du jumelage.")
                                                      % {"last": twinning.last_exchange})
    for number, committee in enumerate(committees, start=1):
        if committee.get("side") not in (Side.FRANCE, Side.QUEBEC):
            errors.setdefault("committees", []).append(
                _("Comité %(n)s : indiquez son côté (France ou Québec).") % {"n": number})
        if not (committee.get("name") or "").strip():
            errors.setdefault("committees", []).append(_("Comité %(n)s : indiquez son nom.") % {"n": number})
    if errors:
        raise ValidationError(errors)
    _check_editor(by, {twinning.french_id, twinning.quebec_id})


def _save_committees(twinning: Twinning, committees: list[dict], by) -> None:
    existing = {c.pk: c for c in twinning.committees.all()}
    kept = {c.get("id") for c in committees if c.get("id")}
    for pk, committee in existing.items():
        if pk not in kept:
            committee._history_user = by
            committee.delete()
    for data in committees:
        committee = existing.get(data.get("id")) or TwinningCommittee(twinning=twinning)
        for name in COMMITTEE_FIELDS:
            setattr(committee, name, data.get(name) or "")
        _save(committee, by)
    if hasattr(twinning, "_prefetched_objects_cache"):
        twinning._prefetched_objects_cache.pop("committees", None)


# Shared.

def _known(fields: dict, names: tuple) -> dict:
    unknown = set(fields) - set(names)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    return fields


def _check_years(record, errors: dict, *, start_date: str, start_year: str | None, end_date: str,
                 end_year: str) -> None:
    """The year beside a date is its year (filled when empty); the end is not before the start."""
    label = {"since_year": _("L'année de début"), "until_year": _("L'année de fin")}
    for date_name, year_name in ((start_date, start_year), (end_date, end_year)):
        if year_name is None:
            continue
        day, year = getattr(record, date_name), getattr(record, year_name)
        if day and year is None:
            setattr(record, year_name, day.year)
        elif day and year != day.year:
            errors.setdefault(year_name, []).append(_("%(what)s (%(year)s) n'est pas celle de la date (%(date)s).") % {
                "what": label[year_name], "year": year, "date": short_date(day)})
    start, end = getattr(record, start_date), getattr(record, end_date)
    if isinstance(start, datetime.date) and isinstance(end, datetime.date) and end < start:
        errors.setdefault(end_date, []).append(_("La fin (%(end)s) précède le début (%(start)s).") % {
            "end": short_date(end), "start": short_date(start)})
    first = getattr(record, start_year) if start_year else None
    last = getattr(record, end_year)
    if first and last and last < first:
        errors.setdefault(end_year, []).append(_("L'année de fin (%(end)s) précède l'année de début (%(start)s).") % {
            "end": last, "start": first})


def _check_editor(by, collectivity_ids: set[int]) -> None:
    if acts_as_secretariat(by):
        return
    if not collectivity_ids & editor_collectivity_ids(by):
        raise ValidationError(_("Vous n'éditez aucune des collectivités de cet enregistrement : nommez-en une parmi "
                                "les parties (seul le secrétariat enregistre celui des autres)."))


def _save(instance, by, *, unique_error: bool = False) -> None:
    instance._history_user = by
    if not unique_error:
        instance.save()
        return
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        raise ValidationError({"quebec": [_("Ce jumelage est déjà enregistré (même nature, mêmes collectivités).")]}) \
            from None


# The bin.

RESTORABLE = {"ententes": Agreement, "jumelages": Twinning}


@transaction.atomic
def restore_deleted(model, history_id: int, *, by) -> restore.Restored:
    """The secretariat restores a deleted agreement (with its parties, themes and pistes)
    or twinning (with its committees and themes), core/restore.py, and what is derived
    from them."""
    if model not in RESTORABLE.values():
        raise ValueError(f"{model.__name__} is not restored from the registry's bin")
    if not restore.can_restore(by):
        raise PermissionDenied(_("Seul le secrétariat restaure ce qui a été supprimé."))
    record = model.history.filter(history_id=history_id, history_type="-").first()
    if record is None:
        raise model.DoesNotExist(_("Aucune suppression ne porte ce numéro."))
    restored = restore.restore(record, by=by)
    # Restored rows are saved raw, without signals: the read models (the registry's places
    # and links nearby, matching's candidates, the search) follow them as after an import,
    # in the same transaction (the function's).
    facts.written(restored.instances)
    return restored
