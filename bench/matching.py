"""Partner suggestions at national scale: the `matching` group.

    .venv/bin/python bench/matching.py [--database-url URL] [--projects 30000] [--profiles 8000]
    .venv/bin/python bench/matching.py --database-url sqlite:////tmp/matching-bench.sqlite3
    .venv/bin/python bench/matching.py --database-url URL --reuse-database

`--reuse-database` times the requests on a database an earlier run prepared (migrated
again; no import, no seeding): how a change of the ranking is measured on the same data.
A `sqlite:///PATH` URL keeps the SQLite file at PATH (removed first, unless reused).

Prepares the database as bench/run.py does (a temporary SQLite file, or a PostgreSQL
database whose name contains "bench", dropped and created again; migrate; import of every
official file), runs `maillage seed_scale --projects N --profiles M` (the profiles' seeding
builds the suggestions' index), then times, in-process with Django's test Client:

- the first request of each side (the process loads its in-memory index from the rows);
- GET /api/v1/matching/suggestions for collectivities with a profile and without, from
  France (among the 1 300 Québec entities) and from Québec (among the 35 000 French ones);
- the same for a project idea (`text=`), and the page /partenaires/suggestions/;
- a profile's change: the rewrite of its row (and of nothing else), then the next request
  (which loads the rows written since).

Results as Markdown and JSON in bench/results/ (…-matching-<vendor>.json).
"""
import argparse
import io
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: database, import, Bench)

IDEAS = [
    "Échanger sur la gestion de l'eau potable et des berges",
    "Un festival des arts de la rue avec des artistes des deux côtés",
    "Circuits courts alimentaires et agriculture biologique",
    "Accueil des immigrants et langue française",
    "Filière bois et forêts : formation des jeunes",
    "Tourisme hivernal et sports d'hiver",
]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--data-dir", default=str(run.ROOT.parent / "shared" / "data"))
    parser.add_argument("--projects", type=int, default=30_000)
    parser.add_argument("--profiles", type=int, default=8_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--reuse-database", action="store_true")
    args = parser.parse_args(argv)
    if args.reuse_database and not args.database_url:
        parser.error("--reuse-database demande --database-url (la base préparée par une exécution précédente)")
    if args.database_url.startswith("sqlite:///"):
        path = Path(args.database_url.removeprefix("sqlite:///"))
        if not args.reuse_database:
            path.unlink(missing_ok=True)
        database_url, label = args.database_url, f"SQLite {path}"
    elif args.reuse_database:
        database_url, label = args.database_url, f"PostgreSQL ({args.database_url.rsplit('/', 1)[-1]}, reused)"
    else:
        database_url, label = run.prepare_database(args.database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-000000")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DEBUG"] = ""
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    sys.path.insert(0, str(run.ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    print(f"# Maillage bench, matching — {label}", flush=True)
    call_command("migrate", verbosity=0)
    report = {"date": datetime.now().isoformat(timespec="seconds"), "database": label.split(" /")[0],
              "load_average_at_start": os.getloadavg()}
    report["reused"] = args.reuse_database
    if not args.reuse_database:
        report["import"] = run.time_import(run.data_files(Path(args.data_dir).resolve()))
        started = time.perf_counter()
        call_command("seed_scale", projects=args.projects, profiles=args.profiles, seed=args.seed,
                     stdout=io.StringIO())
        report["seed_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        call_command("build_matching_index", stdout=io.StringIO())
        report["build_index_s"] = round(time.perf_counter() - started, 1)
    run.analyze()

    from matching.models import CandidateFeatures, Profile
    from territories.models import Collectivity

    report["candidates"] = {side: CandidateFeatures.objects.filter(side=side, is_candidate=True).count()
                            for side in ("fr", "qc")}
    report["profiles"] = Profile.objects.count()
    bench = run.Bench(args.requests, args.seed, 60)
    api = "/api/v1/matching/suggestions?"

    def url(**params):
        return api + urlencode(params)

    for side in ("fr", "qc"):
        code = CandidateFeatures.objects.filter(side=side).order_by("pk").values_list("code", flat=True).first()
        started = time.perf_counter()
        bench.anonymous.get(url(side=side, code=code))
        report[f"first_request_{side}_ms"] = round((time.perf_counter() - started) * 1000, 1)
        print(f"  first request ({side}, loads the other side's index): {report[f'first_request_{side}_ms']} ms")

    with_profile = {side: list(Profile.objects.filter(side=side, collectivity__isnull=False).values_list(
        "collectivity__code", flat=True)) for side in ("fr", "qc")}
    without = {side: list(Collectivity.objects.current().filter(side=side, cooperation_profile__isnull=True)
                          .values_list("code", flat=True)[:5000]) for side in ("fr", "qc")}
    for side, other in (("fr", "Québec"), ("qc", "France")):
        bench.measure(f"API suggestions {side}→{other}, profile", "matching",
                      [url(side=side, code=c, limit=10) for c in bench.sample(with_profile[side], args.requests)])
        if without[side]:  # every Québec entity may have a profile
            bench.measure(f"API suggestions {side}→{other}, no profile", "matching",
                          [url(side=side, code=c, limit=10) for c in bench.sample(without[side], args.requests)])
        bench.measure(f"API suggestions {side}→{other}, idea", "matching",
                      [url(side=side, text=t, limit=10) for t in bench.sample(IDEAS, args.requests)])
    bench.measure("page /partenaires/suggestions/", "matching",
                  ["/partenaires/suggestions/?" + urlencode({"side": "fr", "code": c})
                   for c in bench.sample(with_profile["fr"], args.requests)])

    profile = Profile.objects.filter(side="fr").order_by("pk").first()
    profile.offers += " ; tourisme hivernal"
    started = time.perf_counter()
    profile.save()
    report["profile_save_ms"] = round((time.perf_counter() - started) * 1000, 1)
    started = time.perf_counter()
    bench.anonymous.get(url(side="qc", code=with_profile["qc"][0]))
    report["request_after_change_ms"] = round((time.perf_counter() - started) * 1000, 1)
    print(f"  profile saved (its row rewritten): {report['profile_save_ms']} ms; "
          f"next request (reloads that row): {report['request_after_change_ms']} ms")
    report["pages"] = bench.results
    report["load_average_at_end"] = os.getloadavg()
    run.RESULTS_DIR.mkdir(exist_ok=True)
    vendor = "postgresql" if database_url.startswith("postgres") else "sqlite"
    out = run.RESULTS_DIR / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-matching-{vendor}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(f"\nRésultats : {out}")


if __name__ == "__main__":
    main()
