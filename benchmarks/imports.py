"""
A 100,000-row CSV question import run as a task (issue "Trusted under attack and load", item 5).

The task path is the REST API's for a large file: ``start_import`` stores the upload and sends
``ve_edu_plugin.tasks.import_questions`` (run eagerly here, in this process, as the host's test
settings do), which checks and writes every row in one transaction. Measured in the same run:

* the time per row of the 100,000-row task against a 1,000-row synchronous import (the baseline):
  the task must stay within 2x of it per row, i.e. the import scales linearly;
* the peak resident memory above the process's before the import (sampled every 20 ms from
  ``/proc/self/status``, so no tracer slows the run): at most 1,024 MB (the issue saw ~2 GB for 49 MB).

``VE_EDU_BENCH_IMPORT_ROWS`` sets the size (``--quick``: 5,000 rows).
"""

from __future__ import annotations

import os
import threading
import time
import uuid

from benchmarks.harness import Row, print_table, quick

ROWS = int(os.environ.get("VE_EDU_BENCH_IMPORT_ROWS", "5000" if quick() else "100000"))
BASELINE_ROWS = 1000
COURSE = "course-v1:VE-EDU+IMPORT+2026"


def _csv(rows: int, prefix: str) -> bytes:
    lines = ["id,type,text,answer,difficulty,tags"]
    lines += [
        f"{prefix}{n},numeric,What is {n} + {n % 7}?,{n + n % 7},{1 + n % 5},bench|t{n % 10}" for n in range(rows)
    ]
    return ("\n".join(lines) + "\n").encode()


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class _PeakRss:
    """The highest resident size seen while the block runs, sampled by a thread."""

    def __enter__(self) -> _PeakRss:
        self.before = self.peak = _rss_mb()
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while self._running:
            self.peak = max(self.peak, _rss_mb())
            time.sleep(0.02)

    def __exit__(self, *exc: object) -> None:
        self._running = False
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


def run() -> list[Row]:
    from django.contrib.auth import get_user_model
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.questions import api as questions_api
    from ve_edu_plugin.questions.models import ImportRun, Question

    course_key = CourseKey.from_string(COURSE)
    author = get_user_model().objects.create(username=f"bench-importer-{uuid.uuid4().hex[:6]}")

    started = time.perf_counter()
    report = questions_api.import_questions(course_key, _csv(BASELINE_ROWS, "base-"), filename="base.csv")
    baseline = (time.perf_counter() - started) / BASELINE_ROWS
    assert report.counts()["created"] == BASELINE_ROWS

    data = _csv(ROWS, "task-")
    with _PeakRss() as memory:
        started = time.perf_counter()
        run = questions_api.start_import(course_key, data, filename="bank.csv", author=author)
        seconds = time.perf_counter() - started
    run = ImportRun.objects.get(pk=run.pk)
    assert run.state == ImportRun.DONE, run.problem
    assert Question.objects.filter(course_key=course_key, external_id__startswith="task-").count() == ROWS
    grown = memory.peak - memory.before
    per_row = seconds / ROWS
    rows = [
        Row(
            f"{ROWS:,}-row CSV task, per row",
            per_row * 1000,
            baseline * 1000,
            "ms",
            "<= 2x the synchronous per row",
            per_row <= 2 * baseline,
            note=f"total {seconds:.0f} s, {len(data) / 2**20:.1f} MB file",
        ),
        Row(
            f"{ROWS:,}-row CSV task, peak RSS growth",
            grown,
            memory.before,
            "MB",
            "<= 1024 MB",
            grown <= 1024,
            note=f"peak {memory.peak:.0f} MB",
        ),
    ]
    print_table("Question import as a task", f"sync {BASELINE_ROWS:,}", rows, against_floor=True)
    return rows
