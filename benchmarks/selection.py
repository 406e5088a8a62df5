"""
Adaptive selection from a 10,000-question bank: the indexed selector against a naive full scan.

Target (issue "Learner blocks"): a selection takes <= 1 ms. The baseline ranks every question of
the frontier subtopics on each call, as a selector without the per-version index would.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable

from benchmarks.harness import Row, print_table
from benchmarks.selection_data import TARGET_MICROSECONDS, bench_pool_build, synthetic_pool, synthetic_requests
from ve_edu_plugin.mastery.selection import (
    QuestionId,
    SelectionConfig,
    SelectionRequest,
    SubtopicId,
    select_next_question,
    target_difficulty,
)


def _naive_select(
    request: SelectionRequest, questions: list[tuple[QuestionId, SubtopicId, int]], window: int
) -> object:
    """Scan the whole bank: first unmastered target, closest difficulty, not recently seen."""
    recent = set(request.recent_question_ids[:window])
    for target in request.targets:
        if target.mastered:
            continue
        wanted = target_difficulty(target.p_mastery)
        fitting = sorted(
            (abs(difficulty - wanted), question_id)
            for question_id, subtopic, difficulty in questions
            if subtopic == target.subtopic_id and question_id not in recent
        )
        if fitting:
            return random.choice(fitting[:3])[1]
    return None


def run() -> list[Row]:
    rounds, window = 3000, 20
    pool = synthetic_pool()
    questions = [(qid, subtopic, difficulty) for qid, (subtopic, difficulty) in pool.locations.items()]
    config = SelectionConfig(max_questions=100, daily_limit=60, repeat_window=window, top_k=3, open_subtopics=1)
    requests = synthetic_requests(pool, count=rounds, window=window)

    def median_us(select: Callable[[SelectionRequest], object]) -> float:
        samples = []
        for request in requests:
            started = time.perf_counter_ns()
            select(request)
            samples.append(time.perf_counter_ns() - started)
        return statistics.median(samples) / 1000.0

    median_us(lambda r: select_next_question(r, pool=pool, config=config))  # warm up
    ours = median_us(lambda r: select_next_question(r, pool=pool, config=config))
    naive = median_us(lambda r: _naive_select(r, questions, window))
    rows = [
        Row(
            "select next question (10,000 bank)",
            ours,
            naive,
            "us",
            f"<= {TARGET_MICROSECONDS:.0f} us",
            ours <= TARGET_MICROSECONDS,
        )
    ]
    print_table(f"Adaptive selection, {len(pool):,} questions (median of {rounds:,})", "full scan", rows)
    print(f"  (indexing the bank once per bank version: {bench_pool_build():.1f} ms)")
    return rows
