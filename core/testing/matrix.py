"""The route × persona permission matrix: every route, every persona, one expected outcome.

A row names one request (method and path) and what each persona gets. Paths may hold
`{placeholders}` filled from the test's data (`ids`), so rows are plain data, written at
import time and shown as readable test ids. `check_routes(rows, clients, ids)` sends every
request and fails once, listing every mismatch. `routes_without_row(rows)` lists the routes
the URLconf serves (pattern names, and the API's operations as "METHOD /path" read from its
OpenAPI spec) that no row reaches: tests/test_route_matrix.py fails on it, so a route added
without its row is named in the failure.

Rows of the current apps live in tests/test_route_matrix.py. An app to come writes its rows
in `<app>/tests/route_rows.py` (a list named `ROWS`), checks them in its own tests with its
own data, and the coverage test finds them there (`rows_of_the_apps()`).

The Django admin is covered by a rule rather than one row per URL: every page of every
registered ModelAdmin is for the secretariat only (`admin_rule_rows`). Admin URLs that are
not the standard ModelAdmin pages (a custom `get_urls()`, the site's own pages) need rows.

Outcomes: an HTTP status, "login" (302 to the login page), "admin-login" (302 to the admin's
login page) or "redirect" (302 anywhere else).

The API's writes take an API token, not the session: a row with `token=True` sends the
persona's token (`Authorization: Bearer …`, given to `login_clients`; anonymous visitors
have none), and every row under /api/ sends its `data` as a JSON body.

Core sits below the apps: nothing here imports them (personas come from the root conftest).
"""
from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

PERSONAS = ("anonymous", "secretariat", "committee", "reviewer", "lyon", "trois_rivieres", "outsider")
EDITORS = ("lyon", "trois_rivieres")
Outcome = int | str


# Expected outcomes, persona by persona.

def everyone(outcome: Outcome) -> dict[str, Outcome]:
    return dict.fromkeys(PERSONAS, outcome)


def logged_in(outcome: Outcome, anonymous: Outcome = "login") -> dict[str, Outcome]:
    """The same outcome for every logged-in persona; anonymous visitors meet the login page."""
    return {**everyone(outcome), "anonymous": anonymous}


def only(allowed: Iterable[str], success: Outcome = 200, *, others: Outcome = 403,
         anonymous: Outcome = "login", **exceptions: Outcome) -> dict[str, Outcome]:
    """`success` for the secretariat and `allowed`, `others` for the rest; `exceptions`
    override one persona each (`committee=403`)."""
    allowed = {"secretariat", *allowed}
    expected = {persona: success if persona in allowed else others for persona in PERSONAS}
    return {**expected, "anonymous": anonymous, **exceptions}


@dataclass(frozen=True)
class Row:
    """One request and the outcome each persona gets. `data` is the POST body; `label`
    tells rows of the same route apart (`budget of the shared project`)."""

    method: str
    path: str
    expected: Mapping[str, Outcome]
    label: str = ""
    data: Mapping = field(default_factory=dict)
    # Issue 8 rules being implemented in parallel: kept visible in the ids.
    pending: str = ""
    # Sent with the persona's API token instead of relying on the session alone.
    token: bool = False

    def __post_init__(self):
        missing = set(PERSONAS) - set(self.expected)
        if missing:
            raise ValueError(f"{self.method} {self.path}: no outcome for {sorted(missing)}")

    @property
    def id(self) -> str:
        label = ", ".join(part for part in (self.label, "jeton d'API" if self.token else "") if part)
        return " ".join(part for part in (self.method, self.path, label and f"({label})") if part)

    def url(self, ids: Mapping) -> str:
        return self.path.format_map(ids)


def outcome_of(response) -> Outcome:
    if response.status_code != 302:
        return response.status_code
    location = response.url
    if location.startswith(reverse("admin:login")):
        return "admin-login"
    if location.startswith(reverse(settings.LOGIN_URL) + "?next="):
        return "login"
    return "redirect"


def login_clients(people: Mapping, tokens: Mapping[str, str] | None = None) -> dict[str, Client]:
    """One client per persona, logged in once (force_login), anonymous without a session;
    each keeps the persona's API token from `tokens` (the secret), if any, for the rows
    that send it."""
    # A view that raises is a 500 in the report, beside the other mismatches.
    clients = {"anonymous": Client(raise_request_exception=False)}
    for persona in PERSONAS[1:]:
        clients[persona] = Client(raise_request_exception=False)
        clients[persona].force_login(people[persona])
    for persona, client in clients.items():
        client.api_token = (tokens or {}).get(persona)
    return clients


