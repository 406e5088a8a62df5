"""
Graders for single- and multiple-choice questions (capa ``multiplechoiceresponse`` / ``choiceresponse``).

Partial credit follows capa's ``ChoiceResponse`` exactly, including its rounding: with ``n``
choices, Every Decision Counts gives ``round_away_from_zero(correct_decisions / n, 2)``; Halves
gives 1/2 for one error when ``n > 2`` and 1/4 for two errors when ``n > 4``. An empty
selection or an unknown choice id is reported as an error (capa would mark it incorrect) so that
a stray click on a flaky connection does not use up an attempt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from ve_edu_plugin.grading.bodies import MultipleChoiceBody, PartialCredit, SingleChoiceBody
from ve_edu_plugin.grading.data import EMPTY_FEEDBACK, AnswerPayload, GradeErrorCode, Verdict, freeze_feedback


def round_away_from_zero(number: float, digits: int = 0) -> float:
    """Open edX's grade rounding (``openedx.core.lib.grade_utils``): halves go away from zero."""
    scale = 10.0**digits
    if number >= 0:
        return float(math.floor(number * scale + 0.5)) / scale
    return float(math.ceil(number * scale - 0.5)) / scale


class SingleChoiceGrader:
    """Right if the chosen id is the correct choice's id."""

    def grade(self, body: SingleChoiceBody, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
        if isinstance(answer, str):
            verdict = body.memo("verdict-by-choice", lambda: _single_choice_verdicts(body)).get(answer)
            if verdict is not None:
                return verdict
            if answer:
                return Verdict.failed(GradeErrorCode.UNKNOWN_CHOICE, "That option is not part of this question.")
            return Verdict.failed(GradeErrorCode.EMPTY_ANSWER, "Choose one of the options.")
        return Verdict.failed(GradeErrorCode.MALFORMED_ANSWER, "Choose one of the options.")

    def correct_answer(self, body: SingleChoiceBody) -> tuple[str, ...]:
        return body.correct_ids


def _single_choice_verdicts(body: SingleChoiceBody) -> dict[str, Verdict]:
    """One ready-made verdict per choice: grading a single choice is then a dictionary lookup."""
    return {
        choice.id: Verdict(
            score=1.0 if choice.correct else 0.0,
            normalised_answer=choice.id,
            feedback_by_choice=freeze_feedback([(choice.id, choice.feedback)] if choice.feedback else []),
        )
        for choice in body.choices
    }


class MultipleChoiceGrader:
    """All correct choices ticked and nothing else, or partial credit by the body's scheme."""

    def grade(self, body: MultipleChoiceBody, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
        if not isinstance(answer, list | tuple) or not all(isinstance(item, str) for item in answer):
            return Verdict.failed(GradeErrorCode.MALFORMED_ANSWER, "Send the ticked options as a list.")
        if not answer:
            return Verdict.failed(GradeErrorCode.EMPTY_ANSWER, "Tick at least one option.")
        selected = frozenset(answer)
        if any(body.choice(choice_id) is None for choice_id in selected):
            return Verdict.failed(GradeErrorCode.UNKNOWN_CHOICE, "An option you ticked is not part of this question.")
        return body.memo(("verdict-by-selection", selected), lambda: _multiple_choice_verdict(body, selected))

    def correct_answer(self, body: MultipleChoiceBody) -> tuple[str, ...]:
        return body.correct_ids


def _multiple_choice_verdict(body: MultipleChoiceBody, selected: frozenset[str]) -> Verdict:
    errors = sum(1 for choice in body.choices if (choice.id in selected) != choice.correct)
    feedback_by_choice, feedback = _feedback(body, selected)
    return Verdict(
        score=_score(body.partial_credit, errors, len(body.choices)),
        normalised_answer=",".join(choice.id for choice in body.choices if choice.id in selected),
        feedback_by_choice=feedback_by_choice,
        feedback=feedback,
    )


def _score(partial_credit: PartialCredit, errors: int, choice_count: int) -> float:
    if errors == 0:
        return 1.0
    if partial_credit is PartialCredit.EVERY_DECISION_COUNTS:
        return round_away_from_zero((choice_count - errors) / choice_count, 2)
    if partial_credit is PartialCredit.HALVES:
        if errors == 1 and choice_count > 2:
            return round_away_from_zero(1 / 2, 2)
        if errors == 2 and choice_count > 4:
            return round_away_from_zero(1 / 4, 2)
    return 0.0


def _feedback(body: MultipleChoiceBody, selected: frozenset[str]) -> tuple[Mapping[str, str], str | None]:
    """A matching combination replaces per-choice feedback, as capa's compound hints do."""
    for combination in body.combination_feedback:
        if combination.choice_ids == selected:
            return EMPTY_FEEDBACK, combination.feedback
    pairs = []
    for choice in body.choices:
        text = choice.feedback if choice.id in selected else choice.feedback_unselected
        if text:
            pairs.append((choice.id, text))
    return freeze_feedback(pairs), None
