"""The observatory's search at 100 000 documents: server time of the search page and of
GET /api/v1/search, on SQLite or PostgreSQL.

    .venv/bin/python bench/search.py [--database-url postgres://…/search_bench]
                                     [--documents 100000] [--requests 60]
                                     [--reuse-database --database-url URL]

Creates a fresh database (bench/run.py's prepare_database: a temporary SQLite file, or a
PostgreSQL database whose name contains "bench", dropped and created again), migrates,
loads the plan, seeds N search documents (practices, projects, agreements, profiles in the
proportions of a national registry: mostly projects) written through observatory.text so
that their tokens are those of real records, then times, as an anonymous visitor, the
search page and the API with queries of one and two words, rare and frequent, with and
without a facet. Prints one line per endpoint (p50, p95, SQL count). `--reuse-database`
times a database an earlier run seeded (PostgreSQL, or SQLite as sqlite:////path/file),
after migrating it: how a change is measured on the same documents."""
import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.append(str(Path(__file__).resolve().parent))  # after ROOT: bench/matching.py must not hide the app

# Each document speaks of one to three of these subjects, among ordinary words: a query of
# one subject matches a few per cent of the documents, as in a registry of real records.
SUBJECTS = [
    "gestion des bassins versants", "écotechnologies de l'eau", "compostage des déchets organiques",
    "circuits courts alimentaires", "mise en marché de proximité", "agenda 21 local", "plan climat territorial",
    "persévérance scolaire", "soins à domicile des aînés", "intégration des immigrants", "patrimoine bâti",
    "réseau de bibliothèques", "jumelage de communes", "entente de coopération", "tourisme rural",
    "festival de la francophonie", "forêt habitée", "mobilité des jeunes", "stage professionnel",
    "logement social", "santé publique", "transport collectif", "innovation sociale", "numérique en région",
    "agriculture biologique", "énergie renouvelable", "culture et identité", "économie sociale",
    "développement durable", "coopération décentralisée", "échanges d'élus", "aménagement du territoire",
    "biodiversité urbaine", "musées et archives", "formation des élus", "pôles de compétitivité",
    "créneaux d'excellence", "ruralité et services", "art public", "sécurité civile",
]
SYLLABLES = "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo la le li lo lu ma me mi mo mu " \
            "na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo".split()


def filler(rng: random.Random, n: int = 20_000) -> list[str]:
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(n)]


KINDS = [("project", 0.6), ("practice", 0.15), ("agreement", 0.15), ("profile", 0.1)]
QUERIES = ["bassins versants", "écotechnologie", "ecotechnologies", "compostage", "plan climat",
           "circuits courts", "patrimoine", "jumelage", "coopération", "persévérance scolaire",
           "bibliothèques", "intégration des immigrants", "forêt", "festival", "soins à domicile"]


def seed(n: int, rng: random.Random) -> None:
    from django.db import transaction

    from observatory.models import SearchDocument, SearchText
    from observatory.search import write_documents
    from observatory.text import stems
    from plan.models import Axis

    words = filler(rng)
    themes = list(Axis.objects.filter(kind__in=("theme", "axe")).values_list("pk", flat=True))
    kinds, weights = zip(*KINDS)
    batch_size = 5000
    for start in range(0, n, batch_size):
        batch = []
        for i in range(start, min(n, start + batch_size)):
            subjects = rng.sample(SUBJECTS, k=rng.randint(1, 3))
            title = f"{subjects[0].capitalize()} {' '.join(rng.choices(words, k=rng.randint(1, 4)))}"
            body = " ".join(rng.choices(words, k=rng.randint(30, 80)) + subjects[1:])
            kind = rng.choices(kinds, weights)[0]
            doc_themes = sorted(rng.sample(themes, k=rng.randint(1, 2)))
            batch.append((
                SearchDocument(kind=kind, object_id=i + 1, stems=stems(f"{title} {body}"), is_public=rng.random() < 0.9,
                               owners="", side=rng.choice(["fr", "qc", "fr-qc"]), region_id=None,
                               theme_key=f" {' '.join(map(str, doc_themes))} "),
                SearchText(title=title, body=body, url=f"/{kind}/{i + 1}/"),
            ))
        with transaction.atomic():
            write_documents(batch)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--reuse-database", action="store_true",
                        help="time the documents an earlier run seeded in --database-url (migrated first)")
    args = parser.parse_args(argv)

    from run import Bench, prepare_database

    if args.reuse_database:
        if not args.database_url:
            sys.exit("--reuse-database demande --database-url (postgres://… ou sqlite:////chemin).")
        database_url, label = args.database_url, f"{args.database_url} (réutilisée)"
    else:
        database_url, label = prepare_database(args.database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use-000000")
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DEBUG"] = ""
    os.environ["LOG_LEVEL"] = "ERROR"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils.http import urlencode

    from plan.loading import load_plan

    print(f"# Recherche de l'observatoire — {label}", flush=True)
    call_command("migrate", verbosity=0)
    from observatory.models import SearchDocument

    if args.reuse_database:
        print(f"  {SearchDocument.objects.count()} documents déjà indexés", flush=True)
    else:
        load_plan()
        started = time.perf_counter()
        seed(args.documents, random.Random(args.seed))
        print(f"  {args.documents} documents indexés en {time.perf_counter() - started:.1f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    bench = Bench(args.requests, args.seed, budget_s=120)
    rng = random.Random(args.seed)

    def urls(path: str, facets: bool) -> list[str]:
        out = []
        for _ in range(args.requests):
            params = {"q": rng.choice(QUERIES)}
            if facets:
                params.update(rng.choice([{"kind": "practice"}, {"kind": "project"}, {"side": "qc"}]))
            if path.startswith("/observatoire/"):
                params["page"] = rng.choice(["1", "1", "2", "5"])
            else:
                params["offset"] = rng.choice(["0", "0", "20", "80"])
            out.append(f"{path}?{urlencode(params)}")
        return out

    bench.measure("page /observatoire/recherche/", "search", urls("/observatoire/recherche/", False))
    bench.measure("page /observatoire/recherche/ + filtre", "search", urls("/observatoire/recherche/", True))
    bench.measure("API /api/v1/search", "search", urls("/api/v1/search", False))
    bench.measure("API /api/v1/search + filtre", "search", urls("/api/v1/search", True))


if __name__ == "__main__":
    main()
