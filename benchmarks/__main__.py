"""
``python -m benchmarks [--quick] [name ...]``: run the named benchmarks (all by default);
``--quick`` asks the benchmarks that have one for a small size, for development.
"""

from __future__ import annotations

import os
import sys

from benchmarks.harness import setup_django, test_database

BENCHMARKS = (
    "outline_sync",
    "selection",
    "grading",
    "submit",
    "list_curves",
    "analytics",
    "timed",
    "timed_concurrency",
    "imports",
)


def main(names: list[str]) -> int:
    if "--quick" in names:
        names = [name for name in names if name != "--quick"]
        os.environ["VE_EDU_BENCH_QUICK"] = "1"
    setup_django()
    import importlib

    missed = []
    with test_database() as database:
        print(f"database: {database}")
        for name in names or BENCHMARKS:
            rows = importlib.import_module(f"benchmarks.{name}").run()
            missed += [f"{name}: {row.name}" for row in rows if not row.met]
    if missed:
        print("\nTargets missed:\n  " + "\n  ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
