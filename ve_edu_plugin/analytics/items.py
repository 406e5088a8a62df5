"""
Item analysis of a question bank from its answers (pure numpy, no Django).

A teacher's questions are judged the way classical test theory and Moodle's quiz statistics do,
on each learner's *first* answer to a question (later answers of adaptive practice are learning,
not measurement):

* **facility** ``p``: the share of learners whose first answer was right;
* **point-biserial** discrimination: the correlation between being right on this question and
  the learner's *rest score* (share right on their other questions, so the question does not
  correlate with itself; a share rather than a sum because practice learners answer different
  numbers of questions);
* **upper-lower 27%** discrimination: facility among the top 27% of learners by overall share
  right minus facility among the bottom 27% (Kelley's groups);
* **distractor counts**: how often each choice was picked, over every answer;
* **median time** to answer, over every answer with a known time. The attempt log records when
  an answer was given, not when its question was shown, so the time of an answer is the time
  since the same learner's previous answer in the same subtopic (:func:`seconds_between_answers`):
  the reading, thinking and the look at the previous feedback. A learner's first answer of a
  sitting (nothing before it, or a gap longer than a break's cap) has no known time;
* **Rasch difficulty**: ``ln((1 - p) / p)`` with half a count added either side (so p = 0 or 1
  stays finite), centred so the course's questions average 0 (:func:`centre`);
* **flags** a teacher should look at (:func:`flags_of`).

Everything is vectorised with ``bincount``: one pass over the answers whatever the bank size.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

TOO_EASY = "too_easy"
TOO_HARD = "too_hard"
NEGATIVE_DISCRIMINATION = "negative_discrimination"
WEAK_DISCRIMINATION = "weak_discrimination"
UNUSED_DISTRACTOR = "unused_distractor"
DISTRACTOR_ABOVE_KEY = "distractor_above_key"
FLAGS = (TOO_EASY, TOO_HARD, NEGATIVE_DISCRIMINATION, WEAK_DISCRIMINATION, UNUSED_DISTRACTOR, DISTRACTOR_ABOVE_KEY)

#: Share of learners in each of Kelley's upper and lower groups.
GROUP_SHARE = 0.27


@dataclass(frozen=True)
class Answers:
    """Answers to a bank of ``n_items`` questions, one entry per answer, oldest first.

    Attributes:
        learner: learner index per answer (0-based, dense).
        item: question index per answer (0-based, dense, < n_items).
        correct: 1.0 for a right answer, 0.0 for a wrong one (partial credit allowed).
        choice: index of the choice picked, -1 when the question has no choices.
        seconds: time taken, NaN when unknown.
    """

    learner: IntArray
    item: IntArray
    correct: FloatArray
    choice: IntArray
    seconds: FloatArray

    @classmethod
    def of(
        cls,
        learner: npt.ArrayLike,
        item: npt.ArrayLike,
        correct: npt.ArrayLike,
        choice: npt.ArrayLike | None = None,
        seconds: npt.ArrayLike | None = None,
    ) -> Answers:
        """Arrays of the right dtypes; choice and seconds default to "none" and "unknown"."""
        learner_a = np.asarray(learner, dtype=np.int64)
        size = learner_a.shape[0]
        return cls(
            learner=learner_a,
            item=np.asarray(item, dtype=np.int64),
            correct=np.asarray(correct, dtype=np.float64),
            choice=np.full(size, -1, dtype=np.int64) if choice is None else np.asarray(choice, dtype=np.int64),
            seconds=np.full(size, np.nan) if seconds is None else np.asarray(seconds, dtype=np.float64),
        )


@dataclass(frozen=True)
class FlagThresholds:
    """When a question is flagged; flags need ``min_learners`` first answers to mean anything."""

    min_learners: int = 20
    too_easy: float = 0.9
    too_hard: float = 0.2
    weak_discrimination: float = 0.2


@dataclass(frozen=True)
class ItemTable:
    """Per-question statistics, each array indexed by question; NaN where undefined."""

    answers: IntArray
    learners: IntArray
    facility: FloatArray
    point_biserial: FloatArray
    upper_lower: FloatArray
    median_seconds: FloatArray
    difficulty: FloatArray
    choice_counts: IntArray  # (n_items, n_choices)
    flags: list[list[str]] = field(default_factory=list)


def first_answers(answers: Answers) -> tuple[IntArray, IntArray, FloatArray]:
    """Each learner's first answer to each question: (learner, item, correct)."""
    if answers.learner.size == 0:
        return answers.learner, answers.item, answers.correct
    n_items = int(answers.item.max()) + 1
    pair = answers.learner * n_items + answers.item
    _, first = np.unique(pair, return_index=True)
    return answers.learner[first], answers.item[first], answers.correct[first]


