"""
Public surface of the mastery capability: knowledge-tracing state per learner and subtopic,
mastery policies, and adaptive selection of the next practice question.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin import caching, row_statements
from ve_edu_plugin.conf import setting
from ve_edu_plugin.curriculum.models import Subtopic
from ve_edu_plugin.hooks import api as hooks_api
from ve_edu_plugin.mastery import bkt
from ve_edu_plugin.mastery.models import CourseMasteryPolicy, MasteryTransition, SkillParameters, SkillState
from ve_edu_plugin.mastery.policies import (
    BktThresholdPolicy,
    MasteryPolicy,
    SkillEvidence,
    evaluate_transition,
    parse_policy,
    progress_toward,
)
from ve_edu_plugin.mastery.selection import (
    CandidateQuestion,
    QuestionPool,
    Selection,
    SelectionConfig,
    SelectionRequest,
    TargetSubtopic,
    select_next_question,
)

__all__ = [
    "AnswerEvidence",
    "BktParams",
    "CandidateQuestion",
    "LockedState",
    "MasteryPolicy",
    "MasteryUpdate",
    "QuestionPool",
    "Selection",
    "SelectionConfig",
    "SelectionRequest",
    "SkillEvidence",
    "SubtopicMastery",
    "TargetSubtopic",
    "course_policy",
    "default_params",
    "effective_policy",
    "evidence_of",
    "forget_course_policy",
    "mastery_of",
    "mastery_report",
    "params_from_dict",
    "params_of",
    "parse_policy",
    "progress",
    "record_answer",
    "record_answers",
    "select_next_question",
    "state_lookup",
    "store_fitted_params",
]

BktParams = bkt.BktParams


def default_params() -> bkt.BktParams:
    """Parameters for a subtopic without fitted ones (``VE_EDU_BKT_DEFAULTS``)."""
    return bkt.BktParams.from_dict(setting("VE_EDU_BKT_DEFAULTS"))


#: Course policies read on every answer and report; an admin edit drops the entry here at once,
#: other processes read it again within ``caching.LOCAL_SECONDS``.
_POLICIES: caching.ProcessCache[str, MasteryPolicy] = caching.ProcessCache(
    "course policies", max_entries=1024, seconds=caching.LOCAL_SECONDS
)


def course_policy(course_key: CourseKey, /) -> MasteryPolicy:
    """The course's policy, or a BKT threshold of ``VE_EDU_MASTERY_THRESHOLD`` (kept in the process)."""
    return _POLICIES.get_or_build(str(course_key), lambda: _stored_policy(course_key))


def forget_course_policy(course_key: CourseKey, /) -> None:
    """Drop the kept policy after an edit, so the next answer in this process reads the new one."""
    _POLICIES.forget(str(course_key))
    transaction.on_commit(lambda: _POLICIES.forget(str(course_key)))


def _policy_changed(sender: Any, instance: CourseMasteryPolicy, **kwargs: Any) -> None:
    """Any save or delete of a stored policy (admin, shell, a migration) drops the kept one."""
    forget_course_policy(instance.course_key)


post_save.connect(_policy_changed, sender=CourseMasteryPolicy, dispatch_uid="ve_edu_course_policy_saved")
post_delete.connect(_policy_changed, sender=CourseMasteryPolicy, dispatch_uid="ve_edu_course_policy_deleted")


def _stored_policy(course_key: CourseKey) -> MasteryPolicy:
    stored = CourseMasteryPolicy.objects.filter(course_key=course_key).values_list("policy", flat=True).first()
    if stored:
        return parse_policy(stored)
    return BktThresholdPolicy(threshold=float(setting("VE_EDU_MASTERY_THRESHOLD")))


def effective_policy(course_key: CourseKey, /, *, override: Mapping[str, Any] | None) -> MasteryPolicy:
    """A block's override when it has one, else the course's policy."""
    return parse_policy(override) if override else course_policy(course_key)


def evidence_of(state: SkillState | None, params: bkt.BktParams) -> SkillEvidence:
    """The policies' view of a stored state (the prior when the learner has not answered yet)."""
    if state is None:
        return SkillEvidence(p_mastery=bkt.initial_state(params).p_mastery)
    return SkillEvidence(
        p_mastery=state.p_mastery,
        recent_results=tuple(flag == "1" for flag in state.recent_results or ""),
        attempts=state.attempts,
    )


