"""
Mastery policies: when does a skill count as mastered? (pure; the Strategy pattern).

A policy is a small frozen dataclass stored as a dict such as
``{"kind": "bkt_threshold", "threshold": 0.95}`` (in a block's settings or a course default).
Every policy reads the same :class:`SkillEvidence`, which keeps the knowledge-tracing estimate
and a bounded window of the latest results, so each evaluation is O(1) or O(window) whatever the
learner's history length. New kinds are added to ``POLICY_PARSERS``; nothing dispatches on
strings through ``getattr``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal, NoReturn, Protocol, Self

from ve_edu_plugin.errors import InvalidValuesError
from ve_edu_plugin.i18n import gettext

#: How many of the latest results a :class:`SkillEvidence` keeps; bounds the streak policies.
RECENT_RESULTS_WINDOW = 20

#: What :func:`evaluate_transition` reports, so callers can stamp when mastery was reached or lost.
Transition = Literal["reached", "lost"]
REACHED: Transition = "reached"
LOST: Transition = "lost"


@dataclass(frozen=True)
class SkillEvidence:
    """What the policies know about one learner and one skill.

    Attributes:
        p_mastery: the knowledge-tracing estimate after the latest answer (``BktState.p_mastery``).
        recent_results: whether each of the latest answers was correct, **newest first**, at most
            :data:`RECENT_RESULTS_WINDOW` of them.
        attempts: all answers ever given for the skill (the window may hold fewer).
    """

    p_mastery: float
    recent_results: tuple[bool, ...] = ()
    attempts: int = 0

    def __post_init__(self) -> None:
        errors: dict[str, list[str]] = {}
        if not 0.0 <= self.p_mastery <= 1.0:
            errors["p_mastery"] = [gettext("Must be a probability between 0 and 1.")]
        if len(self.recent_results) > RECENT_RESULTS_WINDOW:
            errors["recent_results"] = [
                gettext("Keeps at most %(recent_results_window)s results.")
                % {"recent_results_window": RECENT_RESULTS_WINDOW}
            ]
        if self.attempts < len(self.recent_results):
            errors["attempts"] = [gettext("Cannot be fewer than the recent results.")]
        if errors:
            raise InvalidValuesError(gettext("Invalid skill evidence."), field_errors=errors)

    def with_answer(self, correct: bool, *, p_mastery: float) -> SkillEvidence:
        """The evidence after one more answer, with the updated estimate; the window slides."""
        return SkillEvidence(
            p_mastery=p_mastery,
            recent_results=(correct, *self.recent_results)[:RECENT_RESULTS_WINDOW],
            attempts=self.attempts + 1,
        )


class MasteryPolicy(Protocol):
    """The one interface every mastery policy implements."""

    kind: ClassVar[str]

    def is_mastered(self, evidence: SkillEvidence) -> bool:
        """Whether the skill counts as mastered given this evidence."""
        ...

    def progress(self, evidence: SkillEvidence) -> float:
        """How far toward mastery, 0 to 1 before the cap :func:`progress_toward` applies."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """The stored form, which :func:`parse_policy` reads back."""
        ...


def _field_names(policy: Any) -> tuple[str, ...]:
    """The parameters of a policy (class or instance): its dataclass fields, ``kind`` not among them."""
    return tuple(item.name for item in fields(policy))


class _StoredAsDict:
    """
    The stored form of a policy, read from its dataclass fields: ``{"kind": ..., <field>: ...}``.

    Reading rejects a field the kind does not define and leaves a missing one at its default, so
    every kind reads and writes its dict the same way.
    """

    kind: ClassVar[str]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **{name: getattr(self, name) for name in _field_names(self)}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        names = _field_names(cls)
        _reject_unknown(cls.kind, data, names)
        return cls(**{name: data[name] for name in names if name in data})


@dataclass(frozen=True)
class BktThresholdPolicy(_StoredAsDict):
    """Mastered while the knowledge-tracing estimate is at least ``threshold`` (pyBKT's ``>=``)."""

    kind: ClassVar[str] = "bkt_threshold"
    threshold: float = 0.95

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int | float):
            _invalid(self.kind, "threshold", "Must be a number.")
        if not (math.isfinite(self.threshold) and 0.0 < self.threshold <= 1.0):
            _invalid(self.kind, "threshold", "Must be greater than 0 and at most 1.")
        object.__setattr__(self, "threshold", float(self.threshold))  # stored as a number with a point

    def is_mastered(self, evidence: SkillEvidence) -> bool:
        return evidence.p_mastery >= self.threshold

    def progress(self, evidence: SkillEvidence) -> float:
        return evidence.p_mastery / float(self.threshold)


