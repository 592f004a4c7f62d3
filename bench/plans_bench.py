"""Plan and report benchmarks (issue 7): the national roll-up over 34 provinces and 20,000 products;
a provincial report as .xlsx (and PDF).

    .venv/bin/python bench/plans_bench.py [--rows 20000]

Fresh SQLite in a temporary folder, or BENCH_DATABASE_URL (disposable). Prints the figures.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import environment, fresh_register  # noqa: E402


def timed(fn, repeat=5):
    fn()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    tmp = environment("ocop-plans-bench-")
    from django.db import connection

    from ocop.places.models import Province
    from ocop.plans.models import Plan, Target
    from ocop.plans.reports import national_rollup, province_report, report_pdf, report_xlsx
    from ocop.producers.models import Product

    fresh_register(args.rows, tmp)
    for province in Province.objects.all():
        plan = Plan.objects.create(province=province, year=2024)
        Target.objects.create(plan=plan, indicator="recognised_products", value=50)
    print(f"database: {connection.vendor}; {Product.objects.count()} products; plans for 34 provinces")
    rollup = timed(lambda: national_rollup(2024))
    print(f"national roll-up over 34 provinces: median {rollup * 1000:.0f} ms (target < 1 s)")
    hanoi = Province.objects.get(code="01")
    xlsx = timed(lambda: report_xlsx(province_report(hanoi, 2024)))
    pdf = timed(lambda: report_pdf(province_report(hanoi, 2024)), repeat=3)
    print(f"provincial report (Hà Nội, the largest) as .xlsx: median {xlsx:.2f} s (target < 3 s); as PDF {pdf:.2f} s")


if __name__ == "__main__":
    main()
