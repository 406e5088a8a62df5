"""
The body of a question, one frozen dataclass per question type.

A body is what an author edits and what a grader reads: the question text, the answer key and the
help offered along the way. Bodies are only built by ``schemas.validate_body`` (which sanitises
every HTML field and checks every rule), so code holding a body may trust it. ``to_dict`` gives
the canonical JSON form that is stored and exported; ``validate_body(t, body.to_dict()) == body``.

JSON fields common to every type: ``text`` (HTML, required), ``hints`` (list of HTML, shown one
more after each new wrong answer), ``solution`` (HTML worked solution), ``explanation`` (HTML
shown once the learner is right or the answer is revealed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType
from typing import Any, ClassVar, TypeAlias, TypeVar

from ve_edu_plugin.caching import Memo
from ve_edu_plugin.grading.tolerance import Tolerance


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    NUMERIC = "numeric"
    TEXT = "text"
    FORMULA = "formula"


class PartialCredit(StrEnum):
    """
    Partial credit for multiple-choice questions, as capa's ``choiceresponse partial_credit``.

    - ``none``: full credit only for exactly the correct set.
    - ``every_decision_counts`` (capa ``EDC``): each box ticked or left correctly earns 1/n.
    - ``halves``: one error (a wrong tick or a missed one) halves the credit if there are 3+
      choices; two errors leave a quarter if there are 5+ choices; otherwise no credit.
    """

    NONE = "none"
    EVERY_DECISION_COUNTS = "every_decision_counts"
    HALVES = "halves"


_T = TypeVar("_T")


def _stored(required: dict[str, Any], **optional: Any) -> dict[str, Any]:
    """
    ``required``, then each ``optional`` entry that is set.

    The one rule of every body's JSON form: a field the author left unset (None) is left out of
    what is stored and exported, as if it had never been written.
    """
    return required | {name: value for name, value in optional.items() if value is not None}


@dataclass(frozen=True, kw_only=True)
class BaseBody:
    """Fields every question type has."""

    question_type: ClassVar[str]

    text: str
    hints: tuple[str, ...] = ()
    solution: str | None = None
    explanation: str | None = None
    _memo: Memo = field(default_factory=Memo, init=False, repr=False, compare=False, hash=False)

    def memo(self, key: Any, build: Callable[[], _T]) -> _T:
        """
        A value derived from this (immutable) body, computed once and kept on it.

        Graders use it for compiled matchers and ready-made verdicts, so a grade call on a body
        that is kept in memory (a cached question version) does no repeated set-up work. Only
        pure functions of the body may be memoised; past ``caching.BODY_MEMO_ENTRIES`` keys nothing
        new is kept.
        """
        return self._memo.get_or_build(key, build)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle only the fields: memoised matchers and lookup tables are rebuilt on demand."""
        return {item.name: getattr(self, item.name) for item in fields(self) if item.init}

    def __setstate__(self, state: dict[str, Any]) -> None:
        type(self).__init__(self, **state)

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON form of the body."""
        return _stored(
            {"text": self.text, **self._answer_key_dict()},
            hints=list(self.hints) if self.hints else None,
            solution=self.solution,
            explanation=self.explanation,
        )

    def _answer_key_dict(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class Choice:
    """
    One choice of a choice question.

    Attributes:
        id: stable id used in answers and feedback (letters, digits, ``_`` and ``-``).
        text: HTML.
        correct: whether ticking it is right.
        feedback: HTML shown when the learner selects it.
        feedback_unselected: HTML shown when the learner leaves it unticked (multiple choice).
        fixed: keep this choice in place when choices are shuffled (e.g. "None of the above").
    """

    id: str
    text: str
    correct: bool
    feedback: str | None = None
    feedback_unselected: str | None = None
    fixed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _stored(
            {"id": self.id, "text": self.text, "correct": self.correct},
            feedback=self.feedback,
            feedback_unselected=self.feedback_unselected,
            fixed=True if self.fixed else None,
        )


@dataclass(frozen=True, kw_only=True)
class _ChoiceBody(BaseBody):
    choices: tuple[Choice, ...]
    _by_id: Mapping[str, Choice] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({choice.id: choice for choice in self.choices}))

    def choice(self, choice_id: str) -> Choice | None:
        """The choice with this id, or None."""
        return self._by_id.get(choice_id)

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(choice.id for choice in self.choices if choice.correct)


@dataclass(frozen=True, kw_only=True)
class SingleChoiceBody(_ChoiceBody):
    """Exactly one correct choice (capa ``multiplechoiceresponse``)."""

    question_type: ClassVar[str] = QuestionType.SINGLE_CHOICE.value

    def _answer_key_dict(self) -> dict[str, Any]:
        return {"choices": [choice.to_dict() for choice in self.choices]}


@dataclass(frozen=True, kw_only=True)
class CombinationFeedback:
    """Feedback for one exact set of ticked choices (capa ``compoundhint``); it replaces per-choice feedback."""

    choice_ids: frozenset[str]
    feedback: str


@dataclass(frozen=True, kw_only=True)
class MultipleChoiceBody(_ChoiceBody):
    """One or more correct choices, all to be ticked (capa ``choiceresponse`` with checkboxes)."""

    question_type: ClassVar[str] = QuestionType.MULTIPLE_CHOICE.value

    partial_credit: PartialCredit = PartialCredit.NONE
    combination_feedback: tuple[CombinationFeedback, ...] = ()

    def _answer_key_dict(self) -> dict[str, Any]:
        order = {choice.id: index for index, choice in enumerate(self.choices)}
        combinations = [
            {"choices": sorted(item.choice_ids, key=order.__getitem__), "feedback": item.feedback}
            for item in self.combination_feedback
        ]
        return _stored(
            {"choices": [choice.to_dict() for choice in self.choices], "partial_credit": self.partial_credit.value},
            combination_feedback=combinations or None,
        )


@dataclass(frozen=True, kw_only=True)
class NumericRange:
    """An accepted interval, written ``[a, b]``, ``(a, b)``, ``[a, b)`` or ``(a, b]``."""

    lower: float
    upper: float
    lower_inclusive: bool
    upper_inclusive: bool

    def describe(self) -> str:
        opening = "[" if self.lower_inclusive else "("
        closing = "]" if self.upper_inclusive else ")"
        return f"{opening}{self.lower!r}, {self.upper!r}{closing}"


@dataclass(frozen=True, kw_only=True)
class NumericBody(BaseBody):
    """
    A number, within a tolerance or a range (capa ``numericalresponse``).

    Exactly one of ``value`` and ``range`` is set. ``value_source`` keeps an expression the author
    typed (``"2*pi"``, ``"1/3"``) for display; ``tolerance`` None means capa's default, 0.001%
    relative to the larger of the two values.
    """

    question_type: ClassVar[str] = QuestionType.NUMERIC.value

    value: float | None = None
    value_source: str | None = None
    tolerance: Tolerance | None = None
    range: NumericRange | None = None
    range_source: str | None = None

    def _answer_key_dict(self) -> dict[str, Any]:
        if self.range is not None:
            return {"range": self.range_source or self.range.describe()}
        return _stored(
            {"value": self.value_source if self.value_source is not None else self.value},
            tolerance=self.tolerance.source if self.tolerance is not None else None,
        )


@dataclass(frozen=True, kw_only=True)
class TextBody(BaseBody):
    """
    A short text answer (capa ``stringresponse``).

    ``alternatives`` are accepted answers, stored whitespace-normalised; with ``regexp`` each is a
    regular expression that must match the whole (normalised) answer. ``display_answer`` is what
    "show answer" reveals (default: the alternatives).
    """

    question_type: ClassVar[str] = QuestionType.TEXT.value

    alternatives: tuple[str, ...]
    case_sensitive: bool = False
    regexp: bool = False
    display_answer: str | None = None

    def _answer_key_dict(self) -> dict[str, Any]:
        return _stored(
            {"alternatives": list(self.alternatives), "case_sensitive": self.case_sensitive, "regexp": self.regexp},
            display_answer=self.display_answer,
        )


@dataclass(frozen=True, kw_only=True)
class SampledVariable:
    """A variable of a formula and the interval its sample values are drawn from."""

    name: str
    low: float
    high: float


@dataclass(frozen=True, kw_only=True)
class FormulaBody(BaseBody):
    """
    A symbolic expression judged by numeric sampling (capa ``formularesponse``).

    The learner's expression and ``expected`` are evaluated at ``samples`` random points drawn
    from the variables' intervals and must agree within ``tolerance`` at every one.
    """

    question_type: ClassVar[str] = QuestionType.FORMULA.value

    expected: str
    variables: tuple[SampledVariable, ...] = ()
    samples: int = 20
    tolerance: Tolerance | None = None
    case_sensitive: bool = False

    def _answer_key_dict(self) -> dict[str, Any]:
        required = {
            "expected": self.expected,
            "variables": {variable.name: [variable.low, variable.high] for variable in self.variables},
            "samples": self.samples,
            "case_sensitive": self.case_sensitive,
        }
        return _stored(required, tolerance=self.tolerance.source if self.tolerance is not None else None)


QuestionBody: TypeAlias = SingleChoiceBody | MultipleChoiceBody | NumericBody | TextBody | FormulaBody
ChoiceBody: TypeAlias = SingleChoiceBody | MultipleChoiceBody
