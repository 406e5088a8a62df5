"""
The grade book: learners x topics, read from the knowledge-tracing states kept on every answer.

Per topic a learner has *mastery* (share of the topic's subtopics mastered) and a *practice score*
(share of their answers in the topic that were right). The states are already aggregates kept in
O(1) per answer, so reading them is not a recomputation; rows are streamed learner by learner
(ordered by user id) so a CSV of any class size is written in constant memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.curriculum.models import Subtopic, Topic
from ve_edu_plugin.mastery.models import SkillState


@dataclass
class GradebookRow:
    """One learner's standing per topic id: (mastered subtopics, answers, right answers)."""

    user_id: int
    username: str
    topics: dict[int, list[int]] = field(default_factory=dict)

    def cells(self, topics: list[tuple[int, str, int]]) -> dict[str, dict[str, float]]:
        result = {}
        for topic_id, title, subtopics in topics:
            mastered, answers, right = self.topics.get(topic_id, [0, 0, 0])
            result[title] = {
                "mastery": round(mastered / subtopics, 4) if subtopics else 0.0,
                "practice_score": round(right / answers, 4) if answers else 0.0,
            }
        return result


def course_topics(course_key: CourseKey) -> list[tuple[int, str, int]]:
    """(id, title, live subtopics) of the course's live topics, in outline order."""
    counts: dict[int, int] = {}
    for topic_id in Subtopic.objects.filter(course_key=course_key, archived=False).values_list("topic_id", flat=True):
        counts[topic_id] = counts.get(topic_id, 0) + 1
    topics = Topic.objects.filter(course_key=course_key, archived=False).order_by("position")
    return [(topic.id, topic.title, counts.get(topic.id, 0)) for topic in topics.only("id", "title")]


def learner_ids(course_key: CourseKey) -> list[int]:
    """Learners with any knowledge-tracing state in the course, by user id (the grade book's rows)."""
    states = SkillState.objects.filter(course_key=course_key).order_by("user_id")
    return list(states.values_list("user_id", flat=True).distinct())


def rows(course_key: CourseKey, user_ids: Iterable[int] | None = None) -> Iterator[GradebookRow]:
    """Rows learner by learner (all learners, or the given ones), streamed from one query."""
    states = SkillState.objects.filter(course_key=course_key, subtopic__archived=False)
    if user_ids is not None:
        states = states.filter(user_id__in=list(user_ids))
    current: GradebookRow | None = None
    fields = ("user_id", "user__username", "subtopic__topic_id", "mastered", "attempts", "correct_attempts")
    for user_id, username, topic_id, mastered, attempts, right in (
        states.order_by("user_id").values_list(*fields).iterator(chunk_size=5000)
    ):
        if current is None or current.user_id != user_id:
            if current is not None:
                yield current
            current = GradebookRow(user_id, username)
        cell = current.topics.setdefault(topic_id, [0, 0, 0])
        cell[0] += int(mastered)
        cell[1] += attempts
        cell[2] += right
    if current is not None:
        yield current


def csv_lines(course_key: CourseKey) -> Iterator[str]:
    """The grade book as CSV text, one line at a time (for a streaming response)."""
    topics = course_topics(course_key)
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: list[object]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(values)
        return buffer.getvalue()

    header: list[object] = ["username"]
    for _, title, _ in topics:
        header += [f"{title} mastery", f"{title} practice score"]
    yield line(header)
    for row in rows(course_key):
        values: list[object] = [row.username]
        for cell in row.cells(topics).values():
            values += [cell["mastery"], cell["practice_score"]]
        yield line(values)
