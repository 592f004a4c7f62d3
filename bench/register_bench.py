"""Register benchmarks (issue 2): import of a 20,000-row register, and /api/v1/stats over it.

Runs against a fresh database: SQLite in a temporary folder by default, or the database in
BENCH_DATABASE_URL (it must be empty or disposable: it is migrated and filled).

    .venv/bin/python bench/register_bench.py [--rows 20000] [--repeat 30]

Prints the figures; asserts nothing (the machine is shared and noisy).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def setup(tmp: str) -> None:
    os.environ["OCOP_DATA_DIR"] = tmp
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
    os.environ["DEBUG"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    os.environ["DJANGO_SETTINGS_MODULE"] = "ocop.settings"
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="ocop-bench-")
    setup(tmp)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ocop.imports.sample import write_sample
    from ocop.imports.service import register_import

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
    call_command("migrate", verbosity=0)
    path = os.path.join(tmp, "register.xlsx")
    started = time.perf_counter()
    write_sample(path, args.rows)
    print(f"make_sample_register: {args.rows} rows in {time.perf_counter() - started:.1f} s")

    data = Path(path).read_bytes()
    started = time.perf_counter()
    report = register_import(data=data, filename="register.xlsx")
    elapsed = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    print(f"import {args.rows} rows: {elapsed:.1f} s (target < 30 s) — created {report.created}")
    started = time.perf_counter()
    again = register_import(data=data, filename="register.xlsx")
    print(f"re-import of the same file: {time.perf_counter() - started:.1f} s, unchanged {again.unchanged}, "
          f"created {again.created}")

    client = Client()
    queries = [
        "", "?province=01", "?year=2024", "?status=in_force", "?stars=4&status=in_force", "?group=148-1&province=79",
    ]
    for query in queries:
        client.get("/api/v1/stats" + query)  # warm
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get("/api/v1/stats" + query)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            body = client.get("/api/v1/stats" + query).json()
        print(f"GET /api/v1/stats{query or ' (no filter)'}: median {statistics.median(timings):.1f} ms, "
              f"p90 {sorted(timings)[int(0.9 * len(timings)) - 1]:.1f} ms, {len(ctx.captured_queries)} queries, "
              f"products={body['products']}")

    for query in ("?page_size=50", "?province=79&page=3&page_size=50", "?q=nuoc+mam&page_size=50"):
        timings = []
        for _ in range(max(5, args.repeat // 3)):
            started = time.perf_counter()
            client.get("/api/v1/products" + query)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get("/api/v1/products" + query)
        print(f"GET /api/v1/products{query}: median {statistics.median(timings):.1f} ms, {len(ctx.captured_queries)} queries")


if __name__ == "__main__":
    main()
