"""Maillage at national scale: import time and server time of the main pages.

    .venv/bin/python bench/run.py [--database-url URL] [--data-dir ../shared/data]
                                  [--projects 30000] [--requests 60]

1. Creates a fresh database: a temporary SQLite file, or the PostgreSQL database named in
   --database-url, which is dropped and created again (its name must contain "bench").
2. Migrates, then imports every official file of the data folder with
   `maillage import_territories` twice (first import, then the idempotent re-import).
3. Times the registry pages (list, name search, detail, API) with Django's test Client,
   in-process: the time measured is the server's (URL routing, views, queries, templates),
   without network or browser. Every request has its own input (page, query, entity).
4. Runs `maillage seed_scale --projects N --applications M`, then times the dashboard, the
   project list and their API as the secretariat and as an anonymous visitor.
5. Times the fund's API (calls and envelopes as the public and the secretariat, applications
   as the secretariat and as an editor), its calendar and its pages under /fonds/ (calls,
   envelopes, the report warm and cold, the lists of applications and reviews, "Mes
   candidatures" of an editor, a call, an application).
6. Prints a Markdown table and writes the full results as JSON in bench/results/.

Never a test: numbers depend on the machine. See bench/README.md for the latest numbers.
"""
import argparse
import io
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"

# Targets for p95 server time, in milliseconds.
TARGETS_MS = {
    "registry": 50,
    "dashboard": 150,
    "projects": 50,
    "fund": 50,
    "matching": 50,  # bench/matching.py
    "search": 50,  # bench/search.py
    "links": 50,  # the registry's complementarity, growth and map (links_urls)
}
IMPORT_TARGET_S = 30
MIN_REQUESTS = 15