def _bkt_state_of(state: SkillState | None, params: bkt.BktParams) -> bkt.BktState:
    """The tracer's view of a stored state (the prior when the learner has not answered yet)."""
    if state is None:
        return bkt.initial_state(params)
    return bkt.BktState(p_mastery=state.p_mastery, attempts=state.attempts, correct_attempts=state.correct_attempts)


def _stored_values(after: bkt.BktState, evidence: SkillEvidence) -> dict[str, Any]:
    """The columns of a state after an answer: the inverse of :func:`evidence_of` and :func:`_bkt_state_of`."""
    return {
        "p_mastery": after.p_mastery,
        "attempts": after.attempts,
        "correct_attempts": after.correct_attempts,
        "recent_results": "".join("1" if flag else "0" for flag in evidence.recent_results),
    }


#: What an answer's update reads of the learner's state (locked): the tracer's and the policies' inputs.
_TRACED_COLUMNS = ("p_mastery", "attempts", "correct_attempts", "recent_results")


def state_lookup(user_id: int, subtopic_id: int, /) -> row_statements.Lookup[SkillState]:
    """
    The learner's state in a subtopic as :func:`record_answer` reads it, for a caller that locks it
    in the same statement as its own row (the answer path) and hands it over as :class:`LockedState`.
    """
    return row_statements.Lookup.of(SkillState, _TRACED_COLUMNS, user_id=user_id, subtopic_id=subtopic_id)


@dataclass(frozen=True)
class LockedState:
    """A state the caller has already read ``FOR UPDATE`` in its transaction (``None``: no row yet)."""

    state: SkillState | None


@dataclass(frozen=True)
class MasteryUpdate:
    """A learner's standing in one subtopic after an answer; ``transition`` is reached/lost/None."""

    subtopic_id: int
    p_mastery: float
    mastered: bool
    transition: str | None
    evidence: SkillEvidence


def record_answer(
    user_id: int,
    course_key: CourseKey,
    subtopic_id: int,
    /,
    *,
    correct: bool,
    params: bkt.BktParams,
    policy: MasteryPolicy,
    locked: LockedState | None = None,
) -> MasteryUpdate:
    """
    Update the learner's knowledge-tracing state with one answer (O(1): one read, one write) and
    record reaching or losing mastery under ``policy`` with its time. ``locked``: the state as the
    caller already read and locked it (:func:`state_lookup`), which saves the read.
    """
    # No savepoint: callers already run inside their own transaction (the answer's), and a
    # savepoint would cost two more statements on every answer. Two learners' first answers in a
    # subtopic may race on the insert: the loser's IntegrityError rolls back the caller's
    # transaction, which retries and then finds (and locks) the winner's row.
    with transaction.atomic(savepoint=False):
        if locked is not None:
            state = locked.state
        else:
            state = row_statements.select_one(
                SkillState, _TRACED_COLUMNS, lock=True, user_id=user_id, subtopic_id=subtopic_id
            )
        before = evidence_of(state, params)
        bkt_after = bkt.update(_bkt_state_of(state, params), params, correct)
        after = before.with_answer(correct, p_mastery=bkt_after.p_mastery)
        transition = evaluate_transition(before, after, policy)
        mastered = policy.is_mastered(after)
        now = timezone.now()
        values = {**_stored_values(bkt_after, after), "mastered": mastered, "updated": now}
        if transition == MasteryTransition.REACHED:
            values["mastered_at"] = now
        if state is None:
            row_statements.insert_row(
                SkillState(user_id=user_id, course_key=course_key, subtopic_id=subtopic_id, **values)
            )
        else:
            row_statements.update_row(SkillState, state.pk, values)
        if transition is not None:
            MasteryTransition.objects.create(
                user_id=user_id,
                course_key=course_key,
                subtopic_id=subtopic_id,
                kind=transition,
                p_mastery=bkt_after.p_mastery,
            )
        if transition == MasteryTransition.REACHED:
            hooks_api.subtopic_mastery_reached(
                user_id,
                course_key,
                subtopic_id,
                p_mastery=bkt_after.p_mastery,
                reached_at=now,
                read_usage_key=lambda: (
                    Subtopic.objects.filter(pk=subtopic_id).values_list("usage_key", flat=True).first()
                ),
            )
    return MasteryUpdate(subtopic_id, bkt_after.p_mastery, mastered, transition, after)


@dataclass(frozen=True)
class AnswerEvidence:
    """One graded answer as knowledge-tracing evidence: its subtopic, whether it was right, the parameters."""

    subtopic_id: int
    correct: bool
    params: bkt.BktParams


