"""
Computing one subtopic's analytics from the attempt log (Django side of the numpy cores).

Memory is bounded by the subtopic, never the course: the answers of one subtopic are streamed
from the database in id order into flat numpy arrays (five numbers per answer), counts per
choice are aggregated in SQL, and the results are written as rows of the run. The course-wide
step (:func:`finish_run`) only reads the run's per-question rows to centre difficulties.
"""

from __future__ import annotations

import datetime
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Floor
from django.utils import timezone

from ve_edu_plugin.analytics import bkt_fit, items
from ve_edu_plugin.analytics.models import (
    AnalyticsRun,
    CourseAnalyticsSettings,
    ItemStatistic,
    ItemVersionStatistic,
    MasteryDistribution,
    SkillFit,
)
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.conf import setting
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.mastery import api as mastery_api
from ve_edu_plugin.mastery.models import SkillState
from ve_edu_plugin.questions import api as questions_api
from ve_edu_plugin.questions.models import Question, QuestionVersion

#: Answers fetched per round trip while streaming a subtopic's answers.
CHUNK = 20_000
#: One chunk of a subtopic's answers after an id, oldest first, as one string: five integers per
#: answer (user, question, version, correct, the answer's time in microseconds since the epoch).
_CHUNK_SQL = (
    "SELECT COUNT(*), MAX(id), GROUP_CONCAT(user_id, ',', question_id, ',', question_version_id, ',', correct, ',', "
    "answered ORDER BY id SEPARATOR ',') FROM ("
    "SELECT id, user_id, question_id, question_version_id, correct, "
    "TIMESTAMPDIFF(MICROSECOND, '1970-01-01', COALESCE(client_timestamp, created)) AS answered "
    "FROM ve_edu_plugin_attempt WHERE subtopic_id = %s AND id > %s ORDER BY id LIMIT %s) AS chunk"
)
#: The answers given in a subtopic, counted per question, version and answer.
_CHOICES_SQL = (
    "SELECT question_id, question_version_id, normalised_answer, COUNT(*) FROM ve_edu_plugin_attempt "
    "WHERE subtopic_id = %s GROUP BY question_id, question_version_id, normalised_answer ORDER BY NULL"
)
#: Room for a chunk's string (under 60 bytes an answer), with a wide margin.
_CONCAT_BYTES = 64 * 1024 * 1024
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
#: Histogram bins of P(mastery).
BINS = 10


@dataclass(frozen=True)
class SubtopicAnswers:
    """Every answer of one subtopic as flat arrays, oldest first (five numbers per answer)."""

    user: np.ndarray
    question: np.ndarray
    version: np.ndarray
    correct: np.ndarray
    when: np.ndarray  # seconds since the epoch: the client's time of the answer, else the server's

    @classmethod
    def of_table(cls, table: np.ndarray) -> SubtopicAnswers:
        """From an (answers x 5) int64 table: user, question, version, correct, time in microseconds."""
        return cls(
            table[:, 0].copy(),
            table[:, 1].copy(),
            table[:, 2].copy(),
            table[:, 3].astype(np.float64),
            table[:, 4] / 1e6,
        )


def stream_answers(subtopic_id: int) -> SubtopicAnswers:
    """Every answer in the subtopic, oldest first, read ``CHUNK`` rows at a time.

    An answer's time is the client's (an answer kept offline arrives later than it was given),
    the server's when the client sent none. MySQL/MariaDB get a read of their own
    (:func:`_read_concatenated`): at a million answers, decoding rows in the pure-Python driver
    is what the read costs.
    """
    table = _read_concatenated(subtopic_id) if connection.vendor == "mysql" else _read_rows(subtopic_id)
    return SubtopicAnswers.of_table(table)


