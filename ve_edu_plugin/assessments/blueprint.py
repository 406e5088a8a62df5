"""
Drawing a learner's questions from a blueprint: pure, seeded, without Django.

A blueprint is rows of "N questions from subtopic S (or topic T, or the whole course), difficulty
between a and b, optionally an exam level and form". Each learner gets a draw seeded by their id
and the block, so a reload never changes it; a question is drawn at most once across rows.
:func:`shortfalls` tells an author which rows the bank cannot satisfy, before any learner starts.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ve_edu_plugin.i18n import gettext

__all__ = ["BlueprintRow", "Candidate", "Shortfall", "draw", "parse_rows", "shortfalls"]


@dataclass(frozen=True)
class BlueprintRow:
    """One row: ``count`` questions matching every filter that is set."""

    count: int
    subtopic_id: int | None = None
    topic_id: int | None = None
    difficulty_min: int = 1
    difficulty_max: int = 5
    exam_level: str = ""
    form: int | None = None

    def matches(self, candidate: Candidate) -> bool:
        """Whether the question fits this row."""
        return (
            (self.subtopic_id is None or candidate.subtopic_id == self.subtopic_id)
            and (self.topic_id is None or candidate.topic_id == self.topic_id)
            and self.difficulty_min <= candidate.difficulty <= self.difficulty_max
            and (not self.exam_level or candidate.exam_level == self.exam_level)
            and (self.form is None or candidate.form == self.form)
        )


@dataclass(frozen=True)
class Candidate:
    """A published question as the drawing sees it."""

    id: int
    subtopic_id: int | None
    topic_id: int | None
    difficulty: int
    exam_level: str = ""
    form: int | None = None


@dataclass(frozen=True)
class Shortfall:
    """A row the bank cannot fill: how many it asks for and how many it can have."""

    row: int
    wanted: int
    available: int


_INT_FIELDS = ("subtopic_id", "topic_id", "form")


def parse_rows(raw: Sequence[object]) -> tuple[list[BlueprintRow], dict[str, list[str]]]:
    """Rows from the block's stored JSON, and the errors per ``rows.<n>.<field>`` (empty when valid)."""
    rows: list[BlueprintRow] = []
    errors: dict[str, list[str]] = {}
    for n, item in enumerate(raw):
        if not isinstance(item, Mapping):
            errors[f"rows.{n}"] = [gettext("Must be an object.")]
            continue
        count: Any = item.get("count")
        low, high = item.get("difficulty_min", 1), item.get("difficulty_max", 5)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            errors[f"rows.{n}.count"] = [gettext("Must be a whole number of at least 1.")]
        for name, value in (("difficulty_min", low), ("difficulty_max", high)):
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
                errors[f"rows.{n}.{name}"] = [gettext("Must be a whole number from 1 to 5.")]
        if isinstance(low, int) and isinstance(high, int) and low > high:
            errors[f"rows.{n}.difficulty_max"] = [gettext("Must not be below the minimum difficulty.")]
        for name in _INT_FIELDS:
            value = item.get(name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                errors[f"rows.{n}.{name}"] = [gettext("Must be a whole number or empty.")]
        if any(key.startswith(f"rows.{n}.") for key in errors):
            continue
        rows.append(
            BlueprintRow(
                count=count,
                subtopic_id=item.get("subtopic_id"),
                topic_id=item.get("topic_id"),
                difficulty_min=low,
                difficulty_max=high,
                exam_level=str(item.get("exam_level") or ""),
                form=item.get("form"),
            )
        )
    return rows, errors


def _rng(seed: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(seed.encode()).digest()[:8], "big"))


def draw(rows: Sequence[BlueprintRow], pool: Sequence[Candidate], *, seed: str) -> list[int]:
    """
    The question ids for one learner, row by row (each row's questions shuffled within it). Rows are
    filled most constrained first, so a narrow row is not starved by a broad one drawn before it;
    the order of the result still follows the rows. Raises ``ValueError`` if a row falls short.
    """
    rng = _rng(seed)
    ordered = sorted(pool, key=lambda candidate: candidate.id)
    taken: set[int] = set()
    picks: dict[int, list[int]] = {}
    order = sorted(range(len(rows)), key=lambda n: (sum(rows[n].matches(c) for c in ordered), n))
    for n in order:
        row = rows[n]
        fitting = [c.id for c in ordered if c.id not in taken and row.matches(c)]
        if len(fitting) < row.count:
            raise ValueError(f"blueprint row {n} asks for {row.count} questions, the bank has {len(fitting)}")
        chosen = rng.sample(fitting, row.count)
        taken.update(chosen)
        picks[n] = chosen
    return [question for n in range(len(rows)) for question in picks[n]]


def shortfalls(rows: Sequence[BlueprintRow], pool: Sequence[Candidate]) -> list[Shortfall]:
    """The rows that cannot be filled (counting questions that earlier-filled rows must use)."""
    ordered = sorted(pool, key=lambda candidate: candidate.id)
    taken: set[int] = set()
    short: list[Shortfall] = []
    order = sorted(range(len(rows)), key=lambda n: (sum(rows[n].matches(c) for c in ordered), n))
    for n in order:
        fitting = [c.id for c in ordered if c.id not in taken and rows[n].matches(c)]
        if len(fitting) < rows[n].count:
            short.append(Shortfall(n, rows[n].count, len(fitting)))
        taken.update(fitting[: rows[n].count])
    return sorted(short, key=lambda item: item.row)