_STATE_FIELDS = ("p_mastery", "attempts", "correct_attempts", "recent_results", "mastered", "mastered_at", "updated")


def record_answers(
    user_id: int,
    course_key: CourseKey,
    answers: Sequence[AnswerEvidence],
    /,
    *,
    policy: MasteryPolicy,
) -> list[MasteryUpdate]:
    """
    Apply many answers of one learner at once, in order, as :func:`record_answer` would one by one.

    A finalised timed assessment hands over all its answers together: updating them one at a time
    cost two statements per answer. Here the learner's rows for the touched subtopics are locked
    with one select, the answers applied in memory, and the rows written with one upsert (plus one
    insert when mastery was reached or lost): at most four statements, whatever the answer count.
    """
    touched = sorted({item.subtopic_id for item in answers})
    if not touched:
        return []
    with transaction.atomic(savepoint=False):
        stored = {
            row[0]: row[1:]
            for row in SkillState.objects.select_for_update()
            .filter(user_id=user_id, subtopic_id__in=touched)
            .order_by("subtopic_id")
            .values_list("subtopic_id", "p_mastery", "attempts", "correct_attempts", "recent_results", "mastered_at")
        }
        now = timezone.now()
        states: dict[int, tuple[SkillEvidence, bkt.BktState, Any]] = {}
        updates: list[MasteryUpdate] = []
        transitions: list[MasteryTransition] = []
        for item in answers:
            if item.subtopic_id not in states:
                states[item.subtopic_id] = _stored_state(stored.get(item.subtopic_id), item.params)
            before, bkt_before, mastered_at = states[item.subtopic_id]
            bkt_after = bkt.update(bkt_before, item.params, item.correct)
            after = before.with_answer(item.correct, p_mastery=bkt_after.p_mastery)
            transition = evaluate_transition(before, after, policy)
            if transition == MasteryTransition.REACHED:
                mastered_at = now
            if transition is not None:
                transitions.append(
                    MasteryTransition(
                        user_id=user_id,
                        course_key=course_key,
                        subtopic_id=item.subtopic_id,
                        kind=transition,
                        p_mastery=bkt_after.p_mastery,
                    )
                )
            states[item.subtopic_id] = (after, bkt_after, mastered_at)
            updates.append(
                MasteryUpdate(item.subtopic_id, bkt_after.p_mastery, policy.is_mastered(after), transition, after)
            )
        rows = [
            SkillState(
                user_id=user_id,
                course_key=course_key,
                subtopic_id=subtopic_id,
                p_mastery=bkt_state.p_mastery,
                attempts=bkt_state.attempts,
                correct_attempts=bkt_state.correct_attempts,
                recent_results="".join("1" if flag else "0" for flag in evidence.recent_results),
                mastered=policy.is_mastered(evidence),
                mastered_at=mastered_at,
                updated=now,
            )
            for subtopic_id, (evidence, bkt_state, mastered_at) in sorted(states.items())
        ]
        # One INSERT ... ON DUPLICATE KEY UPDATE (ON CONFLICT elsewhere) for new and existing rows.
        with_target = connection.features.supports_update_conflicts_with_target
        SkillState.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["user", "subtopic"] if with_target else None,
            update_fields=list(_STATE_FIELDS),
        )
        if transitions:
            MasteryTransition.objects.bulk_create(transitions)
    return updates


def _stored_state(row: tuple[Any, ...] | None, params: bkt.BktParams) -> tuple[SkillEvidence, bkt.BktState, Any]:
    """A locked row's evidence, tracing state and ``mastered_at`` (the prior when there is no row yet)."""
    if row is None:
        before = evidence_of(None, params)
        return before, bkt.BktState(p_mastery=before.p_mastery, attempts=0, correct_attempts=0), None
    p_mastery, attempts, correct_attempts, recent, mastered_at = row
    before = SkillEvidence(
        p_mastery=p_mastery, recent_results=tuple(flag == "1" for flag in recent or ""), attempts=attempts
    )
    return before, bkt.BktState(p_mastery=p_mastery, attempts=attempts, correct_attempts=correct_attempts), mastered_at


@dataclass(frozen=True)
class SubtopicMastery:
    """One subtopic's standing for a learner under a policy."""

    subtopic_id: int
    title: str
    topic_title: str
    p_mastery: float
    mastered: bool
    attempts: int
    mastered_at: Any
    evidence: SkillEvidence


