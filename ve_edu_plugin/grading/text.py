"""
Grader for short text answers (capa ``stringresponse``).

The answer is stripped and its internal whitespace collapsed (``"  New   York "`` is
``"New York"``), then compared with the accepted alternatives, case-insensitively unless the
question says otherwise (capa ``type="ci"``). With ``regexp`` each alternative must match the
whole normalised answer (capa ``type="regexp"``), matched by RE2 so no answer can make a pattern
backtrack (see ``answer_patterns``). Matchers are built once per answer key and
kept on the body, so a grade call is a set lookup or precompiled regex matches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ve_edu_plugin.grading.answer_patterns import PatternError, compile_answer_pattern, full_match
from ve_edu_plugin.grading.bodies import TextBody
from ve_edu_plugin.grading.data import MAX_ANSWER_LENGTH, AnswerPayload, GradeErrorCode, Verdict

#: Verdicts for answers up to this long are kept on the body: many learners type the same few answers.
_MEMO_ANSWER_LENGTH = 64

log = logging.getLogger(__name__)


class TextGrader:
    """Right if the normalised answer equals (or fully matches) one of the alternatives."""

    def grade(self, body: TextBody, answer: AnswerPayload, *, seed: int | str | None = None) -> Verdict:
        if not isinstance(answer, str):
            return Verdict.failed(GradeErrorCode.MALFORMED_ANSWER, "Send the answer as text.")
        if len(answer) > MAX_ANSWER_LENGTH:
            return Verdict.failed(GradeErrorCode.ANSWER_TOO_LONG, "Your answer is too long.")
        normalised = " ".join(answer.split())
        if not normalised:
            return Verdict.failed(GradeErrorCode.EMPTY_ANSWER, "Enter an answer.")
        if len(normalised) > _MEMO_ANSWER_LENGTH:
            return _verdict(body, normalised)
        return body.memo(("verdict-by-answer", normalised), lambda: _verdict(body, normalised))

    def correct_answer(self, body: TextBody) -> tuple[str, ...]:
        if body.display_answer is not None:
            return (body.display_answer,)
        return body.alternatives


def _verdict(body: TextBody, normalised: str) -> Verdict:
    matches = body.memo("matcher", lambda: _matcher(body.alternatives, body.case_sensitive, body.regexp))
    return Verdict(1.0 if matches(normalised) else 0.0, normalised if body.case_sensitive else normalised.lower())


def _matcher(alternatives: tuple[str, ...], case_sensitive: bool, regexp: bool) -> Callable[[str], bool]:
    if regexp:
        patterns = tuple(_runnable(alternatives, case_sensitive))
        return lambda answer: any(full_match(pattern, answer) for pattern in patterns)
    if case_sensitive:
        accepted = frozenset(alternatives)
        return accepted.__contains__
    folded = frozenset(alternative.lower() for alternative in alternatives)
    return lambda answer: answer.lower() in folded


def _runnable(alternatives: tuple[str, ...], case_sensitive: bool) -> list[Any]:
    """
    The alternatives RE2 can run. Saving refuses the others; one stored before that rule (a
    lookahead, a backreference) accepts no answer rather than running on a backtracking engine.
    """
    patterns = []
    for alternative in alternatives:
        try:
            patterns.append(compile_answer_pattern(alternative, case_sensitive=case_sensitive))
        except PatternError as exc:
            log.warning("Text answer pattern %r cannot run and accepts no answer: %s", alternative, exc)
    return patterns
