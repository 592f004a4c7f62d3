"""National scale (issue 17): the public pages and the statistics over one register of `--rows` rows (the
project's sample register), each figure beside its floor.

    .venv/bin/python bench/national.py [--rows 200000] [--repeat 20] [--data-dir DIR]

SQLite in a temporary folder (or `--data-dir`, kept and reused when it already holds a register of that size),
or the database in BENCH_DATABASE_URL (disposable: migrated and filled; reused when it holds that many rows).
The register is built through the import's bulk write path from a CSV of the sample generator (the import's
own speed is measured by bench/national_import.py). The shared cache is REDIS_URL when set, else the file
cache of the data folder. Production settings (DEBUG off). Prints the figures; asserts nothing: the machine is
shared and noisy.

Each page is measured twice: "cold" with the shared cache emptied before every request (the work the page
does), and "warm" as visitors get it (what is the same for everyone comes from the shared cache).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_MS = 50.0


def timed(fn, repeat: int, before=None) -> float:
    """Median milliseconds of `fn` over `repeat` runs after one warm-up (`before` runs untimed each time)."""
    if before:
        before()
    fn()
    timings = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def setup(data_dir: str | None) -> str:
    tmp = data_dir or tempfile.mkdtemp(prefix="ocop-national-")
    os.makedirs(tmp, exist_ok=True)
    os.environ.update({"OCOP_DATA_DIR": tmp, "DEBUG": "0", "SECRET_KEY": "bench-" + "x" * 60,
                       "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_SSL_REDIRECT": "0",
                       "DJANGO_SETTINGS_MODULE": "ocop.settings", "LOG_LEVEL": "WARNING",
                       # one client asking hundreds of pages: the per-client limits would answer 429
                       "OCOP_RATE_LIMITS": "search=1000000000/60,verify=1000000000/60,export=1000000000/60"})
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    import django

    django.setup()
    return tmp


def build(rows: int, tmp: str) -> None:
    """Migrate and fill the register, unless it already holds `rows` recognitions."""
    from django.core.management import call_command

    from ocop.core.exports import csv_chunks
    from ocop.imports.sample import HEADERS, generate_rows
    from ocop.imports.service import register_import
    from ocop.recognitions.models import Recognition

    call_command("migrate", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    have = Recognition.objects.count()
    if have == rows:
        print(f"register: reused, {have} recognitions")
        return
    if have:
        sys.exit(f"the database holds {have} recognitions, not {rows}: give an empty or disposable one")
    started = time.perf_counter()
    path = os.path.join(tmp, "register.csv")
    dated = ([c.strftime("%d/%m/%Y") if hasattr(c, "strftime") else c for c in row] for row in generate_rows(rows))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.writelines(csv_chunks(HEADERS, dated))
    generated = time.perf_counter() - started
    started = time.perf_counter()
    report = register_import(data=Path(path).read_bytes(), filename="register.csv")
    assert report.ok, report.errors[:5]
    print(f"register: {rows} rows generated in {generated:.0f} s, imported in {time.perf_counter() - started:.0f} s "
          f"(the import's speed: bench/national_import.py)")


def line(name: str, ms: float, floor: str = "", target: float | None = TARGET_MS) -> None:
    mark = "" if target is None else ("  ok" if ms <= target else f"  OVER {target:.0f} ms")
    print(f"  {name:<58} {ms:8.1f} ms{mark}{'   ' + floor if floor else ''}")


def bare_group_by():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT stars, COUNT(*) FROM recognitions_recognition GROUP BY stars")
        return cursor.fetchall()


SEARCHES = [("trà", ""), ("nuoc mam", "&province=01"), ("mat ong", "&stars=4"), ("chả cá", "&status=in_force"),
            ("honey", "")]
PROVINCE_PAGES = ["/?province=01", "/?province=96&sort=stars&page=20", "/?province=79&status=in_force&page=5"]
STATS = ["", "?province=79", "?province=01&stars=4&status=in_force", "?group=26-1&year=2024", "?status=expired"]


def measure(repeat: int) -> None:
    from django.core.cache import cache, caches
    from django.db import connection
    from django.test import Client

    from ocop.catalogue.search import ranked_ids

    client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="vi")

    def get(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return fetch

    def both(name, url, floor=""):
        cold = timed(get(url), repeat, before=cache.clear)
        warm = timed(get(url), repeat)
        line(f"{name} cold", cold, floor)
        line(f"{name} warm", warm)
        return cold

    print(f"database: {connection.vendor}; cache: {caches['default'].__class__.__name__}; medians of {repeat} requests")
    print("catalogue:")
    home = both("home /", "/")
    for q, filters in SEARCHES:
        without = timed(get("/?" + filters.lstrip("&")), repeat, before=cache.clear)
        bare = timed(lambda: ranked_ids(q), repeat)
        matches = len(ranked_ids(q) or [])
        cold = timed(get(f"/?q={q}{filters}"), repeat, before=cache.clear)
        floor = without + bare
        line(f"search /?q={q}{filters} cold", cold,
             f"floor {floor:.1f} ms = page without query {without:.1f} + bare full-text {bare:.1f} ({matches} matches); "
             f"ratio {cold / floor:.2f} (target ≤ 1.5)")
        line(f"search /?q={q}{filters} warm", timed(get(f"/?q={q}{filters}"), repeat))
    both("page 40 /?page=40", "/?page=40")
    for url in PROVINCE_PAGES:  # a province's products and their counts per commune
        both(f"province {url}", url)
    print("statistics:")
    group_by = timed(bare_group_by, repeat)
    line("bare GROUP BY stars over the recognitions (floor)", group_by, target=None)
    for query in STATS:
        both(f"/api/v1/stats{query}", f"/api/v1/stats{query}", f"vs bare GROUP BY {group_by:.1f} ms")
    both("province page /provinces/79/", "/provinces/79/")
    both("dashboard /dashboard/", "/dashboard/", "")
    print(f"(catalogue home cold {home:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--data-dir", help="keep the SQLite register here and reuse it on the next run")
    parser.add_argument("--build-only", action="store_true", help="build (or check) the register, measure nothing")
    args = parser.parse_args()
    tmp = setup(args.data_dir)
    build(args.rows, tmp)
    if not args.build_only:
        measure(args.repeat)


if __name__ == "__main__":
    main()
