"""The dashboard's tables as rows and columns, for `core.exports.export_response`.

Each table is the one the page shows, computed by the same `build_dashboard`."""
from collections.abc import Callable

# Columns are built per request, so plain gettext (export_response needs str headers).
from django.utils.translation import gettext as _

from core.exports import Column
from plan.models import Piste
from projects.models import Currency, Indicator, Project

from .aggregates import CHECKS, STATUSES, Amounts, Dashboard
from .charts import SIDE_LABELS

STATUS_LABELS = dict(Project.Status.choices)
PISTE_STATUS_LABELS = dict(Piste.Status.choices)
CHECK_LABELS = dict(CHECKS)
CATEGORY_LABELS = dict(Indicator.Category.choices)
# What the page needs to name the codes it shows.
LABELS = {
    "status_labels": STATUS_LABELS, "piste_status_labels": PISTE_STATUS_LABELS, "check_labels": CHECK_LABELS,
    "category_labels": CATEGORY_LABELS, "side_labels": SIDE_LABELS,
}


def _status_columns() -> list[Column]:
    return [(str(STATUS_LABELS[status]), lambda row, s=status: row["counts"].by_status[s]) for status in STATUSES]


def statuses(board: Dashboard):
    rows = [{"status": status, "count": board.overall.by_status[status]} for status in STATUSES]
    rows.append({"status": "", "count": board.overall.total})
    return rows, [
        (_("État"), lambda row: STATUS_LABELS.get(row["status"], _("Total"))),
        (_("Projets"), lambda row: row["count"]),
    ]


def axes(board: Dashboard):
    rows = [
        {"axis": axis.axis, "counts": axis.counts, "pistes": len(axis.pistes), "with": axis.pistes_with_project}
        for axis in board.axes
    ]
    return rows, [
        (_("Axe"), lambda row: row["axis"].title),
        (_("Projets (distincts)"), lambda row: row["counts"].total),
        *_status_columns(),
        (_("Pistes"), lambda row: row["pistes"]),
        (_("Pistes ayant au moins un projet"), lambda row: row["with"]),
    ]


def pistes(board: Dashboard):
    rows = [{"axis": axis.axis, "piste": row.piste, "counts": row.counts} for axis in board.axes for row in axis.pistes]
    return rows, [
        (_("Axe"), lambda row: row["axis"].title),
        (_("Piste"), lambda row: row["piste"].code),
        (_("Texte de la piste"), lambda row: row["piste"].text),
        (_("État de suivi"), lambda row: PISTE_STATUS_LABELS[row["piste"].status]),
        (_("Projets"), lambda row: row["counts"].total),
        *_status_columns(),
    ]


def years(board: Dashboard):
    rows = [{"axis": axis.axis, "year": year, "count": axis.by_year[year]} for axis in board.axes for year in board.years]
    return rows, [
        (_("Axe"), lambda row: row["axis"].title),
        (_("Année"), lambda row: row["year"]),
        (_("Projets actifs"), lambda row: row["count"]),
    ]


def _rate_columns(board: Dashboard) -> list[Column]:
    rate = board.budgets.rate
    return [
        (_("Taux utilisé ($ CA pour 1 €)"), lambda row: rate.cad_per_eur),
        (_("Taux en vigueur depuis"), lambda row: rate.valid_from or _("convention du plan d'action")),
    ]


def budgets(board: Dashboard):
    rate = board.budgets.rate
    rows = [
        {"label": Currency(total.currency).label, "currency": total.currency, "amount": total.amount,
         "lines": total.lines, "projects": total.projects}
        for total in board.budgets.by_currency
    ]
    return rows, [
        (_("Devise"), lambda row: row["label"]),
        (_("Montant"), lambda row: row["amount"]),
        (_("Lignes budgétaires"), lambda row: row["lines"]),
        (_("Projets"), lambda row: row["projects"]),
        (_("Converti en EUR"), lambda row: _convert(row, "EUR", rate)),
        (_("Converti en CAD"), lambda row: _convert(row, "CAD", rate)),
        *_rate_columns(board),
    ]


def _convert(row, to: str, rate):
    amounts = Amounts(**{row["currency"].lower(): row["amount"]})
    return amounts.in_eur(rate) if to == "EUR" else amounts.in_cad(rate)


def budget_sides(board: Dashboard):
    rate = board.budgets.rate
    return board.budgets.by_side, [
        (_("Côté du financeur"), lambda row: SIDE_LABELS[row.side]),
        (_("Montant en EUR"), lambda row: row.amounts.eur),
        (_("Montant en CAD"), lambda row: row.amounts.cad),
        (_("Total converti en EUR"), lambda row: row.amounts.in_eur(rate)),
        (_("Total converti en CAD"), lambda row: row.amounts.in_cad(rate)),
        *_rate_columns(board),
    ]


def outcomes(board: Dashboard):
    return board.outcomes, [
        (_("Catégorie"), lambda row: CATEGORY_LABELS[row.category]),
        (_("Indicateurs"), lambda row: row.indicators),
        (_("Avec une mesure approuvée"), lambda row: row.measured),
        (_("Cible atteinte"), lambda row: row.reached),
    ]


def pistes_without_project(board: Dashboard):
    return board.pistes_without_project, [
        (_("Axe"), lambda piste: piste.axis.title),
        (_("Piste"), lambda piste: piste.code),
        (_("Texte de la piste"), lambda piste: piste.text),
        (_("État de suivi"), lambda piste: PISTE_STATUS_LABELS[piste.status]),
    ]


def checks(board: Dashboard):
    return list(board.attention.counts.items()), [
        (_("Point de vigilance"), lambda item: CHECK_LABELS[item[0]]),
        (_("Projets"), lambda item: item[1]),
    ]


def attention(board: Dashboard):
    return board.attention.projects, [
        (_("Numéro"), lambda project: project.pk),
        (_("Projet"), lambda project: project.title),
        (_("État"), lambda project: STATUS_LABELS[project.status]),
        (_("Points de vigilance"), lambda project: " | ".join(str(CHECK_LABELS[key]) for key in project.checks)),
    ]


def regions(board: Dashboard):
    return board.regions, [
        (_("Côté"), lambda row: SIDE_LABELS.get(row.side, row.side)),
        (_("Région"), lambda row: row.name or _("Région non renseignée")),
        (_("Collectivités partenaires"), lambda row: row.partners),
        (_("Projets"), lambda row: row.projects),
    ]


def fund(board: Dashboard):
    """The fund's envelopes, each amount in its side's currency (named in its column)."""
    return board.fund, [
        (_("Année"), lambda row: row.year),
        (_("Côté"), lambda row: SIDE_LABELS[row.side]),
        (_("Devise"), lambda row: row.currency),
        (_("Enveloppe"), lambda row: row.amount),
        (_("Engagé"), lambda row: row.committed),
        (_("Versé"), lambda row: row.disbursed),
        (_("Reste à engager"), lambda row: row.remaining),
    ]


# URL slug → table builder.
TABLES: dict[str, Callable[[Dashboard], tuple[list, list[Column]]]] = {
    "etats": statuses,
    "axes": axes,
    "pistes": pistes,
    "annees": years,
    "budgets": budgets,
    "budgets-par-cote": budget_sides,
    "retombees": outcomes,
    "pistes-sans-projet": pistes_without_project,
    "vigilance": checks,
    "projets-a-surveiller": attention,
    "regions": regions,
    "fonds": fund,
}
