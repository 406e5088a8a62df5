"""
What the extension points cost on the submit path when no pipeline is configured.

Target (issue "Extension points"): with no ``OPEN_EDX_FILTERS_CONFIG`` entry, the answer-feedback
filter (the one filter on the submit path) adds at most 1% to the median of the whole submit
path measured in the same run. Mastery events are only scheduled on the rare answer that reaches
mastery, so they are not part of the per-answer cost.
"""

from __future__ import annotations

import statistics
import time

from benchmarks.harness import Row, print_table

CALLS = 20_000


def row(submit_median_us: float) -> Row:
    """The no-pipeline filter call against the submit path's median (``submit_median_us``)."""
    from django.conf import settings
    from opaque_keys.edx.keys import CourseKey

    from ve_edu_plugin.hooks import api as hooks_api

    assert not getattr(settings, "OPEN_EDX_FILTERS_CONFIG", {}), "measure the cost without a pipeline"
    course_key = CourseKey.from_string("course-v1:VE-EDU+SUBMIT+2026")
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(CALLS):
            hooks_api.answer_feedback(1, course_key, 1, block_key="", correct=False, feedback="Try again.")
        samples.append((time.perf_counter() - started) / CALLS)
    per_call = statistics.median(samples) * 1e6
    share = per_call / submit_median_us
    measured = Row(
        "feedback filter, no pipeline",
        per_call,
        submit_median_us,
        "us",
        "<= 1% of the submit path",
        share <= 0.01,
        note=f"({100 * share:.3f}% of a submit)",
    )
    print_table("Extension points on the submit path (no pipeline configured)", "whole submit", [measured])
    return measured