_REPORT_SUBTOPIC_COLUMNS = (
    "id",
    "title",
    "position",
    "topic",
    "topic__title",
    "topic__position",
    *(f"bkt_parameters__{name}" for name in ("id", *SkillParameters.PARAMETER_NAMES)),
)
_REPORT_STATE_COLUMNS = ("id", "subtopic", "p_mastery", "attempts", "recent_results", "mastered_at")


def mastery_of(
    user_id: int,
    course_key: CourseKey,
    /,
    *,
    subtopic_ids: Sequence[int] | None = None,
    policy: MasteryPolicy | None = None,
) -> list[SubtopicMastery]:
    """The learner's standing in the course's active subtopics (or the given ones), in outline order."""
    from ve_edu_plugin.curriculum.models import Subtopic

    # Only the columns used: usage and course keys are parsed on load, once per row otherwise.
    subtopics = (
        Subtopic.objects.filter(course_key=course_key)
        .select_related("topic", "bkt_parameters")
        .only(*_REPORT_SUBTOPIC_COLUMNS)
    )
    if subtopic_ids is not None:
        subtopics = subtopics.filter(id__in=list(subtopic_ids))
    else:
        subtopics = subtopics.filter(archived=False)
    ordered = sorted(subtopics, key=lambda sub: (sub.topic.position, sub.position, sub.id))
    states = {
        state.subtopic_id: state
        for state in SkillState.objects.filter(user_id=user_id, course_key=course_key).only(*_REPORT_STATE_COLUMNS)
    }
    policy = policy or course_policy(course_key)
    result = []
    for subtopic in ordered:
        params = params_of(subtopic)
        evidence = evidence_of(states.get(subtopic.id), params)
        state = states.get(subtopic.id)
        result.append(
            SubtopicMastery(
                subtopic_id=subtopic.id,
                title=subtopic.title,
                topic_title=subtopic.topic.title,
                p_mastery=evidence.p_mastery,
                mastered=policy.is_mastered(evidence) if state else False,
                attempts=evidence.attempts,
                mastered_at=state.mastered_at if state else None,
                evidence=evidence,
            )
        )
    return result


def params_of(subtopic: Any) -> bkt.BktParams:
    """The subtopic's stored parameters (``bkt_parameters`` preloaded) or the defaults."""
    stored = getattr(subtopic, "bkt_parameters", None) if subtopic is not None else None
    if stored is None:
        return default_params()
    return bkt.BktParams.from_dict(stored.as_dict())


def store_fitted_params(subtopic_id: int, params: bkt.BktParams, /) -> None:
    """Replace a subtopic's knowledge-tracing parameters by fitted ones (analytics feeds them back)."""
    SkillParameters.objects.update_or_create(subtopic_id=subtopic_id, defaults={**params.to_dict(), "source": "fitted"})


def params_from_dict(stored: Mapping[str, float] | None, /) -> bkt.BktParams:
    """Stored parameters (as a question snapshot carries them) or the defaults."""
    return bkt.BktParams.from_dict(stored) if stored else default_params()


def progress(policy: MasteryPolicy, evidence: SkillEvidence) -> float:
    """
    How far one subtopic is toward mastery under ``policy``, 0 to 1 (1 only when mastered).

    Each policy knows its own measure (``MasteryPolicy.progress``); adaptive practice scores the
    mean of this over its targets.
    """
    return progress_toward(policy, evidence)


def mastery_report(user_id: int, course_key: CourseKey, /) -> list[dict[str, Any]]:
    """The learner's mastery per topic, each with its subtopics, in outline order (course policy)."""
    topics: dict[str, dict[str, Any]] = {}
    for standing in mastery_of(user_id, course_key):
        topic = topics.setdefault(standing.topic_title, {"title": standing.topic_title, "subtopics": []})
        topic["subtopics"].append(
            {
                "subtopic_id": standing.subtopic_id,
                "title": standing.title,
                "p_mastery": round(standing.p_mastery, 4),
                "mastered": standing.mastered,
                "attempts": standing.attempts,
                "mastered_at": standing.mastered_at,
            }
        )
    for topic in topics.values():
        subtopics = topic["subtopics"]
        topic["mastered"] = sum(1 for sub in subtopics if sub["mastered"])
        topic["total"] = len(subtopics)
        topic["p_mastery"] = round(sum(sub["p_mastery"] for sub in subtopics) / len(subtopics), 4)
    return list(topics.values())
