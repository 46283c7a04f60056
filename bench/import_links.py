"""Import speed of agreements and twinnings: 10 000 rows, preview then commit, on the
national registry (`import_territories` of the official files first); then the web
page's path on the same file (the preview kept in an ImportRun, then its confirmation:
a re-import, which must create nothing).

    .venv/bin/python bench/import_links.py [--database-url postgres://…/maillage_bench] [--rows N]
"""
import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.run import ROOT, data_files, prepare_database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default="")
    parser.add_argument("--data-dir", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url, label = prepare_database(args.database_url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-000000")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.importing import build_preview, commit_preview, read_rows
    from territories.models import Collectivity, Kind, Side

    print(f"# import_links bench — {label}; load average {os.getloadavg()}", flush=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("import_territories", *data_files(Path(args.data_dir)), reference=True, stdout=io.StringIO())
    print(f"  import_territories: {time.perf_counter() - started:.1f} s", flush=True)
    rng = random.Random(1)
    fr = list(Collectivity.objects.current().filter(side=Side.FRANCE, kind=Kind.COMMUNE)
              .values_list("name", "code"))
    qc = list(Collectivity.objects.current().filter(side=Side.QUEBEC, kind=Kind.MUNICIPALITE)
              .values_list("name", "code"))
    lines = ["type;collectivite_france;code_france;collectivite_quebec;code_quebec;depuis"]
    for i in range(args.rows):
        (fname, fcode), (qname, qcode) = rng.choice(fr), rng.choice(qc)
        lines.append(f"jumelage;{fname.upper() if i % 3 else fname};{fcode if i % 2 else ''};"
                     f"Ville de {qname};{qcode if i % 5 else ''};{1960 + i % 60}")
    data = "\n".join(lines).encode()
    timings = {}
    started = time.perf_counter()
    preview = build_preview(read_rows(data, "bench.csv"), "bench.csv")
    timings["preview_s"] = time.perf_counter() - started
    statuses = {}
    for line in preview:
        statuses[line.status] = statuses.get(line.status, 0) + 1
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        counts = commit_preview(preview, source="bench.csv")
    timings["commit_s"] = time.perf_counter() - started
    commit_queries = len(queries)
    started = time.perf_counter()
    again = commit_preview(build_preview(read_rows(data, "bench.csv"), "bench.csv"))
    timings["reimport_s"] = time.perf_counter() - started
    print(f"  {args.rows} rows: {statuses}", flush=True)
    print(f"  preview {timings['preview_s']:.1f} s, commit {timings['commit_s']:.1f} s {counts} "
          f"({commit_queries} SQL queries), "
          f"re-import (preview + commit) {timings['reimport_s']:.1f} s {again}", flush=True)
    try:
        from registry.importing import confirm_run, start_run
    except ImportError:  # the bench of a version without the web page
        return
    user = get_user_model().objects.create_user("bench-import", "bench-import@example.org", "x")
    started = time.perf_counter()
    run = start_run(data, "bench.csv", user=user)
    timings["web_preview_s"] = time.perf_counter() - started
    started = time.perf_counter()
    web = confirm_run(run, by=user, choices={}, allowed_ids=None)
    timings["web_confirm_s"] = time.perf_counter() - started
    print(f"  web page: upload and preview kept {timings['web_preview_s']:.1f} s, "
          f"confirmation (re-import) {timings['web_confirm_s']:.1f} s {web}", flush=True)


if __name__ == "__main__":
    main()