def item_analysis(
    answers: Answers,
    n_items: int,
    keys: npt.ArrayLike | None = None,
    n_choices: npt.ArrayLike | None = None,
    thresholds: FlagThresholds | None = None,
) -> ItemTable:
    """The statistics of every question of a bank (see the module docstring).

    Args:
        answers: every answer, oldest first.
        n_items: questions in the bank (questions nobody answered get zero counts and NaNs).
        keys: index of the right choice per question, -1 for questions without choices.
        n_choices: choices per question (0 without choices); distractor flags need it.
        thresholds: flag thresholds.
    """
    learner, item, correct = first_answers(answers)
    learners = np.bincount(item, minlength=n_items).astype(np.int64)
    right = np.bincount(item, weights=correct, minlength=n_items)
    with np.errstate(invalid="ignore", divide="ignore"):
        facility = right / learners
    keys_a = np.full(n_items, -1, dtype=np.int64) if keys is None else np.asarray(keys, dtype=np.int64)
    choices_a = np.zeros(n_items, dtype=np.int64) if n_choices is None else np.asarray(n_choices, dtype=np.int64)
    counts = choice_counts(answers, n_items, int(max(choices_a.max(initial=0), answers.choice.max(initial=-1) + 1)))
    table = ItemTable(
        answers=np.bincount(answers.item, minlength=n_items).astype(np.int64),
        learners=learners,
        facility=facility,
        point_biserial=point_biserial(learner, item, correct, n_items),
        upper_lower=upper_lower(learner, item, correct, n_items),
        median_seconds=median_by_item(answers.item, answers.seconds, n_items),
        difficulty=rasch_difficulty(right, learners),
        choice_counts=counts,
    )
    limits = thresholds or FlagThresholds()
    table.flags.extend(flags_of(table, index, keys_a[index], int(choices_a[index]), limits) for index in range(n_items))
    return table


def point_biserial(learner: IntArray, item: IntArray, correct: FloatArray, n_items: int) -> FloatArray:
    """Pearson correlation, per question, of the first answer with the learner's rest share.

    Learners with no other answered question have no rest score and are left out.
    """
    if learner.size == 0:
        return np.full(n_items, np.nan)
    n_learners = int(learner.max()) + 1
    total = np.bincount(learner, weights=correct, minlength=n_learners)
    count = np.bincount(learner, minlength=n_learners)
    others = count[learner] - 1
    keep = others > 0
    x = correct[keep]
    rest = (total[learner] - correct)[keep] / others[keep]
    at = item[keep]

    def sums(values: FloatArray) -> FloatArray:
        return np.bincount(at, weights=values, minlength=n_items)

    n = sums(np.ones_like(x))
    sx, sy, sxy, sxx, syy = sums(x), sums(rest), sums(x * rest), sums(x * x), sums(rest * rest)
    with np.errstate(invalid="ignore", divide="ignore"):
        cov = n * sxy - sx * sy
        var = (n * sxx - sx * sx) * (n * syy - sy * sy)
        result = cov / np.sqrt(var)
    result[~(var > 1e-12)] = np.nan
    return result


