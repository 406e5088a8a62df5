"""What a block tells the assessments capability, and what it gets back (plain values)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ve_edu_plugin.assessments.blueprint import BlueprintRow


@dataclass(frozen=True)
class AssessmentSettings:
    """
    A block's author settings as the server uses them.

    ``question_ids`` is a fixed list; when empty, ``blueprint`` rows are drawn per learner.
    ``due`` caps every deadline. ``weight`` is the score a learner gets for all answers right.
    """

    time_limit_minutes: float
    grace_seconds: int = 120
    question_ids: tuple[int, ...] = ()
    blueprint: tuple[BlueprintRow, ...] = ()
    shuffle_questions: bool = False
    shuffle_choices: bool = False
    attempts_allowed: int = 1
    due: datetime | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class SessionState:
    """A session as the learner's view, the handlers and the REST layer show it."""

    id: int
    status: str
    attempt_number: int
    started: datetime
    deadline: datetime
    closes: datetime
    seconds_left: int
    finished: datetime | None
    score: float | None
    max_score: float
    questions: list[dict[str, Any]] = field(default_factory=list)
    answers: dict[int, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """JSON for the handlers and REST (times as ISO 8601)."""
        return {
            "id": self.id,
            "status": self.status,
            "attempt_number": self.attempt_number,
            "started": self.started.isoformat(),
            "deadline": self.deadline.isoformat(),
            "closes": self.closes.isoformat(),
            "seconds_left": self.seconds_left,
            "finished": self.finished.isoformat() if self.finished else None,
            "score": self.score,
            "max_score": self.max_score,
            "answers": {str(key): value for key, value in self.answers.items()},
        }


@dataclass(frozen=True)
class SaveOutcome:
    """How many answers of a save were stored, were resends of a stored key, or were stale."""

    stored: int
    duplicates: int
    stale: int
