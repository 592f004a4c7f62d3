"""Catalogue benchmarks (issue 6): search with a filter vs the bare full-text query over 20,000
products; the product page's size and query count.

    .venv/bin/python bench/catalogue_bench.py [--rows 20000] [--repeat 30]

Fresh SQLite in a temporary folder, or BENCH_DATABASE_URL (disposable). Prints the figures.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import environment, fresh_register  # noqa: E402


def median_ms(fn, repeat):
    fn()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    tmp = environment("ocop-catalogue-bench-")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from ocop.catalogue.search import ranked_ids
    from ocop.catalogue.selectors import product_page, search_ids
    from ocop.producers.models import Product
    from ocop.recognitions.filters import RegisterFilter

    fresh_register(args.rows, tmp, static=True)
    print(f"database: {connection.vendor}; {Product.objects.count()} products")
    for q, filters in (("nuoc mam", {"province": "01"}), ("mat ong", {"stars": "4"}), ("tra", {"province": "79", "status": "in_force"})):
        bare = median_ms(lambda: ranked_ids(q), args.repeat)
        f = RegisterFilter.parse(**filters)
        combined = median_ms(lambda: search_ids(f, q), args.repeat)
        page = median_ms(lambda: product_page(f, q=q), args.repeat)
        matches, kept = len(ranked_ids(q)), len(search_ids(f, q))
        print(f"search {q!r} with {filters}: {matches} matches, {kept} after the filter; "
              f"search with filter median {combined:.1f} ms (target < 50 ms), bare full-text query {bare:.1f} ms, "
              f"ratio {combined / bare:.1f}× (target ≤ 3×); whole first page of 24 products {page:.1f} ms")
    client = Client()
    client.get("/api/v1/products?q=nuoc+mam&province=01")
    api = median_ms(lambda: client.get("/api/v1/products?q=nuoc+mam&province=01"), args.repeat)
    print(f"GET /api/v1/products?q=nuoc+mam&province=01: median {api:.1f} ms")
    sizes, counts = [], set()
    for product in Product.objects.order_by("?")[:20]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/register/products/{product.pk}/")
        sizes.append(len(response.content))
        counts.add(len(ctx.captured_queries))
    print(f"product page: {max(sizes) / 1024:.1f} KB at most (HTML; target < 100 KB), queries per page: {sorted(counts)}")


if __name__ == "__main__":
    main()
