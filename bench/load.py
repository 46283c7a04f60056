"""Maillage under load: the platform served as in production, hit by concurrent clients.

    .venv/bin/pip install -e ".[bench]"          # aiohttp, the load's HTTP client
    .venv/bin/python bench/load.py [--database-url URL] [--projects 30000]
                                   [--connections 50] [--duration 60] [--workers 4]
                                   [--cache-url redis://127.0.0.1:6379/0]

1. Prepares the database as bench/run.py does (its functions): a temporary SQLite file, or
   the PostgreSQL database named in --database-url, dropped and created again (its name
   must contain "load" or "bench"); migrate, `maillage import_territories` on the official
   files, `maillage seed_scale --projects N`, ANALYZE. --reuse-database keeps a database
   prepared before (migrate only).
2. Starts gunicorn as in production (docs/deployment.md): `maillage.wsgi:application`,
   --workers sync workers, the application loaded before forking, DEBUG off, static files
   through WhiteNoise, the cache CACHE_URL names (empty: local memory in each worker).
   It listens on 127.0.0.1 only.
3. --connections clients (asyncio tasks sharing one aiohttp session, at most that many
   connections open) request the public pages and the API in a fixed mix, anonymously, each
   as soon as its previous response is read, for --warmup seconds (not counted) then
   --duration seconds. Each loop stops by itself at the deadline or after --max-requests
   requests in all; each request has a --timeout.
4. Prints p50, p99, throughput and errors, in all and per page, as a Markdown table; writes
   the JSON in bench/results/. Any non-2xx answer or connection error makes the run fail
   (exit status 1).

Why aiohttp on asyncio rather than threads: 50 connections are 50 tasks of one thread, and
the client's own CPU per request is small (the client shares the machine with the
servers); aiohttp is well kept and reads each answer in full, like a browser.

Never a test: numbers depend on the machine. See bench/README.md for the latest numbers.
"""
import argparse
import asyncio
import io
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

from run import RESULTS_DIR, ROOT, Bench, analyze, data_files, percentile, prepare_database, project_urls, \
    registry_urls, time_import

HOST = "127.0.0.1"  # loopback only: the load never leaves the machine
URLS_PER_GROUP = 300

