"""A small course with an outline and questions, built through the apis, for the learner-loop tests."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from opaque_keys.edx.keys import CourseKey
from webob import Request

from tests.curriculum.olx_builder import COURSE_ID, grid, write_export
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.questions import api as questions_api

CHOICE_BODY = {
    "text": "<p>Which value of \\(x\\) solves \\(x + 2 = 5\\)?</p>",
    "choices": [
        {"id": "a", "text": "2", "correct": False, "feedback": "<p>Check: 2 + 2 is not 5.</p>"},
        {"id": "b", "text": "3", "correct": True},
        {"id": "c", "text": "7", "correct": False},
        {"id": "d", "text": "5", "correct": False},
    ],
    "hints": ["<p>Subtract 2 from both sides.</p>", "<p>5 - 2 = ?</p>"],
    "solution": "<p>x = 5 - 2 = 3.</p>",
}


def numeric_body(value: float) -> dict[str, Any]:
    return {"text": f"<p>Type {value}.</p>", "value": value, "tolerance": "1%", "hints": ["<p>Copy it.</p>"]}


@dataclass
class LearningCourse:
    course_key: CourseKey
    subtopic_ids: list[int]
    choice_question: int
    practice_questions: dict[int, list[int]]


@pytest.fixture
def learning_course(tmp_path, settings) -> LearningCourse:
    """3 sections x 2 subsections; a choice question and 4 numeric questions per subtopic of section 0."""
    settings.WORKBENCH_COURSE_ID = COURSE_ID
    settings.VE_EDU_OUTLINE_READER = "olx"
    settings.VE_EDU_OLX_EXPORTS = {COURSE_ID: str(write_export(tmp_path / "olx", grid(3, 2)))}
    course_key = CourseKey.from_string(COURSE_ID)
    curriculum_api.sync_course_outline(course_key, trigger="command")
    subtopics = list(
        curriculum_api.Subtopic.objects.filter(course_key=course_key).order_by("topic__position", "position")
    )
    choice = questions_api.create_question(
        course_key,
        question_type="single_choice",
        body=CHOICE_BODY,
        fields=questions_api.QuestionFields(subtopic_id=subtopics[0].id, status="published", external_id="choice-1"),
    )
    practice: dict[int, list[int]] = {}
    for subtopic in subtopics[:2]:
        for n in range(4):
            created = questions_api.create_question(
                course_key,
                question_type="numeric",
                body=numeric_body(10 * subtopic.id + n),
                fields=questions_api.QuestionFields(subtopic_id=subtopic.id, status="published", difficulty=1 + n),
            )
            practice.setdefault(subtopic.id, []).append(created.id)
    return LearningCourse(course_key, [s.id for s in subtopics], choice.id, practice)


class HandlerClient:
    """Calls a block's JSON handlers through the workbench runtime, as the browser does."""

    def __init__(self, xml: str, *, student: str = "learner") -> None:
        from workbench.runtime import WorkbenchRuntime

        self.runtime = WorkbenchRuntime(user_id=student)
        self.runtime.id_generator.set_scenario(f"test-{uuid.uuid4().hex[:8]}")
        self.block = self.runtime.get_block(self.runtime.parse_xml_string(xml))
        self.events: list[tuple[str, dict[str, Any]]] = []
        self.runtime.publish = lambda block, name, data: self.events.append((name, data))

    def call(self, handler: str, data: Any) -> tuple[int, dict[str, Any]]:
        request = Request.blank("/", method="POST", body=json.dumps(data).encode())
        response = self.runtime.handle(self.block, handler, request)
        return response.status_code, json.loads(response.body)

    def submit(self, answer: Any, key: str | None = None, **extra: Any) -> dict[str, Any]:
        status, body = self.call("submit", {"answer": answer, "client_key": key or uuid.uuid4().hex, **extra})
        assert status == 200, body
        return body
