"""
Adaptive selection of the next practice question within a block's target subtopics (pure).

In Open edX "selector" means adaptive content selection; this module is the selector of the
``ve_adaptive_practice`` block. It answers one question: given what the learner has mastered,
what they saw lately and the limits of the block, which question comes next?

The rules, in the order they are applied by :func:`select_next_question`:

1. **End states.** No target subtopic -> ``empty``. Every target mastered -> ``mastered`` (this
   wins over the limits, so a learner who finishes on the last allowed question is told so).
   The daily limit, then the block's maximum number of questions -> ``limit``.
2. **Prerequisite gating.** Targets are walked in outline order. Mastered targets are passed
   over. Targets without any question in the pool are passed over too: nobody can practise them,
   so they must not block the rest (an author fixes them by adding questions). The *frontier* is
   the first ``config.open_subtopics`` remaining targets; with the default of 1 it is only the
   first unmastered practisable subtopic, i.e. strict outline order: a subtopic opens once every
   earlier one is mastered. No frontier -> ``empty``.
3. **Lowest mastery first.** Frontier subtopics are tried from the lowest mastery probability up
   (outline order breaks ties); the first with a question outside the repeat window is used.
4. **Difficulty fit.** The subtopic's mastery probability maps to a target difficulty in equal
   bands (:func:`target_difficulty`); questions are ranked by distance from it, and at equal
   distance the easier one first.
5. **No repeats.** Questions among the learner's last ``config.repeat_window`` questions are
   excluded.
6. **Spread exposure.** The pick is uniform among the ``config.top_k`` best-ranked questions;
   when the cut-off falls inside a difficulty level, the places left are shared uniformly by
   that level's questions. So even ``top_k=1`` rotates through equally good questions.
7. **Relaxing the window.** When every question of every frontier subtopic is in the window, the
   window is relaxed rather than failing: the lowest-mastery frontier subtopic's question that
   was seen *longest ago* is chosen (difficulty is ignored then; spacing wins), with reason
   ``repeat_window_relaxed``.

Work per selection is O(targets + repeat window + levels), independent of the bank's size,
because :class:`QuestionPool` buckets the bank by subtopic and difficulty once per bank version.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, TypeAlias

from ve_edu_plugin.errors import InvalidValuesError
from ve_edu_plugin.i18n import gettext

QuestionId: TypeAlias = int | str
SubtopicId: TypeAlias = int | str
SelectionStatus = Literal["question", "mastered", "limit", "empty"]

MIN_DIFFICULTY = 1
MAX_DIFFICULTY = 5

#: Stable codes in :attr:`Selection.reason`; clients and logs may rely on them.
REASON_PRACTICE = "practice"
REASON_REPEAT_WINDOW_RELAXED = "repeat_window_relaxed"
REASON_ALL_TARGETS_MASTERED = "all_targets_mastered"
REASON_DAILY_LIMIT = "daily_limit_reached"
REASON_MAX_QUESTIONS = "max_questions_reached"
REASON_NO_TARGETS = "no_target_subtopics"
REASON_NO_QUESTIONS = "no_questions_for_unmastered_targets"
REASON_NO_QUESTIONS_LEFT = "no_questions_left"

# Difficulty levels from best to worst fit for each target difficulty: nearest first, easier first on ties.
_LEVEL_ORDER: Mapping[int, tuple[int, ...]] = {
    target: tuple(sorted(range(MIN_DIFFICULTY, MAX_DIFFICULTY + 1), key=lambda level: (abs(level - target), level)))
    for target in range(MIN_DIFFICULTY, MAX_DIFFICULTY + 1)
}
# Rejection sampling gives up after this many draws and filters the level instead.
_MAX_REJECTIONS = 8
_EMPTY: frozenset[QuestionId] = frozenset()
# Shared generator for unseeded selections: seeding a new one from the OS costs more than a selection.
_UNSEEDED = random.Random()


@dataclass(frozen=True)
class CandidateQuestion:
    """A question of the bank as the selector sees it.

    Attributes:
        question_id: the bank's id of the question.
        subtopic_id: the subtopic (subsection) it practises.
        difficulty: 1 (easiest) to 5 (hardest).
    """

    question_id: QuestionId
    subtopic_id: SubtopicId
    difficulty: int

    def __post_init__(self) -> None:
        if (
            isinstance(self.difficulty, bool)
            or not isinstance(self.difficulty, int)
            or not (MIN_DIFFICULTY <= self.difficulty <= MAX_DIFFICULTY)
        ):
            raise InvalidValuesError(
                gettext("Question %(question_id)s has an invalid difficulty.")
                % {"question_id": repr(self.question_id)},
                field_errors={
                    "difficulty": [
                        gettext("Must be a whole number from %(min_difficulty)s to %(max_difficulty)s.")
                        % {"min_difficulty": MIN_DIFFICULTY, "max_difficulty": MAX_DIFFICULTY}
                    ]
                },
            )


@dataclass(frozen=True)
class TargetSubtopic:
    """One of the block's target subtopics with the learner's standing in it.

    Attributes:
        subtopic_id: the subtopic.
        p_mastery: the learner's knowledge-tracing estimate for it.
        mastered: whether the block's mastery policy says it is mastered.
    """

    subtopic_id: SubtopicId
    p_mastery: float
    mastered: bool


@dataclass(frozen=True)
class SelectionConfig:
    """A block's selection settings.

    Attributes:
        max_questions: questions a learner may answer in the block; None for no limit.
        daily_limit: questions a learner may answer per day; None for no limit.
        repeat_window: a question is not asked again within the learner's last this many questions.
        top_k: how many of the best-ranked questions the pick is randomised among.
        open_subtopics: how many unmastered subtopics, in outline order, are open at once;
            1 is strict prerequisite order.
    """

    max_questions: int | None = None
    daily_limit: int | None = None
    repeat_window: int = 20
    top_k: int = 3
    open_subtopics: int = 1

    def __post_init__(self) -> None:
        errors: dict[str, list[str]] = {}
        for name, minimum, optional in (
            ("max_questions", 1, True),
            ("daily_limit", 1, True),
            ("repeat_window", 0, False),
            ("top_k", 1, False),
            ("open_subtopics", 1, False),
        ):
            value = getattr(self, name)
            if value is None and optional:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                message = (
                    gettext("Must be a whole number of at least %(minimum)s, or null.")
                    if optional
                    else gettext("Must be a whole number of at least %(minimum)s.")
                )
                errors[name] = [message % {"minimum": minimum}]
        if errors:
            raise InvalidValuesError(gettext("Invalid adaptive selection settings."), field_errors=errors)


@dataclass(frozen=True)
class SelectionRequest:
    """The learner's side of one selection.

    Attributes:
        targets: the block's target subtopics in outline order.
        recent_question_ids: the learner's latest questions, **newest first** (as a query ordered by
            ``-created`` returns them); only the first ``repeat_window`` are looked at.
        answered_in_block: questions the learner has answered in this block.
        answered_today: questions the learner has answered today (the day as the caller defines it).
        finished_question_ids: questions the learner can no longer answer in this block (answered
            correctly, or out of attempts); never selected, not even when the window is relaxed.
        seed: makes the random pick reproducible; derive it from the learner, the block and
            ``answered_in_block`` so a retried request gets the same question. None: not reproducible.
    """

    targets: tuple[TargetSubtopic, ...]
    recent_question_ids: tuple[QuestionId, ...] = ()
    answered_in_block: int = 0
    answered_today: int = 0
    seed: int | None = None
    finished_question_ids: frozenset[QuestionId] = frozenset()


@dataclass(frozen=True)
class Selection:
    """What the selector decided.

    Attributes:
        status: ``question`` (ask ``question_id``), ``mastered`` (every target is mastered),
            ``limit`` (a question limit is reached) or ``empty`` (nothing can be asked).
        question_id: the question to ask, for ``question`` only.
        subtopic_id: the subtopic it practises, for ``question`` only.
        reason: one of the ``REASON_*`` codes.
    """

    status: SelectionStatus
    question_id: QuestionId | None = None
    subtopic_id: SubtopicId | None = None
    reason: str = ""


@dataclass(frozen=True, eq=False)
class QuestionPool:
    """A question bank indexed for selection: per subtopic, question ids bucketed by difficulty.

    Build it once per bank version with :meth:`build` and keep it (it pickles, so a shared cache
    can hold it); each selection then touches only a few buckets. Treat the mappings as read-only.

    Attributes:
        version: the bank version it was built from, for cache keys.
        buckets: subtopic id -> five tuples of question ids, for difficulties 1 to 5.
        locations: question id -> (subtopic id, difficulty).
    """

    version: str
    buckets: dict[SubtopicId, tuple[tuple[QuestionId, ...], ...]]
    locations: dict[QuestionId, tuple[SubtopicId, int]]

    @classmethod
    def build(cls, questions: Iterable[CandidateQuestion], *, version: str = "") -> QuestionPool:
        """Index the bank. Pass questions in a stable order (e.g. by id): a seeded pick depends on it."""
        lists: dict[SubtopicId, tuple[list[QuestionId], ...]] = {}
        locations: dict[QuestionId, tuple[SubtopicId, int]] = {}
        for question in questions:
            if question.question_id in locations:
                raise InvalidValuesError(
                    gettext("Question %(question_id)s appears twice in the pool.")
                    % {"question_id": repr(question.question_id)},
                    field_errors={"question_id": [gettext("Must be unique.")]},
                )
            locations[question.question_id] = (question.subtopic_id, question.difficulty)
            levels = lists.setdefault(question.subtopic_id, tuple([] for _ in range(MAX_DIFFICULTY)))
            levels[question.difficulty - MIN_DIFFICULTY].append(question.question_id)
        buckets = {subtopic: tuple(tuple(level) for level in levels) for subtopic, levels in lists.items()}
        return cls(version=version, buckets=buckets, locations=locations)

    def __len__(self) -> int:
        return len(self.locations)

    def has_questions(self, subtopic_id: SubtopicId) -> bool:
        return subtopic_id in self.buckets


def target_difficulty(p_mastery: float) -> int:
    """The difficulty that fits a mastery probability, in five equal bands: [0, 0.2) -> 1 ... [0.8, 1] -> 5."""
    return min(MAX_DIFFICULTY, MIN_DIFFICULTY + int(max(0.0, p_mastery) * 5))


def select_next_question(
    request: SelectionRequest, /, *, pool: QuestionPool, config: SelectionConfig = SelectionConfig()
) -> Selection:
    """The next question for the learner, or why there is none (see the module docstring for the rules)."""
    end = _end_state(request, config)
    if end is not None:
        return end
    finished = request.finished_question_ids
    frontier = _frontier(request.targets, pool, config.open_subtopics, finished)
    if not frontier:
        has_any = any(not t.mastered and pool.has_questions(t.subtopic_id) for t in request.targets)
        return Selection("empty", reason=REASON_NO_QUESTIONS_LEFT if has_any else REASON_NO_QUESTIONS)

    recent = request.recent_question_ids[: config.repeat_window]
    seen = _seen_by_bucket((*recent, *finished), pool)
    rng = _UNSEEDED if request.seed is None else random.Random(request.seed)
    ranked = sorted(frontier, key=lambda target: target.p_mastery)
    for target in ranked:
        question_id = _pick_fresh(pool, target, seen, config.top_k, rng)
        if question_id is not None:
            return Selection("question", question_id, target.subtopic_id, REASON_PRACTICE)

    open_recent = [question_id for question_id in recent if question_id not in finished]
    target = ranked[0]
    question_id = _seen_longest_ago(pool, target.subtopic_id, open_recent)
    return Selection("question", question_id, target.subtopic_id, REASON_REPEAT_WINDOW_RELAXED)


def _end_state(request: SelectionRequest, config: SelectionConfig) -> Selection | None:
    """The end states that need no look at the bank, in priority order."""
    if not request.targets:
        return Selection("empty", reason=REASON_NO_TARGETS)
    if all(target.mastered for target in request.targets):
        return Selection("mastered", reason=REASON_ALL_TARGETS_MASTERED)
    if config.daily_limit is not None and request.answered_today >= config.daily_limit:
        return Selection("limit", reason=REASON_DAILY_LIMIT)
    if config.max_questions is not None and request.answered_in_block >= config.max_questions:
        return Selection("limit", reason=REASON_MAX_QUESTIONS)
    return None


def _frontier(
    targets: Sequence[TargetSubtopic], pool: QuestionPool, size: int, finished: frozenset[QuestionId]
) -> list[TargetSubtopic]:
    """The first ``size`` unmastered targets that have questions the learner can still answer."""
    frontier: list[TargetSubtopic] = []
    for target in targets:
        if target.mastered or not pool.has_questions(target.subtopic_id):
            continue
        if finished and not _has_unfinished(pool, target.subtopic_id, finished):
            continue
        frontier.append(target)
        if len(frontier) == size:
            break
    return frontier


def _has_unfinished(pool: QuestionPool, subtopic_id: SubtopicId, finished: frozenset[QuestionId]) -> bool:
    """Whether the subtopic has a question outside ``finished`` (O(finished), not O(bank))."""
    total = sum(len(level) for level in pool.buckets[subtopic_id])
    done = sum(1 for question_id in finished if pool.locations.get(question_id, (None,))[0] == subtopic_id)
    return done < total


def _seen_by_bucket(recent: Iterable[QuestionId], pool: QuestionPool) -> dict[tuple[SubtopicId, int], set[QuestionId]]:
    """The recent questions grouped by (subtopic, difficulty); ids no longer in the bank are dropped."""
    seen: dict[tuple[SubtopicId, int], set[QuestionId]] = {}
    for question_id in recent:
        location = pool.locations.get(question_id)
        if location is not None:
            seen.setdefault(location, set()).add(question_id)
    return seen


def _pick_fresh(
    pool: QuestionPool,
    target: TargetSubtopic,
    seen: Mapping[tuple[SubtopicId, int], set[QuestionId] | frozenset[QuestionId]],
    top_k: int,
    rng: random.Random,
) -> QuestionId | None:
    """A question of the subtopic outside the window, uniform among the ``top_k`` best-fitting ones."""
    levels = pool.buckets[target.subtopic_id]
    usable: list[tuple[tuple[QuestionId, ...], set[QuestionId] | frozenset[QuestionId], int]] = []
    collected = 0
    for difficulty in _LEVEL_ORDER[target_difficulty(target.p_mastery)]:
        bucket = levels[difficulty - MIN_DIFFICULTY]
        excluded = seen.get((target.subtopic_id, difficulty), _EMPTY)
        fresh = len(bucket) - len(excluded)
        if fresh <= 0:
            continue
        usable.append((bucket, excluded, fresh))
        collected += fresh
        if collected >= top_k:
            break
    if not usable:
        return None
    # A draw below the first level's fresh count lands in it, and so on; the last level may be cut
    # off by top_k, and then its few places go to a uniform pick among all its fresh questions.
    draw = rng.randrange(min(top_k, collected))
    for bucket, excluded, fresh in usable:
        if draw < fresh:
            return _uniform_fresh(bucket, excluded, rng)
        draw -= fresh
    raise AssertionError("unreachable: the draw is below the number of collected questions")


def _uniform_fresh(
    bucket: tuple[QuestionId, ...], excluded: set[QuestionId] | frozenset[QuestionId], rng: random.Random
) -> QuestionId:
    """A uniform pick among the bucket's questions not in ``excluded`` (which holds only bucket members).

    Rejection sampling is O(1) while most of the bucket is fresh; filtering is the fallback.
    """
    for _ in range(_MAX_REJECTIONS):
        question_id = bucket[rng.randrange(len(bucket))]
        if question_id not in excluded:
            return question_id
    fresh = [question_id for question_id in bucket if question_id not in excluded]
    return fresh[rng.randrange(len(fresh))]


def _seen_longest_ago(pool: QuestionPool, subtopic_id: SubtopicId, recent: Sequence[QuestionId]) -> QuestionId:
    """The subtopic's question whose latest sighting in ``recent`` (newest first) is the oldest."""
    latest_sighting: dict[QuestionId, int] = {}
    for position, question_id in enumerate(recent):
        location = pool.locations.get(question_id)
        if location is not None and location[0] == subtopic_id:
            latest_sighting.setdefault(question_id, position)
    return max(latest_sighting, key=latest_sighting.__getitem__)
