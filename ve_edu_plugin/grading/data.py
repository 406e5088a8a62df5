"""
What flows in and out of grading: answer payloads, attempt history, verdicts and grade results.

All are frozen dataclasses so a result can be cached, logged, compared in tests and handed across
threads without anyone changing it underneath. A malformed answer is data too (a
:class:`GradeError` inside the result), never an exception: the learner's submission must always
get an answer back, and callers must be able to tell "not an attempt" from "a wrong attempt".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from types import MappingProxyType
from typing import Protocol, TypeAlias, TypeVar

#: What a learner may submit, per question type (the JSON an XBlock handler receives):
#:
#: - ``single_choice``: the chosen choice id, ``"b"``
#: - ``multiple_choice``: the chosen choice ids, ``["a", "c"]``
#: - ``numeric``: a number or a string, ``"9.81"``, ``9.81``, ``"2*pi"``, ``"5%"``
#: - ``text``: a string
#: - ``formula``: a string in the openedx-calc syntax, ``"x^2 + 2*x*y"``
#:
#: Anything else is answered with a ``malformed_answer`` error, not an exception.
AnswerPayload: TypeAlias = object

#: Answers longer than this are refused before any parsing (a cheap guard against pathological input).
MAX_ANSWER_LENGTH = 1000

EMPTY_FEEDBACK: Mapping[str, str] = MappingProxyType({})


class GradeErrorCode(StrEnum):
    """Stable codes for answers that could not be graded; clients may branch on them."""

    MALFORMED_ANSWER = "malformed_answer"
    EMPTY_ANSWER = "empty_answer"
    ANSWER_TOO_LONG = "answer_too_long"
    UNKNOWN_CHOICE = "unknown_choice"
    INVALID_SYNTAX = "invalid_syntax"
    UNMATCHED_PARENTHESIS = "unmatched_parenthesis"
    UNDEFINED_VARIABLE = "undefined_variable"
    UNDEFINED_FUNCTION = "undefined_function"
    EVALUATION_ERROR = "evaluation_error"
    COMPLEX_NOT_ALLOWED = "complex_not_allowed"
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    QUESTION_ERROR = "question_error"


@dataclass(frozen=True, slots=True)
class GradeError:
    """
    Why an answer was not graded. Such an answer is not an attempt: callers do not count it.

    Attributes:
        code: stable machine-readable reason.
        message: short plain-text explanation for the learner (not HTML; escape it when rendering).
    """

    code: GradeErrorCode
    message: str


@dataclass(frozen=True, slots=True)
class PastAttempt:
    """
    One earlier graded attempt, as far as progressive feedback needs to know it.

    Attributes:
        normalised_answer: the grader's normalised form of the answer (see ``GradeResult``).
        correct: whether it earned full credit.
    """

    normalised_answer: str
    correct: bool


@dataclass(frozen=True)
class AttemptHistory:
    """
    The learner's earlier graded attempts at one question, oldest first.

    Attempts that came back with an error are not part of the history.
    """

    attempts: tuple[PastAttempt, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, bool]]) -> AttemptHistory:
        """Build a history from ``(normalised_answer, correct)`` pairs, oldest first."""
        return cls(tuple(PastAttempt(answer, correct) for answer, correct in pairs))

    def with_attempt(self, normalised_answer: str, correct: bool) -> AttemptHistory:
        """This history plus one more attempt (for callers that keep the history in memory)."""
        return AttemptHistory((*self.attempts, PastAttempt(normalised_answer, correct)))

    @property
    def count(self) -> int:
        return len(self.attempts)

    @cached_property
    def incorrect_count(self) -> int:
        return sum(1 for attempt in self.attempts if not attempt.correct)

    @cached_property
    def distinct_incorrect_answers(self) -> frozenset[str]:
        """Different wrong answers so far: repeating one does not unlock another hint."""
        return frozenset(attempt.normalised_answer for attempt in self.attempts if not attempt.correct)

    @cached_property
    def answered_correctly(self) -> bool:
        return any(attempt.correct for attempt in self.attempts)

    @cached_property
    def previous_answers(self) -> frozenset[str]:
        return frozenset(attempt.normalised_answer for attempt in self.attempts)


EMPTY_HISTORY = AttemptHistory()


@dataclass(frozen=True)
class SummarisedHistory:
    """
    The same questions as :class:`AttemptHistory` answers, from counts kept on write.

    A learner may have thousands of attempts at a question; the attempt log keeps a bounded
    summary of them (counts and the distinct answers so far), so feedback costs the same after
    10 or 10,000 attempts.

    Attributes:
        count: graded attempts so far.
        incorrect_count: those without full credit.
        answered_correctly: whether any earned full credit.
        answers: distinct normalised answers so far with whether each was correct, oldest first.
    """

    count: int = 0
    incorrect_count: int = 0
    answered_correctly: bool = False
    answers: tuple[tuple[str, bool], ...] = ()

    @cached_property
    def distinct_incorrect_answers(self) -> frozenset[str]:
        return frozenset(answer for answer, correct in self.answers if not correct)

    @cached_property
    def previous_answers(self) -> frozenset[str]:
        return frozenset(answer for answer, _correct in self.answers)


#: Either form of a learner's earlier attempts: feedback reads only the properties both have.
History: TypeAlias = AttemptHistory | SummarisedHistory


@dataclass(frozen=True, slots=True)
class Verdict:
    """
    A grader's judgement of one answer, before any feedback policy is applied.

    Attributes:
        score: credit earned, 0.0 to 1.0 (partial credit in between).
        normalised_answer: canonical form of the answer, so that the same answer typed twice
            (``"9.80"`` and ``" 9.8"``) is recognised as a repeat.
        feedback_by_choice: per-choice feedback the author wrote, keyed by choice id.
        feedback: feedback for the answer as a whole (for example a combination of choices).
        error: set when the answer could not be graded; score is then 0.
    """

    score: float
    normalised_answer: str
    # A factory, not a default: Python 3.11's dataclasses refuse an unhashable default (mappingproxy).
    feedback_by_choice: Mapping[str, str] = field(default_factory=lambda: EMPTY_FEEDBACK)
    feedback: str | None = None
    error: GradeError | None = None

    @property
    def correct(self) -> bool:
        return self.error is None and self.score >= 1.0

    @classmethod
    def failed(cls, code: GradeErrorCode, message: str) -> Verdict:
        return cls(score=0.0, normalised_answer="", error=GradeError(code, message))


def typed_answer(answer: AnswerPayload, *, not_text: str, empty: str) -> str | Verdict:
    """
    A typed answer (a number or an expression) as text, or the verdict refusing it.

    Text that is blank or over ``MAX_ANSWER_LENGTH`` is refused before any parsing; ``not_text`` and
    ``empty`` say what the grader wants instead.
    """
    if not isinstance(answer, str):
        return Verdict.failed(GradeErrorCode.MALFORMED_ANSWER, not_text)
    if not answer.strip():
        return Verdict.failed(GradeErrorCode.EMPTY_ANSWER, empty)
    if len(answer) > MAX_ANSWER_LENGTH:
        return Verdict.failed(GradeErrorCode.ANSWER_TOO_LONG, "Your answer is too long.")
    return answer


@dataclass(frozen=True, init=False)
class GradeResult:
    """
    The outcome of one submission, with everything the learner may be shown now.

    Attributes:
        correct: full credit.
        score: 0.0 to 1.0; partial credit is ``0 < score < 1`` with ``correct`` false.
        normalised_answer: canonical answer form; store it in the attempt log so later
            submissions can be compared with it (see ``AttemptHistory``).
        feedback_by_choice: the author's feedback per choice id for the choices it applies to.
        feedback: feedback for the whole answer, when the author wrote one for it.
        hint: the hint to show after this attempt (HTML), or None.
        hint_level: how many hints are unlocked (0 = none); the hint shown is number ``hint_level``.
        show_solution / solution: whether the worked solution is unlocked, and the solution HTML.
        show_answer / correct_answer: whether the correct answer may be revealed, and its
            display form (choice ids for choice questions, strings otherwise).
        explanation: the author's explanation (HTML), given once the learner is correct or the
            answer is revealed.
        attempts_used: graded attempts including this one (errors do not count).
        attempts_left: remaining attempts, or None when unlimited.
        repeated_answer: the learner had already submitted this same (normalised) answer.
        error: set when the answer was not graded; it is then not an attempt.
    """

    correct: bool
    score: float
    normalised_answer: str
    # A factory, not a default: Python 3.11's dataclasses refuse an unhashable default (mappingproxy).
    feedback_by_choice: Mapping[str, str] = field(default_factory=lambda: EMPTY_FEEDBACK)
    feedback: str | None = None
    hint: str | None = None
    hint_level: int = 0
    show_solution: bool = False
    solution: str | None = None
    show_answer: bool = False
    correct_answer: tuple[str, ...] | None = None
    explanation: str | None = None
    attempts_used: int = 0
    attempts_left: int | None = None
    repeated_answer: bool = False
    error: GradeError | None = None

    def __init__(  # noqa: PLR0917 - the signature the dataclass would generate, positional arguments included
        self,
        correct: bool,
        score: float,
        normalised_answer: str,
        feedback_by_choice: Mapping[str, str] = EMPTY_FEEDBACK,
        feedback: str | None = None,
        hint: str | None = None,
        hint_level: int = 0,
        show_solution: bool = False,
        solution: str | None = None,
        show_answer: bool = False,
        correct_answer: tuple[str, ...] | None = None,
        explanation: str | None = None,
        attempts_used: int = 0,
        attempts_left: int | None = None,
        repeated_answer: bool = False,
        error: GradeError | None = None,
    ) -> None:
        # Written out: a frozen dataclass's generated __init__ sets each of the 16 fields through
        # object.__setattr__, four times the cost of one update of the instance's dict, and a
        # result is built for every answer graded (most of a choice answer's grading time). The
        # tests hold this signature to the fields above; ``dataclasses.replace`` still calls it.
        self.__dict__.update(
            correct=correct,
            score=score,
            normalised_answer=normalised_answer,
            feedback_by_choice=feedback_by_choice,
            feedback=feedback,
            hint=hint,
            hint_level=hint_level,
            show_solution=show_solution,
            solution=solution,
            show_answer=show_answer,
            correct_answer=correct_answer,
            explanation=explanation,
            attempts_used=attempts_used,
            attempts_left=attempts_left,
            repeated_answer=repeated_answer,
            error=error,
        )

    @property
    def partially_correct(self) -> bool:
        return not self.correct and self.score > 0.0

    @property
    def counts_as_attempt(self) -> bool:
        """Only graded answers are attempts; malformed ones and refusals are not."""
        return self.error is None


def freeze_feedback(pairs: Sequence[tuple[str, str]]) -> Mapping[str, str]:
    """A read-only feedback mapping; the shared empty one when there is nothing to say."""
    return MappingProxyType(dict(pairs)) if pairs else EMPTY_FEEDBACK


BodyT_contra = TypeVar("BodyT_contra", contravariant=True)


class Grader(Protocol[BodyT_contra]):
    """Judges answers to one question type. Pure and stateless: one shared instance serves all calls.

    Defined with the shapes it uses (not in ``registry.py``), so an extension type's spec
    (``question_types.py``) can name it without an import cycle.
    """

    def grade(self, body: BodyT_contra, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
        """The verdict on ``answer``; a malformed answer gives an error verdict, never an exception."""
        ...

    def correct_answer(self, body: BodyT_contra) -> tuple[str, ...]:
        """What "show answer" reveals: choice ids for choice questions, display strings otherwise."""
        ...
