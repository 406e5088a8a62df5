"""
Authors' regular expressions for text answers, run by RE2 (google-re2) instead of Python's ``re``.

Python's engine backtracks: a pattern such as ``(\\d+\\s?)+cm`` takes seconds for a 28-character
answer and twice as long for every character more, so one learner could hold a worker with one
submit. RE2 matches in time linear in the answer for every pattern it accepts, and refuses the
features that need backtracking (backreferences, lookarounds) at compile time, so an author hears
about them when the question is saved, not a learner when it is answered. Its program memory is
capped too, so counted repetitions such as ``(a{1000}){1000}`` are refused instead of built.
"""

from __future__ import annotations

from typing import Any

import re2

#: RE2's memory budget for one compiled pattern (its default is 8 MiB): plenty for an answer key.
MAX_PATTERN_MEMORY = 1 << 20


class PatternError(ValueError):
    """The pattern is not one RE2 can run: the message says why, in RE2's words."""


def compile_answer_pattern(pattern: str, *, case_sensitive: bool) -> Any:
    """
    The compiled pattern (RE2), or :class:`PatternError` for a syntax error or a feature RE2 lacks.

    Errors are not logged by RE2 itself (they are the author's to read, on the field they typed).
    """
    options = re2.Options()
    options.case_sensitive = case_sensitive
    options.log_errors = False
    options.max_mem = MAX_PATTERN_MEMORY
    try:
        return re2.compile(pattern, options)
    except UnicodeEncodeError as exc:  # a lone UTF-16 surrogate: not text RE2 (or anyone) can match
        raise PatternError("the pattern holds a character that is not valid text") from exc
    except re2.error as exc:
        message = exc.args[0] if exc.args else str(exc)
        if isinstance(message, bytes):
            message = message.decode("utf-8", "replace")
        raise PatternError(str(message)) from exc


def full_match(pattern: Any, text: str) -> bool:
    """Whether ``pattern`` matches the whole of ``text``; text RE2 cannot encode matches nothing."""
    try:
        return pattern.fullmatch(text) is not None
    except UnicodeEncodeError:
        return False
