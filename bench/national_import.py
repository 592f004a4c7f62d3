"""National-scale import benchmark (issue 17, item 4): a register of N rows (default 200,000) imported into a fresh
database, each figure beside its floor.

    .venv/bin/python bench/national_import.py [--rows 200000] [--file FILE.xlsx] [--reset] [--profile OUT]

Prints the import's rows/s and total time (and the CPU time of its process: the machine may be shared), its peak memory (the highest resident set size of the process that ran
it, from /proc), the same for a re-import of the same file (natural keys: nothing changes), and the floors: the bare
read of the file with python-calamine and with openpyxl, and a raw bulk insert of the same rows (13 columns, one
statement per batch, no checks, no derived data).

SQLite in a temporary folder by default; PostgreSQL with BENCH_DATABASE_URL (a disposable database: `--reset` drops
and recreates its public schema first). `--file` keeps the sample register there and reuses it when it exists
(it is dated: make it again on another day). Each measured step runs in its own process forked from a lean parent,
so one step's memory does not count against another's. Asserts nothing but the import's success.
"""

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import environment  # noqa: E402


def peak_rss_mb() -> float:
    """The highest resident set size of this process so far (VmHWM), in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(fn, *args):
    """Run fn(*args) in a forked process; returns (its result, its peak RSS in MB)."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)

    def run():
        try:
            result = fn(*args)
            child.send((result, peak_rss_mb(), None))
        except BaseException as exc:  # reported by the parent
            child.send((None, peak_rss_mb(), repr(exc)))

    process = context.Process(target=run)
    process.start()
    result, rss, error = parent.recv()
    process.join()
    if error:
        raise SystemExit(f"failed: {error}")
    return result, rss


def make_sample(path: str, rows: int) -> None:
    from ocop.imports.sample import write_sample

    write_sample(path, rows)


def read_calamine(path: str) -> tuple[float, int]:
    from python_calamine import CalamineWorkbook

    started, cpu = time.perf_counter(), time.process_time()
    workbook = CalamineWorkbook.from_path(path)
    count = sum(1 for _row in workbook.get_sheet_by_index(0).iter_rows())
    return time.perf_counter() - started, time.process_time() - cpu, count


def read_openpyxl(path: str) -> tuple[float, int]:
    from openpyxl import load_workbook

    started, cpu = time.perf_counter(), time.process_time()
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return time.perf_counter() - started, time.process_time() - cpu, count


def raw_insert(path: str) -> tuple[float, int]:
    """The same rows, as read, into a scratch table of 13 columns in one transaction: the database's floor."""
    from django.db import connection, transaction
    from python_calamine import CalamineWorkbook

    rows = [tuple(None if c == "" else str(c) for c in (row + [None] * 13)[:13])
            for row in CalamineWorkbook.from_path(path).get_sheet_by_index(0).iter_rows()]
    columns = ", ".join(f"c{i} text" for i in range(13))
    names = ", ".join(f"c{i}" for i in range(13))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_raw_rows")
        cursor.execute(f"CREATE TABLE bench_raw_rows (id integer PRIMARY KEY, {columns})")
    started, cpu = time.perf_counter(), time.process_time()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY bench_raw_rows (id, {names}) FROM STDIN") as copy:
                for number, row in enumerate(rows, start=1):
                    copy.write_row((number, *row))
        else:
            marks = ", ".join(["?"] * 14)
            cursor.cursor.executemany(f"INSERT INTO bench_raw_rows (id, {names}) VALUES ({marks})",
                                      [(number, *row) for number, row in enumerate(rows, start=1)])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_raw_rows")
    return elapsed, cpu, len(rows)


def run_import(path: str, profile: str | None = None):
    from ocop.imports.service import register_import

    data = Path(path).read_bytes()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu = time.perf_counter(), time.process_time()
    report = register_import(data=data, filename=os.path.basename(path))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    if not report.ok:
        raise RuntimeError(f"import refused: {report.errors[:3]}")
    return elapsed, cpu, report.rows, report.created, report.updated, report.unchanged


def reset_postgresql() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--file", help="keep the sample register here (reused if it exists)")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop and recreate the public schema first")
    parser.add_argument("--profile", help="write the import's cProfile statistics to this file")
    args = parser.parse_args()
    tmp = environment("ocop-national-import-")
    from django.core.management import call_command
    from django.db import connection

    if args.reset and connection.vendor == "postgresql":
        reset_postgresql()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), rows: {args.rows:,}")
    path = args.file or os.path.join(tmp, f"register-{args.rows}.xlsx")
    if not os.path.exists(path):
        started = time.perf_counter()
        in_child(make_sample, path, args.rows)
        print(f"sample register written in {time.perf_counter() - started:.1f} s ({os.path.getsize(path) / 1e6:.1f} MB)")

    def line(label, rows, seconds, cpu, rss, note=""):
        print(f"{label + ':':23}{rows / seconds:8,.0f} rows/s {seconds:7.1f} s (CPU of this process {cpu:6.1f} s)  "
              f"peak RSS {rss:5.0f} MB  {note}")

    (seconds, cpu, rows, created, updated, unchanged), rss = in_child(run_import, path, args.profile)
    line("import", rows, seconds, cpu, rss, f"created {created}")
    (seconds, cpu, _rows, created, updated, unchanged), rss = in_child(run_import, path)
    line("re-import (no change)", rows, seconds, cpu, rss,
         f"unchanged {unchanged}, created {sum(created.values())}, updated {sum(updated.values())}")
    for label, fn in (("floor: calamine read", read_calamine), ("floor: openpyxl read", read_openpyxl),
                      ("floor: raw insert", raw_insert)):
        (seconds, cpu, count), rss = in_child(fn, path)
        line(label, count, seconds, cpu, rss)
    print("target: import >= 5,000 rows/s with peak RSS < 1,024 MB")


if __name__ == "__main__":
    main()