def _read_rows(subtopic_id: int) -> np.ndarray:
    """The portable read (sqlite in development and tests): the ORM's rows, ``CHUNK`` at a time."""
    rows = (
        Attempt.objects.filter(subtopic_id=subtopic_id)
        .order_by("id")
        .annotate(answered=Coalesce("client_timestamp", "created"))
        .values_list("user_id", "question_id", "question_version_id", "correct", "answered")
    )
    flat = np.fromiter(
        itertools.chain.from_iterable(
            (user, question, version, right, (answered - _EPOCH) // _MICROSECOND)
            for user, question, version, right, answered in rows.iterator(chunk_size=CHUNK)
        ),
        dtype=np.int64,
    )
    return flat.reshape(-1, 5)


def _read_concatenated(subtopic_id: int) -> np.ndarray:
    """The MySQL/MariaDB read: ``CHUNK`` answers per round trip as one string of integers, parsed by numpy.

    One row of text per chunk costs the driver almost nothing, where a million rows of five values
    cost it seconds. Chunks follow the id (keyset, ``id > last``), so each is one range of the
    covering index ``ve_edu_attempt_analytics``: no row lookups, no sort. The session's
    ``group_concat_max_len`` is raised (only ever raised) to hold a chunk; a chunk that still parses
    to other than five numbers per answer counted raises, so a cut string never passes as fewer answers.
    """
    parts: list[np.ndarray] = []
    last_id, count = 0, CHUNK
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION group_concat_max_len = %s", [_CONCAT_BYTES])
        while count == CHUNK:
            cursor.execute(_CHUNK_SQL, [subtopic_id, last_id, CHUNK])
            count, last_id, text = cursor.fetchone()
            if not count:
                break
            flat = np.fromstring(text, dtype=np.int64, sep=",")
            if flat.size != 5 * count:
                raise RuntimeError(f"subtopic {subtopic_id}: {flat.size} numbers read for {count} answers")
            parts.append(flat.reshape(-1, 5))
    return np.concatenate(parts) if parts else np.zeros((0, 5), dtype=np.int64)


def compute_subtopic(run_id: int, subtopic_id: int) -> dict[str, Any]:
    """Item statistics, the knowledge-tracing fit and the mastery distribution of one subtopic."""
    run = AnalyticsRun.objects.get(pk=run_id)
    log = stream_answers(subtopic_id)
    question_ids, item = np.unique(log.question, return_inverse=True)
    _, learner = np.unique(log.user, return_inverse=True)
    correct = log.correct
    seconds = items.seconds_between_answers(
        learner, log.when, cap=float(setting("VE_EDU_ANALYTICS_MAX_ANSWER_SECONDS"))
    )
    keys, choices = _choice_keys(question_ids.tolist())
    answers = items.Answers.of(learner, item, correct, seconds=seconds)
    table = items.item_analysis(answers, len(question_ids), thresholds=_thresholds())
    version_counts = _choice_counts(subtopic_id, sorted(choices))
    counts: dict[int, dict[str, int]] = {}
    for (question_id, _), picked_in_version in version_counts.items():
        for answer, n in picked_in_version.items():
            counts.setdefault(question_id, {})[answer] = counts.get(question_id, {}).get(answer, 0) + n
    item_rows = []
    for index, question_id in enumerate(question_ids.tolist()):
        picked = counts.get(question_id, {})
        flags = list(table.flags[index])
        if question_id in keys and table.learners[index] >= _thresholds().min_learners:
            flags += _distractor_flags(picked, choices[question_id], keys[question_id])
        item_rows.append(
            ItemStatistic(
                run=run,
                course_key=run.course_key,
                question_id=question_id,
                subtopic_id=subtopic_id,
                **_statistics(table, index),
                choice_counts={choice: picked.get(choice, 0) for choice in choices.get(question_id, [])},
                flags=flags,
            )
        )
    observed, mask = bkt_fit.pack_flat(learner, correct, max_length=200)
    fit = bkt_fit.fit_bkt(observed, mask, bounds=_bounds(), fit_forget=bool(setting("VE_EDU_ANALYTICS_FIT_FORGET")))
    with transaction.atomic():
        ItemStatistic.objects.filter(run=run, subtopic_id=subtopic_id).delete()
        ItemStatistic.objects.bulk_create(item_rows)
        _store_versions(run, subtopic_id, log, answers, version_counts)
        SkillFit.objects.update_or_create(
            run=run,
            subtopic_id=subtopic_id,
            defaults={
                "course_key": run.course_key,
                **fit.params.to_dict(),
                "log_likelihood": fit.log_likelihood,
                "learners": fit.learners,
                "answers": fit.answers,
                "problems": list(fit.problems),
            },
        )
        MasteryDistribution.objects.update_or_create(
            run=run, subtopic_id=subtopic_id, defaults={"course_key": run.course_key, **_distribution(subtopic_id)}
        )
    return {
        "subtopic_id": subtopic_id,
        "questions": len(item_rows),
        "answers": int(log.user.size),
        "fit_accepted": fit.accepted,
    }


def _statistics(table: items.ItemTable, index: int) -> dict[str, Any]:
    """The numbers of one row of an item table, as model fields (NaN stored as null)."""
    return {
        "answers": int(table.answers[index]),
        "learners": int(table.learners[index]),
        "facility": _number(table.facility[index]),
        "point_biserial": _number(table.point_biserial[index]),
        "upper_lower": _number(table.upper_lower[index]),
        "median_seconds": _number(table.median_seconds[index]),
        "difficulty": _number(table.difficulty[index]),
    }


def _store_versions(
    run: AnalyticsRun,
    subtopic_id: int,
    log: SubtopicAnswers,
    answers: items.Answers,
    counts: dict[tuple[int, int], dict[str, int]],
) -> None:
    """One row per question version: the same analysis with each version counted as a question of its own.

    A learner's rest score then includes their answers to the question's other versions, which a
    question's reworded version is meant to resemble; the row is for comparing versions, not for flags.
    """
    version_ids, version_item = np.unique(log.version, return_inverse=True)
    per_version = items.Answers.of(answers.learner, version_item, answers.correct, seconds=answers.seconds)
    table = items.item_analysis(per_version, len(version_ids), thresholds=_thresholds())
    parent = dict(ItemStatistic.objects.filter(run=run, subtopic_id=subtopic_id).values_list("question_id", "id"))
    described = {
        pk: (question_id, number, [str(c.get("id")) for c in (body or {}).get("choices", []) if isinstance(c, dict)])
        for pk, question_id, number, body in QuestionVersion.objects.filter(pk__in=version_ids.tolist()).values_list(
            "id", "question_id", "number", "body"
        )
    }
    rows = []
    for index, version_id in enumerate(version_ids.tolist()):
        question_id, number, choice_ids = described[version_id]
        picked = counts.get((question_id, version_id), {})
        rows.append(
            ItemVersionStatistic(
                item_id=parent[question_id],
                question_version_id=version_id,
                number=number,
                **_statistics(table, index),
                choice_counts={choice: picked.get(choice, 0) for choice in choice_ids} if picked else {},
            )
        )
    ItemVersionStatistic.objects.bulk_create(rows)


def _thresholds() -> items.FlagThresholds:
    return items.FlagThresholds(min_learners=int(setting("VE_EDU_ANALYTICS_MIN_LEARNERS")))


def _bounds() -> bkt_fit.FitBounds:
    limits = setting("VE_EDU_ANALYTICS_FIT_BOUNDS")
    return bkt_fit.FitBounds(**limits)


def _number(value: float) -> float | None:
    return None if math.isnan(float(value)) else float(value)


def _choice_keys(question_ids: list[int]) -> tuple[dict[int, str], dict[int, list[str]]]:
    """The key and the choice ids of each single-choice question, from its current version."""
    keys: dict[int, str] = {}
    choices: dict[int, list[str]] = {}
    rows = Question.objects.filter(pk__in=question_ids, question_type="single_choice").values_list(
        "id", "current_version__body"
    )
    for question_id, body in rows:
        listed = [choice for choice in (body or {}).get("choices", []) if isinstance(choice, dict)]
        choices[question_id] = [str(choice.get("id")) for choice in listed]
        right = [str(choice.get("id")) for choice in listed if choice.get("correct")]
        if right:
            keys[question_id] = right[0]
    return keys, choices


def _choice_counts(subtopic_id: int, question_ids: list[int]) -> dict[tuple[int, int], dict[str, int]]:
    """Times each answer was given per single-choice question and version, counted in SQL.

    One GROUP BY over the subtopic's rows, read from the covering index alone, per subtopic (one
    per course is slower). ``question_ids``, the subtopic's single-choice questions already read
    with their keys, are picked out here rather than by ``question_id IN (...)``, which makes
    MariaDB slower and lets it weigh the question index instead. ``ORDER BY NULL``: MariaDB
    would otherwise sort the groups, which nobody reads in order.
    """
    if not question_ids:
        return {}
    wanted = set(question_ids)
    with connection.cursor() as cursor:
        cursor.execute(_CHOICES_SQL, [subtopic_id])
        rows = cursor.fetchall()
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for question_id, version_id, answer, n in rows:
        if question_id in wanted:
            counts.setdefault((question_id, version_id), {})[answer] = n
    return counts


def _distractor_flags(picked: dict[str, int], choice_ids: list[str], key: str) -> list[str]:
    distractors = [picked.get(choice, 0) for choice in choice_ids if choice != key]
    flags = []
    if distractors and min(distractors) == 0:
        flags.append(items.UNUSED_DISTRACTOR)
    if distractors and max(distractors) > picked.get(key, 0):
        flags.append(items.DISTRACTOR_ABOVE_KEY)
    return flags


def _distribution(subtopic_id: int) -> dict[str, Any]:
    """Learners mastered / in progress / not started and the P(mastery) histogram, aggregated in SQL."""
    states = SkillState.objects.filter(subtopic_id=subtopic_id)
    counted = states.aggregate(
        n_mastered=Count("id", filter=Q(mastered=True)),
        n_in_progress=Count("id", filter=Q(mastered=False, attempts__gt=0)),
        n_not_started=Count("id", filter=Q(attempts=0)),
    )
    totals = {name.removeprefix("n_"): value for name, value in counted.items()}
    histogram = [0] * BINS
    binned = states.annotate(bin=Floor(F("p_mastery") * BINS)).values_list("bin").annotate(n=Count("id")).order_by()
    for bin_, n in binned:
        histogram[min(BINS - 1, max(0, int(bin_)))] += n
    return {**totals, "histogram": histogram}


def finish_run(run_id: int, failed_subtopic_ids: list[int]) -> AnalyticsRun:
    """
    Centre the run's difficulties on the course, feed accepted results back, and close the run.

    Closing a run that was not closed before, with at least one subtopic analysed, sends
    ITEM_ANALYSIS_FINISHED once the transaction commits; a redelivered last task that closes it
    again sends nothing, and a failed run sends nothing either.
    """
    run = AnalyticsRun.objects.get(pk=run_id)
    first_close = run.finished is None
    rows = list(ItemStatistic.objects.filter(run=run).values_list("id", "difficulty", "learners", "question_id"))
    min_learners = int(setting("VE_EDU_ANALYTICS_MIN_LEARNERS"))
    counted = [difficulty for _, difficulty, learners, _ in rows if difficulty is not None and learners >= min_learners]
    shift = sum(counted) / len(counted) if counted else 0.0
    course = CourseAnalyticsSettings.objects.filter(course_key=run.course_key).first()
    with transaction.atomic():
        ItemStatistic.objects.filter(run=run, difficulty__isnull=False).update(difficulty=F("difficulty") - shift)
        ItemVersionStatistic.objects.filter(item__run=run, difficulty__isnull=False).update(
            difficulty=F("difficulty") - shift
        )
        if course is None or course.use_measured_difficulty:
            measured = [
                Question(pk=question_id, measured_difficulty=level_of(difficulty - shift))
                for _, difficulty, learners, question_id in rows
                if difficulty is not None and learners >= min_learners
            ]
            Question.objects.bulk_update(measured, ["measured_difficulty"], batch_size=500)
        else:
            Question.objects.filter(course_key=run.course_key).update(measured_difficulty=None)
        # Practice pools are kept per bank version: a new version makes them pick up the new levels.
        questions_api.bank_changed(run.course_key)
        if course is None or course.apply_fits:
            _apply_fits(run)
        run.status = (
            AnalyticsRun.FAILED
            if failed_subtopic_ids and len(failed_subtopic_ids) >= run.subtopics
            else AnalyticsRun.DONE
        )
        run.subtopics_failed = sorted(failed_subtopic_ids)
        run.finished = timezone.now()
        run.save(update_fields=["status", "subtopics_failed", "finished"])
        if first_close and run.status == AnalyticsRun.DONE:
            _announce(run)
    return run


def _announce(run: AnalyticsRun) -> None:
    """Send ITEM_ANALYSIS_FINISHED after commit: the questions analysed and the answers they had."""
    totals = ItemStatistic.objects.filter(run=run).aggregate(questions=Count("id"), answers=Sum("answers"))
    hooks_api.item_analysis_finished(
        run.course_key, questions_analysed=int(totals["questions"]), attempts_analysed=int(totals["answers"] or 0)
    )


def level_of(difficulty: float) -> int:
    """A centred Rasch difficulty as the authors' 1-5 scale: one level per logit, 3 around 0."""
    return int(min(5, max(1, math.floor(difficulty + 0.5) + 3)))


def _apply_fits(run: AnalyticsRun) -> None:
    """Accepted fits replace the subtopic's knowledge-tracing parameters (source ``fitted``)."""
    for fit in SkillFit.objects.filter(run=run):
        if fit.problems:
            continue
        mastery_api.store_fitted_params(
            fit.subtopic_id, mastery_api.BktParams.from_dict(fit.as_dict())
        )
        SkillFit.objects.filter(pk=fit.pk).update(applied=True)