def request(client: Client, row: Row, url: str):
    headers = {}
    if row.token and getattr(client, "api_token", None):
        headers["Authorization"] = f"Bearer {client.api_token}"
    if url.startswith("/api/") and row.method != "GET":
        return client.generic(row.method, url, json.dumps(dict(row.data)), content_type="application/json",
                              headers=headers)
    if row.method == "POST":
        return client.post(url, row.data or {}, headers=headers)
    return client.generic(row.method, url, headers=headers)


def mismatches(row: Row, clients: Mapping[str, Client], ids: Mapping) -> list[str]:
    """Every persona whose outcome differs from the row's, one line each."""
    url = row.url(ids)
    found = []
    for persona in PERSONAS:
        # Each request in a savepoint rolled back: a persona's deletion or publication does
        # not change what the next persona, or the next row, meets.
        with transaction.atomic():
            got = outcome_of(request(clients[persona], row, url))
            transaction.set_rollback(True)
        if got != row.expected[persona]:
            found.append(f"  {persona}: attendu {row.expected[persona]!r}, obtenu {got!r}")
    return found


def check_routes(rows: Iterable[Row], clients: Mapping[str, Client], ids: Mapping) -> None:
    """Send every row's request as every persona; fail once, naming every mismatch."""
    report = []
    for row in rows:
        found = mismatches(row, clients, ids)
        if found:
            report.append(f"{row.id} → {row.url(ids)}" + (f" [{row.pending}]" if row.pending else ""))
            report.extend(found)
    if report:
        raise AssertionError("Matrice des droits :\n" + "\n".join(report))


# Coverage: which routes the URLconf serves, which rows reach them.

ADMIN_NAMESPACE = "admin"
# The pages every ModelAdmin (and django-simple-history's) serves, covered by the admin rule.
ADMIN_MODEL_VIEWS = ("changelist", "add", "history", "delete", "change", "simple_history")


class _AnyId(dict):
    """Placeholder ids: enough to resolve a row's path, without its data."""

    def __missing__(self, key):
        return "1"


def _openapi_path(route: str) -> str:
    """Django's `api/v1/projects/<int:project_id>` as OpenAPI's `/api/v1/projects/{project_id}`."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@functools.cache  # per URLconf: one test process builds the schemas once, not once per row
def _ninja_apis(urlconf: str | None = None) -> tuple[tuple[str, object], ...]:
    """(route prefix, NinjaAPI) of every django-ninja API the URLconf mounts, found by its
    OpenAPI view (a partial holding the API) rather than by importing the project."""
    from ninja import NinjaAPI

    found = []
    for route, pattern, _namespace in walk_urlconf():
        api = getattr(pattern.callback, "keywords", {}).get("api")
        if isinstance(api, NinjaAPI) and pattern.name == "openapi-json":
            found.append((route.removesuffix(api.openapi_url.lstrip("/")), api))
    return tuple(found)


@functools.cache
def _api_operations(urlconf: str | None = None) -> frozenset[str]:
    """Every documented API operation, "GET /api/v1/projects/{project_id}" (building the
    OpenAPI schema takes 0.4 s: once per URLconf)."""
    operations = set()
    for prefix, api in _ninja_apis(urlconf):
        for path, methods in api.get_openapi_schema(path_prefix="/" + prefix)["paths"].items():
            operations.update(f"{method.upper()} {path}" for method in methods)
    return frozenset(operations)


def walk_urlconf(resolver: URLResolver | None = None, prefix: str = "", namespace: str | None = None):
    """(full route, URLPattern, namespace) for every pattern, includes followed."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk_urlconf(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern, namespace


def _pattern_key(route: str, pattern: URLPattern, namespace: str | None) -> str:
    if pattern.name:
        return f"{namespace}:{pattern.name}" if namespace else pattern.name
    return "/" + route


