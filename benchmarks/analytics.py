"""
Grading analytics on synthetic courses (analytics issue).

Targets: item analysis of 1,000,000 answers (5,000 learners x 400 questions, Rasch-simulated)
within 10 s on one worker and 500 MB; the knowledge-tracing fit at least as fast as pyBKT on the
same rows. Memory is the peak of numpy's allocations during the computation (``tracemalloc``).

pyBKT here is its PyPI wheel (pure Python: its C++ extension is not built by that wheel), which
needs seconds for a few thousand answers, so the fit is compared on the rows of one subtopic of
``PYBKT_LEARNERS`` learners; our fit of all 20 subtopics (1,000,000 answers) is timed as well.
``VE_EDU_BENCH_QUICK=1`` divides the sizes by 10.
"""

from __future__ import annotations

import os
import time
import tracemalloc

import numpy as np

from benchmarks.harness import Row, print_table
from ve_edu_plugin.analytics import bkt_fit, items
from ve_edu_plugin.mastery.bkt import BktParams

QUICK = os.environ.get("VE_EDU_BENCH_QUICK") == "1"
LEARNERS = 500 if QUICK else 5_000
QUESTIONS = 400
ANSWERS = 100_000 if QUICK else 1_000_000
SUBTOPICS = 20
PYBKT_LEARNERS = 200


def _rasch_answers(rng: np.random.Generator) -> items.Answers:
    learner = rng.integers(0, LEARNERS, ANSWERS)
    item = rng.integers(0, QUESTIONS, ANSWERS)
    ability, difficulty = rng.normal(0, 1, LEARNERS), rng.normal(0, 1, QUESTIONS)
    right = rng.random(ANSWERS) < 1 / (1 + np.exp(-(ability[learner] - difficulty[item])))
    choice = np.where(right, 0, rng.integers(1, 4, ANSWERS))
    return items.Answers.of(learner, item, right, choice, rng.gamma(2.0, 20.0, ANSWERS))


def _bkt_answers(rng: np.random.Generator, learners: int, steps: int) -> np.ndarray:
    truth = BktParams(prior=0.3, learn=0.15, guess=0.2, slip=0.1)
    known = rng.random(learners) < truth.prior
    observed = np.zeros((steps, learners))
    for t in range(steps):
        observed[t] = rng.random(learners) < np.where(known, 1 - truth.slip, truth.guess)
        known |= rng.random(learners) < truth.learn
    return observed


def run() -> list[Row]:
    rng = np.random.default_rng(2026)
    answers = _rasch_answers(rng)
    tracemalloc.start()
    started = time.perf_counter()
    items.item_analysis(answers, QUESTIONS, keys=np.zeros(QUESTIONS, dtype=int), n_choices=np.full(QUESTIONS, 4))
    seconds = time.perf_counter() - started
    peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rows = [
        Row(f"item analysis, {ANSWERS:,} answers", seconds, 10.0, "s", "<= 10 s", seconds <= 10.0),
        Row("item analysis, peak memory", peak_mb, 500.0, "MB", "<= 500 MB", peak_mb <= 500.0),
    ]

    per_subtopic = ANSWERS // SUBTOPICS // LEARNERS or 1
    started = time.perf_counter()
    for _ in range(SUBTOPICS):
        observed = _bkt_answers(rng, LEARNERS, per_subtopic)
        bkt_fit.fit_bkt(observed, np.ones_like(observed, dtype=bool))
    all_fits = time.perf_counter() - started
    rows.append(
        Row(
            f"BKT fit, {SUBTOPICS} subtopics, {ANSWERS:,} answers",
            all_fits,
            60.0,
            "s",
            "one worker, < 60 s",
            all_fits < 60.0,
            note="includes simulating the answers",
        )
    )
    observed = _bkt_answers(rng, PYBKT_LEARNERS, 15)
    mask = np.ones_like(observed, dtype=bool)
    started = time.perf_counter()
    bkt_fit.fit_bkt(observed, mask)
    ours = time.perf_counter() - started
    try:
        from tests.analytics.pybkt_oracle import fit_with_pybkt

        started = time.perf_counter()
        fit_with_pybkt(observed, mask, num_fits=3)
        theirs = time.perf_counter() - started
        rows.append(
            Row(
                f"BKT fit vs pyBKT, {observed.size:,} answers",
                ours,
                theirs,
                "s",
                ">= pyBKT",
                ours <= theirs,
                note="pyBKT pure-Python wheel, 3 starts (ours: 3 starts)",
            )
        )
    except ImportError:
        print("pyBKT is not installed: the comparison is skipped")
    print_table("Grading analytics (numpy cores)", "target/pyBKT", rows)
    return rows