@dataclass(frozen=True)
class CorrectInARowPolicy(_StoredAsDict):
    """Mastered while the latest ``count`` answers were all correct (a streak; one slip resets it)."""

    kind: ClassVar[str] = "correct_in_a_row"
    count: int = 3

    def __post_init__(self) -> None:
        _check_window_count(self.kind, "count", self.count)

    def is_mastered(self, evidence: SkillEvidence) -> bool:
        latest = evidence.recent_results[: self.count]
        return len(latest) == self.count and all(latest)

    def progress(self, evidence: SkillEvidence) -> float:
        streak = 0
        for result in evidence.recent_results:
            if not result:
                break
            streak += 1
        return streak / self.count


@dataclass(frozen=True)
class CorrectOfLastPolicy(_StoredAsDict):
    """Mastered while at least ``correct`` of the latest ``last`` answers were correct.

    A learner with fewer than ``last`` answers qualifies once ``correct`` of them are right
    ("4 of the last 5" is met by 4 correct first answers): the window is the latest *up to*
    ``last`` answers.
    """

    kind: ClassVar[str] = "correct_of_last"
    correct: int = 4
    last: int = 5

    def __post_init__(self) -> None:
        _check_window_count(self.kind, "last", self.last)
        _check_window_count(self.kind, "correct", self.correct)
        if self.correct > self.last:
            _invalid(self.kind, "correct", "Cannot be more than 'last'.")

    def is_mastered(self, evidence: SkillEvidence) -> bool:
        return sum(evidence.recent_results[: self.last]) >= self.correct

    def progress(self, evidence: SkillEvidence) -> float:
        return sum(evidence.recent_results[: self.last]) / self.correct


#: The policy used when a block or course configures none.
DEFAULT_POLICY: MasteryPolicy = BktThresholdPolicy()

#: kind -> parser of the stored dict; the registry :func:`parse_policy` dispatches through.
POLICY_PARSERS: Mapping[str, Callable[[Mapping[str, Any]], MasteryPolicy]] = {
    policy.kind: policy.from_dict for policy in (BktThresholdPolicy, CorrectInARowPolicy, CorrectOfLastPolicy)
}


def parse_policy(data: object) -> MasteryPolicy:
    """Build a policy from its stored dict; any mistake raises ``InvalidValuesError`` naming the field.

    Fields a kind does not define are errors rather than ignored, so a typo such as
    ``"treshold"`` is caught when the author saves the block, not silently replaced by the default.
    """
    if not isinstance(data, Mapping):
        raise InvalidValuesError(
            gettext("A mastery policy must be an object with a 'kind'."),
            field_errors={"policy": [gettext("Must be an object.")]},
        )
    kind = data.get("kind")
    parser = POLICY_PARSERS.get(kind) if isinstance(kind, str) else None
    if parser is None:
        known = ", ".join(sorted(POLICY_PARSERS))
        raise InvalidValuesError(
            gettext("Unknown mastery policy kind %(kind)s.") % {"kind": repr(kind)},
            field_errors={"kind": [gettext("Must be one of: %(known)s.") % {"known": known}]},
        )
    return parser(data)


def progress_toward(policy: MasteryPolicy, evidence: SkillEvidence) -> float:
    """
    How far one subtopic is toward mastery under ``policy``, 0 to 1 (1 only when mastered).

    BKT threshold: ``p / threshold``; N in a row: current streak / N; M of the last N: correct
    answers among the last N / M. Below mastery the value is capped at 0.99.
    """
    if policy.is_mastered(evidence):
        return 1.0
    return min(0.99, max(0.0, policy.progress(evidence)))


def evaluate_transition(before: SkillEvidence, after: SkillEvidence, policy: MasteryPolicy) -> Transition | None:
    """``"reached"`` or ``"lost"`` when one answer changed the policy's verdict, else ``None``.

    Callers record the time of the change (mastery reached, mastery lost) only when this is not None.
    """
    was, now = policy.is_mastered(before), policy.is_mastered(after)
    if now and not was:
        return REACHED
    if was and not now:
        return LOST
    return None


def _check_window_count(kind: str, name: str, value: object) -> None:
    """A count of answers must be a whole number that the evidence window can hold."""
    if isinstance(value, bool) or not isinstance(value, int):
        _invalid(kind, name, "Must be a whole number.")
    elif not 1 <= value <= RECENT_RESULTS_WINDOW:
        _invalid(kind, name, f"Must be between 1 and {RECENT_RESULTS_WINDOW}.")


def _reject_unknown(kind: str, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(str(key) for key in data if key != "kind" and key not in allowed)
    if unknown:
        raise InvalidValuesError(
            gettext("Unknown field for mastery policy %(kind)s: %(unknown)s.")
            % {"kind": repr(kind), "unknown": ", ".join(unknown)},
            field_errors={key: [gettext("Unknown field.")] for key in unknown},
        )


def _invalid(kind: str, name: str, message: str) -> NoReturn:
    raise InvalidValuesError(
        gettext("Invalid mastery policy %(kind)s: %(name)s: %(message)s")
        % {"kind": repr(kind), "name": name, "message": message},
        field_errors={name: [message]},
    )
