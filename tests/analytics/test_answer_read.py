"""
The MySQL/MariaDB read of a subtopic's answers: the same answers as the portable ORM read, chunk by
chunk, and served by the covering index alone (the plans are MariaDB's; sqlite runs the ORM read).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from django.db import connection

from tests.analytics.seed import seed_answers
from ve_edu_plugin.analytics import compute
from ve_edu_plugin.attempts.models import Attempt

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "mysql", reason="the read of its own is MySQL/MariaDB's"),
]


@pytest.fixture
def answered(learning_course) -> tuple[int, int]:
    """Two subtopics answered by the same learners; some answers without the client's time."""
    first, second = learning_course.subtopic_ids[:2]
    questions = [
        learning_course.choice_question,
        *learning_course.practice_questions[first],
        *learning_course.practice_questions[second],
    ]
    seed_answers(learning_course.course_key, questions, learners=40, rounds=2, seed=5)
    offline = Attempt.objects.filter(subtopic_id=first).order_by("id").values_list("id", flat=True)[::7]
    Attempt.objects.filter(pk__in=list(offline)).update(client_timestamp=None)
    return first, Attempt.objects.filter(subtopic_id=first).count()


@pytest.mark.parametrize("chunk", [7, "all", "all+1"])
def test_the_read_returns_exactly_the_orm_reads_answers(answered, monkeypatch, chunk):
    subtopic, rows = answered
    monkeypatch.setattr(compute, "CHUNK", {"all": rows, "all+1": rows + 1}.get(chunk, chunk))
    read = compute._read_concatenated(subtopic)
    assert read.shape == (rows, 5) == (400, 5)
    assert np.array_equal(read, compute._read_rows(subtopic))


def test_a_chunk_cut_short_by_the_server_raises_instead_of_losing_answers(answered, monkeypatch):
    subtopic, _ = answered
    monkeypatch.setattr(compute, "_CONCAT_BYTES", 1024)
    with pytest.raises(RuntimeError, match="numbers read for"):
        compute._read_concatenated(subtopic)


def _plan(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@pytest.mark.parametrize("query", ["_CHUNK_SQL", "_CHOICES_SQL"])
def test_the_analytics_reads_use_the_covering_index_without_a_sort(answered, query):
    subtopic, _ = answered
    params = [subtopic, 0, compute.CHUNK] if query == "_CHUNK_SQL" else [subtopic]
    (attempts,) = [row for row in _plan(getattr(compute, query), params) if row["table"] == "ve_edu_plugin_attempt"]
    assert attempts["key"] == "ve_edu_attempt_analytics", attempts
    assert "Using index" in attempts["Extra"] and "filesort" not in attempts["Extra"], attempts