# (group, weight): how often each kind of page is requested.
MIX = [
    ("home /", 1),
    ("registry list /collectivites/", 1),
    ("name search /collectivites/?q=", 1),
    ("collectivity /collectivites/…/", 1),
    ("project list /projets/", 2),
    ("project /projets/<pk>/", 1),
    ("plan /plan/…", 1),
    ("dashboard /tableau-de-bord/", 1),
    ("API /api/v1/collectivities", 1),
    ("API /api/v1/projects", 1),
    ("API /api/v1/dashboard", 1),
    ("static /static/…", 0.5),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (name with 'load' or 'bench'); SQLite temp file if empty")
    parser.add_argument("--reuse-database", action="store_true", help="keep the database as it is (prepared by an earlier run)")
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"), help="folder of the official files")
    parser.add_argument("--projects", type=int, default=30_000, help="projects created by seed_scale")
    parser.add_argument("--connections", type=int, default=50, help="concurrent clients (connections)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before, not counted")
    parser.add_argument("--max-requests", type=int, default=200_000, help="requests in all at most (measured)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--cache-url", default="", help="CACHE_URL of the servers (empty: local memory per worker)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    if args.reuse_database and not args.database_url:
        parser.error("--reuse-database demande --database-url (la base préparée par une exécution précédente)")
    if not (1 <= args.connections <= 1000 and 0 < args.duration <= 3600):
        parser.error("--connections entre 1 et 1000, --duration entre 1 et 3600 secondes")
    return args


def server_environment(database_url: str, cache_url: str, data_dir: str) -> dict:
    """The production settings of docs/deployment.md, on plain HTTP over loopback."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update({
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "DEBUG": "0",
        "SECRET_KEY": "load-bench-only-secret-key-not-for-production-use-0000000",
        "ALLOWED_HOSTS": HOST,
        "MAILLAGE_DATA_DIR": data_dir,
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
    })
    return env


def prepare(args) -> tuple[str, str, dict]:
    """Database ready for the load, and the URLs to request per group (from its data)."""
    if args.reuse_database:
        database_url, label = args.database_url, args.database_url.rsplit("@", 1)[-1]
    else:
        database_url, label = prepare_database(args.database_url, markers=("load", "bench"))
    os.environ.update(server_environment(database_url, "", tempfile.mkdtemp(prefix="maillage-load-prep-")))
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"# Maillage load — {label}", flush=True)
    call_command("migrate", verbosity=0)
    if not args.reuse_database:
        time_import(data_files(Path(args.data_dir).resolve()))
        started = time.perf_counter()
        call_command("seed_scale", projects=args.projects, seed=args.seed, stdout=io.StringIO())
        print(f"  seed_scale {args.projects}: {time.perf_counter() - started:.1f} s", flush=True)
        analyze()
    urls = load_urls(args.seed)
    if connection.vendor == "postgresql":
        label = f"PostgreSQL {connection.cursor().connection.info.server_version // 10000} ({connection.settings_dict['NAME']})"
    else:
        label = "SQLite"
    connection.close()
    return database_url, label, urls


def load_urls(seed: int) -> dict[str, list[str]]:
    from plan.models import Piste, Plan
    from projects.models import Project

    bench = Bench(URLS_PER_GROUP, seed, budget_s=0)
    registry = registry_urls(bench, URLS_PER_GROUP)
    projects = project_urls(bench, URLS_PER_GROUP)
    public = list(Project.objects.visible_to(None).values_list("pk", flat=True)[:50_000])
    plans = list(Plan.objects.values_list("slug", flat=True))
    pistes = list(Piste.objects.values_list("axis__plan__slug", "code"))
    plan_pages = ["/plan/"] + [f"/plan/{slug}/" for slug in plans] + [
        f"/plan/{slug}/pistes/{code}/" for slug, code in pistes]
    return {
        "home /": ["/"],
        "registry list /collectivites/": registry["list"],
        "name search /collectivites/?q=": registry["search"],
        "collectivity /collectivites/…/": registry["detail"],
        "project list /projets/": projects["projects"],
        "project /projets/<pk>/": [f"/projets/{pk}/" for pk in bench.sample(public, URLS_PER_GROUP)],
        "plan /plan/…": plan_pages,
        "dashboard /tableau-de-bord/": projects["dashboard"],
        "API /api/v1/collectivities": registry["api_list"],
        "API /api/v1/projects": projects["api_projects"],
        "API /api/v1/dashboard": projects["api_dashboard"],
        "static /static/…": ["/static/maillage/site.css"],
    }


def start_server(args, database_url: str, log_path: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn), "maillage.wsgi:application",
        "--bind", f"{HOST}:{args.port}", "--workers", str(args.workers), "--preload",
        "--timeout", str(int(args.timeout) + 5), "--graceful-timeout", "10",
    ]
    env = server_environment(database_url, args.cache_url, tempfile.mkdtemp(prefix="maillage-load-"))
    log = log_path.open("w")
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn s'est arrêté au démarrage (code {server.returncode}) ; voir {log_path}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{args.port}/", timeout=5) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    stop_server(server)
    sys.exit(f"gunicorn ne répond pas sur {HOST}:{args.port} après 120 s ; voir {log_path}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # gunicorn's graceful stop (its workers too)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def drive(args, urls: dict[str, list[str]]) -> tuple[list[tuple[str, float, int | str]], float]:
    """Warm-up, then the measured load. Returns (group, milliseconds, status or error name)
    per measured request, and the measured seconds."""
    import aiohttp

    groups = [group for group, _weight in MIX]
    weights = [weight for _group, weight in MIX]
    base = f"http://{HOST}:{args.port}"
    results: list[tuple[str, float, int | str]] = []
    timeout = aiohttp.ClientTimeout(total=args.timeout)
    connector = aiohttp.TCPConnector(limit=args.connections)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:

        async def client(number: int, until: float, keep: bool) -> None:
            rng = random.Random(args.seed * 1000 + number + (0 if keep else 500))
            while time.monotonic() < until and (not keep or len(results) < args.max_requests):
                group = rng.choices(groups, weights)[0]
                url = rng.choice(urls[group])
                started = time.perf_counter()
                try:
                    async with session.get(url, allow_redirects=False) as response:
                        await response.read()
                        outcome: int | str = response.status
                except (aiohttp.ClientError, asyncio.TimeoutError, OSError) as error:
                    outcome = type(error).__name__
                if keep:
                    results.append((group, (time.perf_counter() - started) * 1000, outcome))

        async def phase(seconds: float, keep: bool) -> float:
            started = time.monotonic()
            until = started + seconds
            tasks = [client(number, until, keep) for number in range(args.connections)]
            # Bounded in time too: a request in flight at the deadline has its own timeout.
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + args.timeout + 10)
            return time.monotonic() - started

        if args.warmup > 0:
            await phase(args.warmup, keep=False)
        elapsed = await phase(args.duration, keep=True)
    return results, elapsed


def summarise(results: list, elapsed: float) -> dict:
    def stats(items: list) -> dict:
        times = [ms for _group, ms, _outcome in items]
        ok = [outcome for _group, _ms, outcome in items if isinstance(outcome, int) and 200 <= outcome < 300]
        failed = [outcome for _group, _ms, outcome in items if not (isinstance(outcome, int) and 200 <= outcome < 300)]
        outcomes: dict[str, int] = {}
        for _group, _ms, outcome in items:
            outcomes[str(outcome)] = outcomes.get(str(outcome), 0) + 1
        return {
            "requests": len(items),
            "ok": len(ok),
            "errors": len(failed),
            "non_2xx": sum(1 for outcome in failed if isinstance(outcome, int)),
            "connection_errors": sum(1 for outcome in failed if not isinstance(outcome, int)),
            "outcomes": outcomes,
            "p50_ms": round(statistics.median(times), 1) if times else None,
            "p99_ms": round(percentile(times, 0.99), 1) if times else None,
            "max_ms": round(max(times), 1) if times else None,
            "throughput_rps": round(len(items) / elapsed, 1),
        }

    by_group: dict[str, list] = {}
    for item in results:
        by_group.setdefault(item[0], []).append(item)
    return {
        "elapsed_s": round(elapsed, 1),
        "all": stats(results),
        "groups": {group: stats(by_group[group]) for group, _weight in MIX if group in by_group},
    }


def markdown(report: dict) -> str:
    summary = report["summary"]
    lines = [
        f"{report['database']}, {report['projects']} projects, gunicorn {report['workers']} workers, "
        f"cache {report['cache']}, {report['connections']} connections × {report['duration_s']} s "
        f"(measured {summary['elapsed_s']} s) — {report['machine']}, load average "
        f"{report['load_average_at_start'][0]:.1f} at start, {report['load_average_at_end'][0]:.1f} at end",
        "",
        "| page | requests | req/s | p50 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    rows = [("**all**", summary["all"])] + list(summary["groups"].items())
    for name, s in rows:
        errors = "0" if not s["errors"] else f"**{s['errors']}** ({', '.join(f'{k}×{v}' for k, v in s['outcomes'].items())})"
        lines.append(f"| {name} | {s['requests']} | {s['throughput_rps']} | {s['p50_ms']} | {s['p99_ms']} | "
                     f"{s['max_ms']} | {errors} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(argv)
    database_url, label, urls = prepare(args)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    log_path = RESULTS_DIR / f"{stamp}-load-gunicorn.log"
    report = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "database": label,
        "projects": "reused database" if args.reuse_database else args.projects,
        "workers": args.workers,
        "cache": args.cache_url or "local memory",
        "connections": args.connections,
        "duration_s": args.duration,
    }
    server = start_server(args, database_url, log_path)
    try:
        print(f"  gunicorn on {HOST}:{args.port}, {args.workers} workers (pid {server.pid}); "
              f"{args.connections} connections, {args.warmup} s warm-up + {args.duration} s", flush=True)
        report["load_average_at_start"] = os.getloadavg()
        results, elapsed = asyncio.run(drive(args, urls))
        report["load_average_at_end"] = os.getloadavg()
    finally:
        stop_server(server)
    report["summary"] = summarise(results, elapsed)
    table = markdown(report)
    print()
    print(table)
    out = RESULTS_DIR / f"{stamp}-load-{'postgresql' if label.startswith('PostgreSQL') else 'sqlite'}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\nRésultats : {out} ; journal du serveur : {log_path}")
    errors = report["summary"]["all"]["errors"]
    if errors or not results:
        print(f"ÉCHEC : {errors} erreur(s) (réponses non 2xx ou connexions en erreur) sur {len(results)} requêtes.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