def _is_admin_rule(name: str) -> bool:
    """A standard page of a registered ModelAdmin (the admin rule covers it)."""
    from django.contrib import admin

    for model in admin.site._registry:
        stem = f"{ADMIN_NAMESPACE}:{model._meta.app_label}_{model._meta.model_name}_"
        if name.startswith(stem) and name[len(stem):] in ADMIN_MODEL_VIEWS:
            return True
    return False


def served_routes() -> set[str]:
    """Every route the URLconf serves, as the matrix names them: the pattern's namespaced
    name (or "/route" when unnamed), each API operation as "METHOD /path" from the spec,
    the API's other patterns (its docs, undocumented aliases) as "/route". Standard
    ModelAdmin pages are left out: the admin rule covers them."""
    operations = _api_operations(settings.ROOT_URLCONF)
    documented = {operation.split(" ", 1)[1] for operation in operations}
    routes = set(operations)
    api_prefixes = tuple(prefix for prefix, _api in _ninja_apis(settings.ROOT_URLCONF))
    for route, pattern, namespace in walk_urlconf():
        if route.startswith(api_prefixes):
            if _openapi_path(route) not in documented:
                routes.add(_pattern_key(route, pattern, namespace))
            continue
        key = _pattern_key(route, pattern, namespace)
        if namespace == ADMIN_NAMESPACE and (_is_admin_rule(key) or _is_admin_object_redirect(route)):
            continue
        routes.add(key)
    return routes


def _is_admin_object_redirect(route: str) -> bool:
    # Every ModelAdmin's `<path:object_id>/`: an unnamed redirect to its change page.
    return route.startswith("admin/") and route.endswith("/<path:object_id>/")


def route_key(method: str, url: str) -> str:
    """The route a request reaches, named as `served_routes` names it."""
    match = resolve(url.split("?")[0])
    if match.route.startswith(tuple(prefix for prefix, _api in _ninja_apis(settings.ROOT_URLCONF))):
        operation = f"{method} {_openapi_path(match.route)}"
        if operation in _api_operations(settings.ROOT_URLCONF):
            return operation
    if match.url_name:
        return match.view_name
    return "/" + match.route


def routes_without_row(rows: Iterable[Row]) -> list[str]:
    """The served routes no row reaches (paths filled with placeholder ids)."""
    ids = _AnyId()
    covered = {route_key(row.method, row.url(ids)) for row in rows}
    return sorted(served_routes() - covered)


def by_route(rows: Iterable[Row]) -> dict[str, list[Row]]:
    """The rows grouped by the route they reach: one test per route keeps the test ids
    readable (`projects:item_edit`) and builds the data once for all its rows."""
    ids = _AnyId()
    grouped: dict[str, list[Row]] = {}
    for row in rows:
        grouped.setdefault(route_key(row.method, row.url(ids)), []).append(row)
    return grouped


def rows_of_the_apps() -> list[Row]:
    """The rows each app keeps in `<app>/tests/route_rows.py` (`ROWS`)."""
    found = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tests.route_rows")
        except ModuleNotFoundError as error:
            if error.name not in {f"{config.name}.tests", f"{config.name}.tests.route_rows"}:
                raise
            continue
        found.extend(module.ROWS)
    return found


# The admin rule.

def admin_rule_rows(secretariat_request) -> list[Row]:
    """The standard pages of every registered ModelAdmin, for its first record when there
    is one: only the secretariat passes (the others meet the admin's login, anonymous
    visitors the site's); the secretariat gets 200, or 403 where the ModelAdmin refuses
    that action to everyone (`has_add_permission` false: plans come from their data file)."""
    from django.contrib import admin

    rows = []
    for model, model_admin in admin.site._registry.items():
        info = f"{ADMIN_NAMESPACE}:{model._meta.app_label}_{model._meta.model_name}"
        pages = [("changelist", [], True), ("add", [], model_admin.has_add_permission(secretariat_request))]
        instance = model._default_manager.order_by("pk").first()
        if instance is not None:
            for view, allowed in (("change", True), ("history", True),
                                  ("delete", model_admin.has_delete_permission(secretariat_request, instance))):
                pages.append((view, [instance.pk], allowed))
        for view, args, allowed in pages:
            expected = {**logged_in("admin-login"), "secretariat": 200 if allowed else 403}
            rows.append(Row("GET", reverse(f"{info}_{view}", args=args), expected, label="règle de l'admin"))
    return rows
