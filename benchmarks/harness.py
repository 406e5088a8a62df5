"""Shared helpers: a throw-away test database, timing by median, and a results table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


def quick() -> bool:
    """``--quick`` (or ``VE_EDU_BENCH_QUICK=1``): fewer rounds, for a first look while developing."""
    return os.environ.get("VE_EDU_BENCH_QUICK") == "1"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.host.settings.lms_test")
    import django

    django.setup()


@contextmanager
def test_database() -> Iterator[str]:
    """Create the host's test database (MariaDB when reachable) for the run and drop it after."""
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # A name of its own, so a benchmark never drops the database of a test run going on beside it.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = f"test_{old_name}_bench"
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield f"{connection.vendor}:{name}"
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def median_seconds(run: Callable[[], object], *, repeat: int, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of ``run`` over ``repeat`` runs; ``setup`` runs untimed before each."""
    samples = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


@dataclass(frozen=True)
class Row:
    """One measurement: ours against the baseline, and the issue's target for ours."""

    name: str
    ours: float
    baseline: float
    unit: str
    target: str
    met: bool
    note: str = ""

    @property
    def ratio(self) -> float:
        """How many times faster ours is than the baseline (for baselines ours should beat)."""
        return self.baseline / self.ours if self.ours else float("inf")

    @property
    def cost(self) -> float:
        """How many times the baseline's time ours takes (for floors ours should stay near)."""
        return self.ours / self.baseline if self.baseline else float("inf")


def print_table(title: str, baseline_name: str, rows: list[Row], *, against_floor: bool = False) -> None:
    """
    Print the rows. Against a baseline ours should beat, the column is the speed-up (higher is
    better); ``against_floor`` (a bare view ours should stay near) prints ours / floor instead
    (lower is better), so the column and the targets ("<= 2x the bare view") read the same way.
    """
    label = "ours/base" if against_floor else "speed-up"
    print(f"\n{title}")
    print(f"  {'case':<34} {'ours':>12} {baseline_name:>16} {label:>9}  target")
    for row in rows:
        flag = "ok" if row.met else "MISSED"
        shown = row.cost if against_floor else row.ratio
        print(
            f"  {row.name:<34} {row.ours:>10.3f}{row.unit:<2} {row.baseline:>14.3f}{row.unit:<2} {shown:>8.2f}x"
            f"  {row.target} [{flag}]{(' ' + row.note) if row.note else ''}"
        )
