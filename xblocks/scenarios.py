"""
Workbench scenarios of the blocks, on the dev host's demo course.

They name questions and subtopics by their stable external ids and usage keys (from the demo
question bank shipped in ``ve_edu_plugin/demo/questions.json``), so they work on any fresh dev host
after ``make dev`` has loaded the demo data.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import quoteattr

DEMO_PRACTICE_SUBSECTIONS = ("algebra_quadratics", "algebra_simultaneous", "algebra_inequalities")
_KEY = "block-v1:VE-EDU+MATH34+2026+type@sequential+block@{}"


@lru_cache(maxsize=1)
def _demo_questions() -> list[dict[str, Any]]:
    path = resources.files("ve_edu_plugin").joinpath("demo/questions.json")
    if not path.is_file():
        return []
    questions: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["questions"]
    return questions


def _first(question_type: str, *, min_hints: int = 2) -> str | None:
    for question in _demo_questions():
        if question["type"] == question_type and len(question["body"].get("hints", [])) >= min_hints:
            return str(question["id"])
    return None


def question_scenarios() -> list[tuple[str, str]]:
    """One scenario per question type that the demo bank has (single choice first)."""
    scenarios = []
    for question_type in ("single_choice", "numeric", "multiple_choice", "text", "formula"):
        ref = _first(question_type)
        if ref:
            scenarios.append(
                (
                    f"VE-EDU question: {question_type.replace('_', ' ')}",
                    f"<ve_question display_name={quoteattr('Demo ' + question_type)} question_ref={quoteattr(ref)}"
                    ' max_attempts="4" show_answer="after_correct"/>',
                )
            )
    # Last, so the demo scenarios keep their ids: a block with no question yet, for an author to set up.
    scenarios.append(("VE-EDU question: new, to set up in Studio", '<ve_question display_name="New question"/>'))
    return scenarios


def practice_scenarios() -> list[tuple[str, str]]:
    """Adaptive practice over the demo course's first algebra subsections."""
    keys = json.dumps([_KEY.format(name) for name in DEMO_PRACTICE_SUBSECTIONS])
    return [
        (
            "VE-EDU adaptive practice: algebra",
            "<ve_adaptive_practice display_name='Algebra practice' "
            f"subtopic_keys={quoteattr(keys)} "
            """mastery_policy='{"kind": "correct_in_a_row", "count": 2}' max_questions="30" repeat_window="3"/>""",
        )
    ]


def timed_scenarios() -> list[tuple[str, str]]:
    """The demo course's two timed tests: an end-of-topic test (fixed list) and a Form 3 mock paper."""
    refs = [
        str(question["id"])
        for question in _demo_questions()
        if str(question["id"]).startswith("demo-algebra-") and question.get("form") == 3
    ][:10]
    return [
        (
            "VE-EDU timed test: end of topic",
            "<ve_timed_assessment display_name='End-of-topic test: algebra' time_limit_minutes='30' "
            f"question_ids={quoteattr(json.dumps(refs))} shuffle_choices='true'/>",
        ),
        (
            "VE-EDU timed test: Form 3 mock paper",
            "<ve_timed_assessment display_name='Form 3 mock paper' time_limit_minutes='120' "
            """blueprint='[{"count": 30, "form": 3, "exam_level": "MSCE"}]' """
            "shuffle_questions='true' attempts_allowed='2'/>",
        ),
        (
            "VE-EDU timed test: one-minute quiz",
            "<ve_timed_assessment display_name='One-minute quiz' time_limit_minutes='1' grace_seconds='30' "
            f"question_ids={quoteattr(json.dumps(refs[:3]))}/>",
        ),
    ]