SEARCH_QUERIES = [
    "levis", "st-jean", "saint", "montreal", "lyon", "bordeaux", "quebec", "trois rivieres",
    "ste foy", "sainte marie", "mont", "la", "paris", "marseille", "saint-denis", "val",
    "riviere du loup", "rimouski", "chicoutimi", "nantes", "villeneuve", "beau", "notre dame",
    "sherbrooke", "gatineau", "strasbourg", "lille", "metropole", "communaute", "mrc",
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL of a *bench* database; SQLite temp file if empty")
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"), help="folder of the official files")
    parser.add_argument("--projects", type=int, default=30_000, help="projects created by seed_scale")
    parser.add_argument("--applications", type=int, default=None,
                        help="fund applications created by seed_scale (one per six projects by default)")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per endpoint (at least 50 advised)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--budget", type=float, default=60, help="seconds per page before stopping early (at least 15 requests)")
    parser.add_argument(
        "--pg-options", default="",
        help='PostgreSQL settings for the connection, as in PGOPTIONS (e.g. "-c jit=off")',
    )
    parser.add_argument("--skip-projects", action="store_true", help="stop after the registry pages")
    parser.add_argument("--only-links", action="store_true",
                        help="with --reuse-database: time only the agreements and twinnings (links group)")
    parser.add_argument(
        "--reuse-database", action="store_true",
        help="time the pages of a database prepared by an earlier run (--database-url): migrate only, "
             "no import, no seed_scale",
    )
    args = parser.parse_args(argv)
    if args.reuse_database and not args.database_url:
        parser.error("--reuse-database demande --database-url (la base préparée par une exécution précédente)")
    return args


def prepare_database(url: str, markers: tuple[str, ...] = ("bench",)) -> tuple[str, str]:
    """Returns (DATABASE_URL, human label) of an empty database. A PostgreSQL database is
    dropped first: its name must contain one of `markers`."""
    if not url:
        path = Path(tempfile.mkdtemp(prefix="maillage-bench-")) / "bench.sqlite3"
        return f"sqlite:///{path}", f"SQLite {path}"
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    if not any(marker in name for marker in markers):
        sys.exit(f"Refus : la base « {name} » serait supprimée ; son nom doit contenir "
                 + " ou ".join(f"« {marker} »" for marker in markers) + ".")
    admin = psycopg.connect(
        dbname="postgres", user=config["USER"] or None, password=config["PASSWORD"] or None,
        host=config["HOST"] or None, port=config["PORT"] or None, autocommit=True,
    )
    with admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = admin.execute("SHOW server_version").fetchone()[0]
    return url, f"PostgreSQL {version} ({name})"


def data_files(data_dir: Path) -> list[str]:
    files = sorted(
        str(p) for p in data_dir.rglob("*")
        if p.is_file() and (p.name.endswith(".json.gz") or p.name.endswith(".csv"))
    )
    if not files:
        sys.exit(f"Aucun fichier officiel (*.json.gz, *.csv) dans {data_dir}.")
    return files


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    # nearest rank: the smallest value with at least `fraction` of the values at or below it
    index = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[index]


class Bench:
    def __init__(self, requests: int, seed: int, budget_s: float):
        from django.test import Client

        self.requests = requests
        self.budget_s = budget_s
        self.random = random.Random(seed)
        self.anonymous = Client()
        self.clients = {"anonyme": self.anonymous}
        self.results = []

    def log_in(self, label: str, user) -> None:
        from django.test import Client

        client = Client()
        client.force_login(user)
        self.clients[label] = client

    def measure(self, name: str, group: str, urls: list[str], who: str = "anonyme", cold: bool = False) -> dict:
        """Times each URL once (after two warm-up requests) and keeps the slowest SQL.

        cold: empties Django's cache before each request, to time what a visitor gets
        after any change of the data (the dashboard caches its figures until then)."""
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = self.clients[who]
        for url in urls[:2]:
            client.get(url)
        times, cpu_times, query_counts, statuses, slowest = [], [], [], {}, []
        budget_ends = time.perf_counter() + self.budget_s
        for done, url in enumerate(urls):
            # A page far over its target would take many minutes: stop at the budget,
            # after at least MIN_REQUESTS requests, and say how many were made.
            if done >= MIN_REQUESTS and time.perf_counter() > budget_ends:
                urls = urls[:done]
                break
            if cold:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                cpu = (time.process_time() - cpu_started) * 1000
            times.append(elapsed)
            cpu_times.append(cpu)
            query_counts.append(len(queries.captured_queries))
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            for query in queries.captured_queries:
                slowest.append((float(query["time"]) * 1000, url, query["sql"][:4000]))
        slowest.sort(reverse=True)
        result = {
            "name": name,
            "group": group,
            "who": who,
            "requests": len(urls),
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            # CPU time of this process (Python, and SQLite's engine, which runs in-process;
            # not PostgreSQL's server): what the request costs when the machine is busy.
            "cpu_p50_ms": round(statistics.median(cpu_times), 1),
            "cpu_p95_ms": round(percentile(cpu_times, 0.95), 1),
            "queries_min": min(query_counts),
            "queries_max": max(query_counts),
            "statuses": statuses,
            "target_p95_ms": TARGETS_MS[group],
            "slowest_queries": [
                {"ms": round(ms, 2), "url": url, "sql": sql} for ms, url, sql in slowest[:3]
            ],
            "slowest_url": urls[times.index(max(times))],
            "most_queries_url": urls[query_counts.index(max(query_counts))],
        }
        self.results.append(result)
        ok = verdict(result)
        print(
            f"  {name:<45} {who:<12} p50 {result['p50_ms']:>7} ms  p95 {result['p95_ms']:>7} ms  "
            f"(CPU p95 {result['cpu_p95_ms']:>6})  SQL {result['queries_min']}–{result['queries_max']}  {statuses}  {ok}",
            flush=True,
        )
        return result

    def sample(self, population: list, n: int) -> list:
        if not population:
            return []
        return [self.random.choice(population) for _ in range(n)]


def analyze() -> float:
    """Refreshes the planner's statistics, as autovacuum would within a minute of a bulk
    load: without it PostgreSQL plans for an empty table. On PostgreSQL, VACUUM too, as
    autovacuum does after many inserts: it marks the pages all-visible, which lets the
    covering indexes answer without reading the table. Returns the time it took."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return round(time.perf_counter() - started, 1)


def machine_speed() -> dict:
    """The same fixed work timed at the start and the end of a run, to compare runs made at
    different times: the machine's speed was seen to vary by half between hours. Python: a
    loop of arithmetic and dict operations; database: a query that counts to 300 000
    (a recursive CTE, run by the database's engine). Best of five, in milliseconds."""
    from django.db import connection

    def python_work():
        table = {}
        for i in range(200_000):
            table[i % 1000] = table.get(i % 1000, 0) + i * i

    def sql_work():
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000) "
                "SELECT COUNT(*) FROM n"
            )
            cursor.fetchone()

    speed = {}
    for name, work in (("python_ms", python_work), ("sql_ms", sql_work)):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            work()
            times.append((time.perf_counter() - started) * 1000)
        speed[name] = round(min(times), 1)
    return speed