def upper_lower(learner: IntArray, item: IntArray, correct: FloatArray, n_items: int) -> FloatArray:
    """Facility in the top 27% of learners minus facility in the bottom 27%, per question.

    Learners are ranked by their overall share right (ties by learner index, so the groups are
    reproducible); each group holds ``round(0.27 * learners)`` learners, at least one.
    """
    if learner.size == 0:
        return np.full(n_items, np.nan)
    n_learners = int(learner.max()) + 1
    count = np.bincount(learner, minlength=n_learners)
    active = np.flatnonzero(count)
    share = np.bincount(learner, weights=correct, minlength=n_learners)[active] / count[active]
    ranked = active[np.argsort(share, kind="stable")]
    size = max(1, round(GROUP_SHARE * active.size))
    group = np.zeros(n_learners, dtype=np.int8)
    group[ranked[:size]] = -1
    group[ranked[-size:]] = 1
    result = np.full(n_items, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        upper_mask, lower_mask = group[learner] == 1, group[learner] == -1
        upper = np.bincount(item[upper_mask], weights=correct[upper_mask], minlength=n_items) / np.bincount(
            item[upper_mask], minlength=n_items
        )
        lower = np.bincount(item[lower_mask], weights=correct[lower_mask], minlength=n_items) / np.bincount(
            item[lower_mask], minlength=n_items
        )
        result = upper - lower
    return result


def choice_counts(answers: Answers, n_items: int, n_choices: int) -> IntArray:
    """How often each choice of each question was picked, over every answer: (n_items, n_choices)."""
    if n_choices <= 0:
        return np.zeros((n_items, 0), dtype=np.int64)
    picked = answers.choice >= 0
    flat = answers.item[picked] * n_choices + answers.choice[picked]
    return np.bincount(flat, minlength=n_items * n_choices).reshape(n_items, n_choices).astype(np.int64)


def median_by_item(item: IntArray, seconds: FloatArray, n_items: int) -> FloatArray:
    """Median of the known times per question (NaN without any): one sort, no Python loop per answer."""
    known = np.isfinite(seconds)
    at, values = item[known], seconds[known]
    order = np.lexsort((values, at))
    at, values = at[order], values[order]
    counts = np.bincount(at, minlength=n_items)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    result = np.full(n_items, np.nan)
    has = counts > 0
    low = starts[has] + (counts[has] - 1) // 2
    high = starts[has] + counts[has] // 2
    result[has] = (values[low] + values[high]) / 2.0
    return result


def seconds_between_answers(learner: IntArray, when: FloatArray, cap: float) -> FloatArray:
    """Seconds since the same learner's previous answer, per answer; NaN for a first answer or a gap over ``cap``.

    ``when`` is each answer's time in seconds (any epoch); answers may come in any order.
    """
    seconds = np.full(learner.size, np.nan)
    if learner.size < 2:
        return seconds
    order = np.lexsort((when, learner))
    gap = np.diff(when[order])
    same = learner[order][1:] == learner[order][:-1]
    gap[~same | (gap > cap)] = np.nan
    seconds[order[1:]] = gap
    return seconds


def rasch_difficulty(right: FloatArray, learners: IntArray) -> FloatArray:
    """``ln((wrong + 0.5) / (right + 0.5))`` per question: the logit of 1 - p, finite at p = 0 or 1."""
    with np.errstate(invalid="ignore", divide="ignore"):
        result = np.log((learners - right + 0.5) / (right + 0.5))
    result[learners == 0] = np.nan
    return result


def centre(difficulty: FloatArray, learners: IntArray, *, min_learners: int = 1) -> FloatArray:
    """Difficulties shifted so the questions with ``min_learners`` first answers average 0 (a course's scale)."""
    counted = (learners >= min_learners) & np.isfinite(difficulty)
    if not counted.any():
        return difficulty.copy()
    return difficulty - float(difficulty[counted].mean())


def flags_of(table: ItemTable, index: int, key: int, n_choices: int, limits: FlagThresholds) -> list[str]:
    """What a teacher should look at for one question; nothing below ``min_learners`` first answers."""
    if table.learners[index] < limits.min_learners:
        return []
    flags: list[str] = []
    facility = float(table.facility[index])
    if facility > limits.too_easy:
        flags.append(TOO_EASY)
    if facility < limits.too_hard:
        flags.append(TOO_HARD)
    discrimination = float(table.point_biserial[index])
    if not math.isnan(discrimination):
        if discrimination < 0:
            flags.append(NEGATIVE_DISCRIMINATION)
        elif discrimination < limits.weak_discrimination:
            flags.append(WEAK_DISCRIMINATION)
    if 0 <= key < n_choices <= table.choice_counts.shape[1]:
        counts = table.choice_counts[index, :n_choices]
        distractors = np.delete(counts, key)
        if distractors.size and (distractors == 0).any():
            flags.append(UNUSED_DISTRACTOR)
        if distractors.size and distractors.max() > counts[key]:
            flags.append(DISTRACTOR_ABOVE_KEY)
    return flags
