"""Rating engine benchmarks: scoring a sheet, and the way to the next star (the least-effort path
and the fewest-changes alternative), on the 26 official sheets of Decision 26/2026/QĐ-TTg.

    .venv/bin/python bench/criteria_bench.py [--repeat 2000] [--set 26-2026]

No database: the sheets are built from the repository's set files. Each timing is the best of
three runs of the same call (the machine's other work is not the engine's); prints median, p99
and worst. Targets: scoring under 1 ms; scoring with the way to the next star (alternatives
included) under 50 ms on the largest sheet.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocop.criteria import engine  # noqa: E402
from ocop.criteria.sheets import DATA_DIR, build, expand, read_set  # noqa: E402


def best_of(runs: int, call) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        call()
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--set", default="26-2026")
    args = parser.parse_args()
    rng = random.Random(1)
    sheets = [build(s) for s in expand(read_set(DATA_DIR / f"{args.set}.json"))]
    largest = max(sheets, key=lambda s: (len(s.criteria), sum(len(c.options) for c in s.criteria)))
    answer_sets = [
        (sheet, {c.code: rng.choice(c.options).code for c in sheet.criteria}) for sheet in sheets for _ in range(20)
    ]
    scoring = [best_of(3, lambda s=sheet, a=answers: engine.score(s, a, with_next=False))
               for sheet, answers in (answer_sets * (args.repeat // len(answer_sets) + 1))[:args.repeat]]
    way, on_largest = [], []
    for sheet, answers in answer_sets:
        lowest = {c.code: c.options[c.lowest].code for c in sheet.criteria}
        for given in (answers, lowest, {}):
            elapsed = best_of(3, lambda s=sheet, g=given: engine.score(s, g, partial=True))
            way.append(elapsed)
            if sheet is largest:
                on_largest.append(elapsed)
    ordered = sorted(scoring)
    print(f"{len(sheets)} sheets of {args.set}, up to {len(largest.criteria)} criteria "
          f"({largest.code}, {sum(len(c.options) for c in largest.criteria)} options)")
    print(f"score one sheet: median {statistics.median(scoring):.3f} ms, p99 {ordered[int(len(ordered) * 0.99)]:.3f} ms, "
          f"worst {ordered[-1]:.3f} ms (target < 1 ms)")
    ordered = sorted(way)
    print(f"score + least-effort way + fewest-changes alternative: median {statistics.median(way):.2f} ms, "
          f"p99 {ordered[int(len(ordered) * 0.99)]:.2f} ms, worst {ordered[-1]:.2f} ms over {len(way)} answer sets "
          f"incl. all-lowest and unanswered; on {largest.code}: worst {max(on_largest):.2f} ms (target < 50 ms)")


if __name__ == "__main__":
    main()