def time_import(files: list[str]) -> dict:
    from django.core.management import call_command

    from territories.models import Collectivity, Link

    timings = {}
    for run in ("first", "second"):
        started = time.perf_counter()
        call_command("import_territories", *files, reference=True, stdout=io.StringIO())
        timings[f"{run}_s"] = round(time.perf_counter() - started, 1)
        print(f"  import_territories ({run} run): {timings[f'{run}_s']} s", flush=True)
    timings["analyze_s"] = analyze()
    timings["collectivities"] = Collectivity.objects.count()
    timings["links"] = Link.objects.count()
    timings["target_s"] = IMPORT_TARGET_S
    return timings


def registry_urls(bench: Bench, n: int) -> dict[str, list[str]]:
    from territories.models import Collectivity, Kind

    current = Collectivity.objects.current()
    entities = list(current.values_list("side", "kind", "code"))
    regions = list(current.filter(kind=Kind.REGION).values_list("side", "kind", "code"))
    departements = list(current.filter(kind=Kind.DEPARTEMENT).values_list("side", "kind", "code"))
    epcis = list(current.filter(kind=Kind.EPCI).values_list("side", "kind", "code"))
    names = list(current.values_list("search_name", flat=True)[:5000])

    def detail(entity):
        side, kind, code = entity
        return f"/collectivites/{side}/{kind}/{code}/"

    # A third of the detail pages are régions or départements (thousands of communes),
    # the others any entity: communes, EPCI, municipalités, MRC…
    big = bench.sample(regions, n // 6) + bench.sample(departements, n // 6) + bench.sample(epcis, n // 6)
    details = [detail(e) for e in big + bench.sample(entities, n - len(big))]
    bench.random.shuffle(details)
    # Auvergne-Rhône-Alpes (84) has more than 4 000 communes: always in the sample.
    details[0] = "/collectivites/fr/region/84/"

    words = [name.split()[0] for name in bench.sample(names, n) if name]
    queries = (SEARCH_QUERIES + words)[:n]
    region_pks = list(current.filter(kind=Kind.REGION).values_list("pk", flat=True))
    list_pages = []
    for _i in range(n):
        params = bench.random.choice(
            ["", "side=fr", "side=qc", "kind=commune", "kind=municipalite", "kind=epci",
             "side=fr&kind=commune", "population=10000-50000", "side=qc&kind=mrc",
             f"region={bench.random.choice(region_pks)}", f"region={bench.random.choice(region_pks)}&kind=commune"]
        )
        page = bench.random.randint(1, 40)
        list_pages.append(f"/collectivites/?{params}&page={page}".replace("?&", "?"))
    api = []
    for i, q in enumerate(queries):
        params = bench.random.choice(
            [f"q={q}", f"q={q}", "side=fr&kind=commune", "parent=69", "parent=200046977",
             "side=qc&kind=municipalite", "kind=epci", ""]
        )
        api.append(f"/api/v1/collectivities?{params}&offset={bench.random.randint(0, 20) * 50}".replace("?&", "?"))
    return {
        "list": list_pages,
        "search": [f"/collectivites/?q={q}" for q in queries],
        "detail": details,
        "api_list": api,
    }


def project_urls(bench: Bench, n: int) -> dict[str, list[str]]:
    from plan.models import Axis, Piste
    from territories.models import Collectivity, Kind

    regions = list(Collectivity.objects.current().filter(kind=Kind.REGION).values_list("pk", flat=True))
    pistes = list(Piste.objects.values_list("code", flat=True)) or [""]
    themes = list(Axis.objects.filter(kind=Axis.Kind.THEME).values_list("slug", flat=True)) or [""]
    # Partners drawn by seed_scale: any code is a fair filter (most match a few projects).
    codes = list(Collectivity.objects.current().filter(kind="commune").values_list("code", flat=True)[:2000])
    choice = bench.random.choice

    def filters():
        return choice([
            "", "", "status=en_cours", "status=termine", "side=qc", "side=fr", "q=eau",
            "q=culture", f"year={bench.random.randint(2006, 2026)}", f"piste={choice(pistes)}",
            f"theme={choice(themes)}", f"collectivity={choice(codes)}", "collectivity=qc:37067",
            "status=prevu&q=jeunes", f"side=qc&year={bench.random.randint(2008, 2012)}",
        ])

    def dashboard_filters():
        return choice([
            "", "", f"region={choice(regions)}", f"year={bench.random.randint(2006, 2026)}",
            "side=fr", "side=qc", "status=en_cours", f"theme={choice(themes)}",
            f"side=qc&year={bench.random.randint(2008, 2012)}",
        ])

    def url(path, params):
        return f"{path}?{params}".rstrip("?&").replace("?&", "?")

    return {
        "dashboard": [url("/tableau-de-bord/", dashboard_filters()) for _ in range(n)],
        "api_dashboard": [url("/api/v1/dashboard", dashboard_filters()) for _ in range(n)],
        "projects": [url("/projets/", f"{filters()}&page={bench.random.randint(1, 40)}") for _ in range(n)],
        "api_projects": [url("/api/v1/projects", f"{filters()}&limit=50&offset={bench.random.randint(0, 40) * 50}")
                         for _ in range(n)],
    }


# The fund's pages: (label, URL name, who, needs an id of). "éditeur" is an editor of the
# collectivity that leads the most applications (fund_editor()); the report is timed warm
# (its figures cached on the data version) and cold (after any change of the data).
FUND_PAGES = [
    ("calls /fonds/", "fund:call_list", ("anonyme", "secrétariat"), None),
    ("call /fonds/appels/…/", "fund:call_detail", ("anonyme",), "call"),
    ("envelopes /fonds/enveloppes/", "fund:envelopes", ("anonyme", "secrétariat"), None),
    ("report /fonds/bilan/", "fund:reports", ("anonyme", "secrétariat"), None),
    ("applications /fonds/demandes/", "fund:application_list", ("secrétariat",), None),
    ("my applications /fonds/mes-candidatures/", "fund:my_applications", ("éditeur",), None),
    ("application /fonds/demandes/…/", "fund:application_detail", ("secrétariat",), "application"),
    ("reviews /fonds/evaluations/", "fund:review_list", ("secrétariat",), None),
]


def fund_editor():
    """A user attached to the collectivity that leads the most applications (created once)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from fund.models import Application

    user = get_user_model().objects.filter(username="bench-fund-editor").first()
    if user is None:
        lead = Application.objects.order_by().values("lead_id").annotate(n=Count("pk")).order_by("-n", "lead_id")[0]
        user = get_user_model().objects.create_user("bench-fund-editor", password=None)
        user.memberships.create(collectivity_id=lead["lead_id"])
    return user


def fund_urls(bench: Bench, n: int) -> dict:
    """The fund's API and calendar, and the pages of FUND_PAGES."""
    from django.urls import reverse

    from fund.models import Application, Call, Envelope, Stage

    choice = bench.random.choice
    calls = list(Call.objects.values_list("pk", flat=True)) or [0]
    years = sorted(set(Envelope.objects.values_list("year", flat=True))) or [2010]
    applications = list(Application.objects.order_by("pk").values_list("pk", flat=True)[:5000]) or [0]
    count = len(applications)
    stages = list(Stage.values)

    def filtered(url: str) -> str:
        filters = choice(["", "", f"stage={choice(stages)}", f"call={choice(calls)}",
                          f"call={choice(calls)}&stage={choice(stages)}"])
        return f"{url}&{filters}" if filters else url

    urls = {
        "api_calls": [f"/api/v1/fund/calls?limit={choice([20, 50])}" for _ in range(n)],
        "api_envelopes": [
            "/api/v1/fund/envelopes" + choice(["", f"?year={choice(years)}", "?side=fr", "?side=qc",
                                               f"?year={choice(years)}&side=qc"]) for _ in range(n)],
        "api_applications": [
            filtered(f"/api/v1/fund/applications?limit=50&offset={bench.random.randint(0, max(0, count // 50 - 1)) * 50}")
            for _ in range(n)],
        "api_applications_editor": [filtered("/api/v1/fund/applications?limit=50") for _ in range(n)],
        "calendar": ["/fonds/calendrier.ics"] * n,
        "pages": [],
    }
    for label, name, whos, needs in FUND_PAGES:
        ids = {"call": calls, "application": applications}.get(needs, [None])
        if needs:
            page_urls = [reverse(name, args=[choice(ids)]) for _ in range(n)]
        elif name == "fund:application_list":
            page_urls = [filtered(reverse(name) + f"?page={bench.random.randint(1, 40)}") for _ in range(n)]
        else:
            page_urls = [reverse(name)] * n
        urls["pages"] += [(label, who, page_urls) for who in whos]
    return urls


def measure_fund(bench: Bench, n: int) -> None:
    """The fund's group (target TARGETS_MS["fund"]): API, calendar and pages."""
    bench.log_in("éditeur", fund_editor())
    urls = fund_urls(bench, n)
    bench.measure("API /api/v1/fund/calls", "fund", urls["api_calls"])
    bench.measure("API /api/v1/fund/calls", "fund", urls["api_calls"], "secrétariat")
    bench.measure("API /api/v1/fund/envelopes", "fund", urls["api_envelopes"])
    bench.measure("API /api/v1/fund/envelopes", "fund", urls["api_envelopes"], "secrétariat")
    bench.measure("API /api/v1/fund/applications", "fund", urls["api_applications"], "secrétariat")
    bench.measure("API /api/v1/fund/applications", "fund", urls["api_applications_editor"], "éditeur")
    bench.measure("calendar /fonds/calendrier.ics", "fund", urls["calendar"])
    for label, who, page_urls in urls["pages"]:
        if label.startswith("report"):
            bench.measure(f"{label} (cold cache)", "fund", page_urls, who, cold=True)
        bench.measure(label, "fund", page_urls, who)


def links_urls(bench: Bench, n: int) -> dict[str, list[str]]:
    """Complementarity for collectivities that have twinnings (and their régions), and for
    themes; growth; the map. The links are those `seed_scale` writes, if any."""
    from plan.models import Axis
    from registry.models import Twinning

    choice = bench.random.choice
    french = list(Twinning.objects.values_list("french__code", "french__region__code")[:2000]) or [("69123", "84")]
    themes = list(Axis.objects.filter(kind="theme").values_list("pk", flat=True)) or [0]

    def complementarity():
        code, region = choice(french)
        query = choice([f"side=fr&code={code}", f"side=fr&code={region or code}", f"theme={choice(themes)}"])
        return f"/ententes-jumelages/complementarite/?{query}"

    from registry.models import Agreement

    agreement_ids = list(Agreement.objects.filter(is_published=True).values_list("pk", flat=True)[:5000]) or [0]
    twinning_ids = list(Twinning.objects.filter(is_published=True).values_list("pk", flat=True)[:5000]) or [0]
    # Current régions only: a twinning's commune may still name a former one (Rhône-Alpes),
    # which the filters answer with a 404.
    from territories.models import Collectivity

    current = set(Collectivity.objects.filter(side="fr", kind="region", valid_until__isnull=True)
                  .values_list("code", flat=True))
    regions = sorted({region for _code, region in french if region in current}) or ["84"]
    statuses = ["en_vigueur", "echue", "preparation"]

    def listing(kind: str):
        page = choice([1, 1, 2, 5, 20])
        query = choice([f"page={page}", f"region=fr:{choice(regions)}", f"collectivity=fr:{choice(french)[0]}",
                        f"theme={bench.random.choice(theme_slugs)}&page={page}", "side=qc",
                        f"status={choice(statuses)}" if kind == "ententes" else "status=dormant"])
        return f"/ententes-jumelages/{kind}/?{query}"

    def api(kind: str):
        offset = choice([0, 0, 50, 500])
        query = choice([f"offset={offset}", f"region=fr:{choice(regions)}", f"collectivity=fr:{choice(french)[0]}",
                        f"theme={bench.random.choice(theme_slugs)}&limit=50", "side=qc&limit=100"])
        return f"/api/v1/{kind}?{query}"

    theme_slugs = list(Axis.objects.filter(kind="theme").values_list("slug", flat=True)) or ["culture"]
    return {
        "complementarity": [complementarity() for _ in range(n)],
        "growth": ["/ententes-jumelages/croissance/"] * n,
        "map": ["/ententes-jumelages/carte/"] * n,
        "agreements": [listing("ententes") for _ in range(n)],
        "twinnings": [listing("jumelages") for _ in range(n)],
        "agreement": [f"/ententes-jumelages/ententes/{choice(agreement_ids)}/" for _ in range(n)],
        "twinning": [f"/ententes-jumelages/jumelages/{choice(twinning_ids)}/" for _ in range(n)],
        "api_agreements": [api("agreements") for _ in range(n)],
        "api_twinnings": [api("twinnings") for _ in range(n)],
    }


def verdict(result: dict) -> str:
    if {int(status) for status in result["statuses"]} != {200}:  # keys are str once in JSON
        return "ERRORS"
    return "ok" if result["p95_ms"] <= result["target_p95_ms"] else "MISSED"


def markdown(report: dict) -> str:
    lines = [
        f"Machine: {report['machine']} — database: {report['database']} — load average "
        f"{report['load_average_at_start'][0]:.1f} at start, {report['load_average_at_end'][0]:.1f} at end",
        "",
        "Machine speed (fixed work, best of 5; lower is faster): Python "
        f"{report['speed_at_start']['python_ms']} ms at start, {report['speed_at_end']['python_ms']} ms at end; "
        f"database {report['speed_at_start']['sql_ms']} ms at start, {report['speed_at_end']['sql_ms']} ms at end.",
        "",
        "| step | target | result |",
        "|---|---|---|",
    ]
    imp = report["import"]
    lines.append(f"| import (first run) | < {imp['target_s']} s | {imp['first_s']} s |")
    lines.append(f"| import (second, idempotent) | < {imp['target_s']} s | {imp['second_s']} s |")
    if "seed_s" in report:
        lines.append(f"| seed_scale {report['projects']} projects, {report.get('fund_applications', 0)} fund "
                     f"applications | — | {report['seed_s']} s |")
    lines += [
        "",
        f"Collectivities: {imp['collectivities']}, links: {imp['links']}.",
        "",
        "| page | who | n | p50 ms | p95 ms | max ms | CPU p95 ms | SQL queries | target p95 | |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["pages"]:
        ok = verdict(r).lower()
        ok = ok if ok == "ok" else f"**{ok}**"
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(r["statuses"].items()))
        lines.append(
            f"| {r['name']} | {r['who']} | {r['requests']} | {r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {r['cpu_p95_ms']} | "
            f"{r['queries_min']}–{r['queries_max']} | {r['target_p95_ms']} | {ok} ({statuses}) |"
        )
    return "\n".join(lines)


def main(argv=None) -> None:
    args = parse_args(argv)
    data_dir = Path(args.data_dir).resolve()
    files = data_files(data_dir)
    if args.reuse_database:
        vendor = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
        database_url, database_label = args.database_url, f"{vendor} ({args.database_url.rsplit('/', 1)[-1]}, reused)"
    else:
        database_url, database_label = prepare_database(args.database_url)
    os.environ["DATABASE_URL"] = database_url
    if args.pg_options:
        os.environ["PGOPTIONS"] = args.pg_options  # read by libpq, hence psycopg
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-000000")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DEBUG"] = ""
    os.environ["LOG_LEVEL"] = "ERROR"  # no "Not Found" line per 404
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    print(f"# Maillage bench — {database_label}", flush=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"  migrate: {time.perf_counter() - started:.1f} s", flush=True)

    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": database_label.split(" /")[0] if database_label.startswith("SQLite") else database_label,
        "data_dir": str(data_dir),
        "files": [str(Path(f).relative_to(data_dir)) for f in files],
        "requests_per_endpoint": args.requests,
        "pg_options": args.pg_options,
        "load_average_at_start": os.getloadavg(),
        "speed_at_start": machine_speed(),
    }
    if args.pg_options:
        report["database"] += f" with PGOPTIONS {args.pg_options!r}"
    if args.reuse_database:
        from territories.models import Collectivity, Link

        analyze()
        report["import"] = {"first_s": "—", "second_s": "—", "target_s": IMPORT_TARGET_S, "reused": True,
                            "collectivities": Collectivity.objects.count(), "links": Link.objects.count()}
    else:
        report["import"] = time_import(files)

    bench = Bench(args.requests, args.seed, args.budget)
    secretariat = get_user_model().objects.filter(username="bench-secretariat").first() or \
        get_user_model().objects.create_user("bench-secretariat", password=None, is_secretariat=True, is_staff=True)
    bench.log_in("secrétariat", secretariat)

    # As a server's process does once Django is loaded (wsgi.py): what is loaded so far is
    # frozen out of the garbage collector's full collections. Again after seed_scale.
    from maillage.process import freeze_startup_objects

    freeze_startup_objects()
    print("## Registry", flush=True)
    urls = registry_urls(bench, args.requests)
    bench.measure("registry list /collectivites/", "registry", urls["list"])
    bench.measure("name search /collectivites/?q=", "registry", urls["search"])
    bench.measure("detail /collectivites/…/", "registry", urls["detail"])
    bench.measure("API /api/v1/collectivities/", "registry", urls["api_list"])

    if not args.skip_projects:
        print("## Projects", flush=True)
        from projects.models import Project

        if not args.reuse_database:
            started = time.perf_counter()
            call_command("seed_scale", projects=args.projects, applications=args.applications, seed=args.seed,
                         stdout=io.StringIO())
            report["seed_s"] = round(time.perf_counter() - started, 1)
            analyze()
        freeze_startup_objects()
        report["projects"] = Project.objects.count()
        if not args.only_links:
            urls = project_urls(bench, args.requests)
            for who in ("secrétariat", "anonyme"):
                bench.measure("dashboard /tableau-de-bord/ (cold cache)", "dashboard", urls["dashboard"], who, cold=True)
                bench.measure("dashboard /tableau-de-bord/", "dashboard", urls["dashboard"], who)
                bench.measure("API /api/v1/dashboard/", "dashboard", urls["api_dashboard"], who)
                bench.measure("project list /projets/", "projects", urls["projects"], who)
                bench.measure("API /api/v1/projects/", "projects", urls["api_projects"], who)

            print("## Fund", flush=True)
            from fund.models import Application

            report["fund_applications"] = Application.objects.count()
            measure_fund(bench, args.requests)

        print("## Agreements and twinnings", flush=True)
        from registry.models import Twinning

        report["registry_twinnings"] = Twinning.objects.count()
        urls = links_urls(bench, args.requests)
        # The pages cached by data version are timed twice: on a cold cache (emptied before
        # each request: a first read of each filter, what counts) and as they come (the
        # bench's random filters repeat, so some requests are hits).
        bench.measure("complementarity /ententes-jumelages/complementarite/ (cold cache)", "links",
                      urls["complementarity"], cold=True)
        bench.measure("complementarity /ententes-jumelages/complementarite/", "links", urls["complementarity"])
        bench.measure("growth /ententes-jumelages/croissance/", "links", urls["growth"])
        bench.measure("map /ententes-jumelages/carte/", "links", urls["map"])
        for who in ("anonyme", "secrétariat"):
            for name, key in (("agreements /ententes-jumelages/ententes/", "agreements"),
                              ("twinnings /ententes-jumelages/jumelages/", "twinnings"),
                              ("API /api/v1/agreements", "api_agreements"), ("API /api/v1/twinnings", "api_twinnings")):
                bench.measure(f"{name} (cold cache)", "links", urls[key], who, cold=True)
                bench.measure(name, "links", urls[key], who)
            bench.measure("an agreement /ententes-jumelages/ententes/N/", "links", urls["agreement"], who)
            bench.measure("a twinning /ententes-jumelages/jumelages/N/", "links", urls["twinning"], who)

    report["pages"] = bench.results
    report["load_average_at_end"] = os.getloadavg()
    report["speed_at_end"] = machine_speed()
    table = markdown(report)
    print()
    print(table)
    RESULTS_DIR.mkdir(exist_ok=True)
    vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    out = RESULTS_DIR / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{vendor}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\nRésultats : {out}")


if __name__ == "__main__":
    main()
