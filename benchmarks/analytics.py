"""
Grading analytics on synthetic courses (analytics issue).

Targets: item analysis of 1,000,000 answers (5,000 learners x 400 questions, Rasch-simulated)
within 10 s on one worker and 500 MB; the knowledge-tracing fit at least as fast as pyBKT on the
same rows. Memory is the peak of numpy's allocations during the computation (``tracemalloc``).

pyBKT is its C++ build when installed (``make bench`` compiles it from its sdist), compared on
the same 1,000,000 answers of 20 subtopics; its pure-Python fallback needs seconds for a few
thousand answers, so then the fit is compared on one subtopic of ``PYBKT_LEARNERS`` learners.
``VE_EDU_BENCH_QUICK=1`` divides the sizes by 10.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable

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
    subtopics = [_bkt_answers(rng, LEARNERS, per_subtopic) for _ in range(SUBTOPICS)]
    ours = _time_fits(subtopics, bkt_fit.fit_bkt)
    rows.append(
        Row(f"BKT fit, {SUBTOPICS} subtopics, {ANSWERS:,} answers", ours, 60.0, "s", "one worker, < 60 s", ours < 60.0)
    )
    rows += _against_pybkt(rng, subtopics, ours)
    print_table("Grading analytics (numpy cores)", "target/pyBKT", rows)
    return rows


def _time_fits(subtopics: list[np.ndarray], fit: Callable[[np.ndarray, np.ndarray], object]) -> float:
    """Seconds to fit every subtopic's packed answers (all answered: the mask is all true)."""
    started = time.perf_counter()
    for observed in subtopics:
        fit(observed, np.ones_like(observed, dtype=bool))
    return time.perf_counter() - started


def pybkt_build() -> str | None:
    """``"C++"`` when pyBKT's compiled E-step is installed, ``"pure Python"`` for its fallback, else None."""
    try:
        from pyBKT.fit import EM_fit
    except ImportError:
        return None
    return "pure Python" if hasattr(EM_fit, "run") else "C++"


def _against_pybkt(rng: np.random.Generator, subtopics: list[np.ndarray], ours: float) -> list[Row]:
    """
    pyBKT's fit on the same rows, three starts each as ours. Its C++ build (``make bench`` compiles
    it) fits all the subtopics; the pure-Python fallback needs seconds for a few thousand answers,
    so it is compared on one small subtopic of ``PYBKT_LEARNERS`` learners instead.
    """
    from tests.analytics.pybkt_oracle import fit_with_pybkt

    build = pybkt_build()
    if build is None:
        print("pyBKT is not installed: the comparison is skipped")
        return []
    if build != "C++":
        subtopics = [_bkt_answers(rng, PYBKT_LEARNERS, 15)]
        ours = _time_fits(subtopics, bkt_fit.fit_bkt)
    theirs = _time_fits(subtopics, lambda observed, mask: fit_with_pybkt(observed, mask, num_fits=3))
    answers = sum(observed.size for observed in subtopics)
    return [
        Row(
            f"BKT fit vs pyBKT, {answers:,} answers",
            ours,
            theirs,
            "s",
            ">= pyBKT",
            ours <= theirs,
            note=f"pyBKT {build} build, 3 starts (ours: 3 starts), {len(subtopics)} subtopic(s)",
        )
    ]
