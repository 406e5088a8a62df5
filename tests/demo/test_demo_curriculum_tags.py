"""
The demo course's curriculum tags (``ve_edu_plugin/demo/curriculum_tags.json``) agree with its outline
and its questions: a subsection has its questions' exam level, form and subject, and a section those
its questions share (no form when it spans Forms 3 and 4). Pure: no database.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import ve_edu_plugin
from ve_edu_plugin.curriculum.olx_reader import read_olx_outline

DEMO = Path(ve_edu_plugin.__file__).resolve().parent / "demo"
COURSE_ID = "course-v1:VE-EDU+MATH34+2026"
TAGS: dict[str, Any] = json.loads((DEMO / "curriculum_tags.json").read_text(encoding="utf-8"))
QUESTIONS: list[dict[str, Any]] = json.loads((DEMO / "questions.json").read_text(encoding="utf-8"))["questions"]
OUTLINE = read_olx_outline(str(DEMO / "course"), expected_course_key=COURSE_ID)


def _tags(entry: dict[str, Any]) -> tuple[str, int | None, str]:
    return entry["exam_level"], entry["form"], entry["subject_code"]


def test_every_section_and_subsection_is_tagged_under_its_title():
    assert TAGS["format"] == "ve-edu-curriculum-tags" and TAGS["course_id"] == COURSE_ID
    assert [(t["usage_key"], t["title"]) for t in TAGS["topics"]] == [(s.usage_key, s.title) for s in OUTLINE.sections]
    assert [(t["usage_key"], t["title"]) for t in TAGS["subtopics"]] == [
        (sub.usage_key, sub.title) for section in OUTLINE.sections for sub in section.subsections
    ]
    for entry in [*TAGS["topics"], *TAGS["subtopics"]]:
        level, form, subject = _tags(entry)
        assert level == "MSCE" and subject == "MATH", entry
        assert form is None or form in (3, 4), entry


def test_a_subsection_has_its_questions_exam_level_form_and_subject():
    of_subtopic: dict[str, set[tuple[str, int | None, str]]] = defaultdict(set)
    for question in QUESTIONS:
        of_subtopic[question["subtopic"]].add(_tags(question))
    for entry in TAGS["subtopics"]:
        questions = of_subtopic.get(entry["usage_key"], set())
        assert questions <= {_tags(entry)}, (entry["title"], questions)
    untagged = [entry["title"] for entry in TAGS["subtopics"] if entry["form"] is None]
    assert untagged == [], "every demo subsection belongs to Form 3 or Form 4"


def test_a_section_has_the_form_its_questions_share_and_none_when_they_span_two():
    section_of = {sub.usage_key: s.usage_key for s in OUTLINE.sections for sub in s.subsections}
    forms: dict[str, set[int]] = defaultdict(set)
    for question in QUESTIONS:
        forms[section_of[question["subtopic"]]].add(question["form"])
    for entry in TAGS["topics"]:
        shared = forms[entry["usage_key"]]
        assert entry["form"] == (next(iter(shared)) if len(shared) == 1 else None), (entry["title"], shared)
    assert {entry["form"] for entry in TAGS["topics"]} == {3, 4, None}
