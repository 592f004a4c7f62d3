"""Rating engine benchmarks (issue 3): scoring one sheet, and the way to the next star.

    .venv/bin/python bench/criteria_bench.py [--repeat 2000]

No database: the sheets are built from the repository's set files. Prints the figures.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocop.criteria import engine  # noqa: E402
from ocop.criteria.sheets import build, expand, read_set, set_files  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(1)
    sheets = [build(s) for f in set_files() for s in expand(read_set(f))]
    answer_sets = [
        (sheet, {c.code: rng.choice(c.options).code for c in sheet.criteria}) for sheet in sheets for _ in range(20)
    ]
    scoring, way, worst_way = [], [], 0.0
    for i in range(args.repeat):
        sheet, answers = answer_sets[i % len(answer_sets)]
        started = time.perf_counter()
        engine.score(sheet, answers, with_next=False)
        scoring.append((time.perf_counter() - started) * 1000)
    for sheet, answers in answer_sets:
        lowest = {c.code: c.options[0].code for c in sheet.criteria}
        for given in (answers, lowest):
            started = time.perf_counter()
            engine.score(sheet, given)
            elapsed = (time.perf_counter() - started) * 1000
            way.append(elapsed)
            worst_way = max(worst_way, elapsed)
    criteria = max(len(s.criteria) for s in sheets)
    print(f"{len(sheets)} sheets, up to {criteria} criteria each")
    print(f"score one sheet: median {statistics.median(scoring):.3f} ms, p99 {sorted(scoring)[int(len(scoring) * 0.99)]:.3f} ms "
          f"(target < 1 ms)")
    print(f"score + way to the next star: median {statistics.median(way):.2f} ms, worst {worst_way:.2f} ms "
          f"(target < 50 ms) over {len(way)} answer sets incl. all-lowest answers")


if __name__ == "__main__":
    main()
