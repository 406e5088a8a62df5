"""
The learner blocks in headless Chromium against the dev host, as a learner uses them.

Answers are looked up in the dev host's own database (a sqlite file), so the test answers each
question as a learner who knows (or deliberately misses) the answer would.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from ve_edu_plugin.grading import api as grading_api
from ve_edu_plugin.questions.schemas import validate_body
from xblocks.scenarios import _first

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".dev" / "screenshots"


def _bodies(dev_host_db: str) -> dict[int, tuple[str, dict]]:
    with sqlite3.connect(dev_host_db) as db:
        rows = db.execute(
            "SELECT q.id, v.question_type, v.body FROM ve_edu_plugin_question q "
            "JOIN ve_edu_plugin_questionversion v ON v.id = q.current_version_id"
        ).fetchall()
    return {row[0]: (row[1], json.loads(row[2])) for row in rows}


def _answer(page, question_type: str, answer: object) -> None:  # type: ignore[no-untyped-def]
    if question_type in ("single_choice", "multiple_choice"):
        for choice in answer if isinstance(answer, list | tuple) else [answer]:
            page.click(f"[data-testid=ve-choice-{choice}]")
    else:
        page.fill("[data-testid=ve-answer-input]", str(answer))
    page.click("[data-testid=ve-submit]")


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_question_hints_then_correct_then_reload(page, dev_host, dev_host_db):
    ref = _first("single_choice")
    bodies = _bodies(dev_host_db)
    with sqlite3.connect(dev_host_db) as db:
        (question_id,) = db.execute("SELECT id FROM ve_edu_plugin_question WHERE external_id = ?", (ref,)).fetchone()
    body = bodies[question_id][1]
    right = next(choice["id"] for choice in body["choices"] if choice["correct"])
    wrong = [choice["id"] for choice in body["choices"] if not choice["correct"]]

    page.goto(f"{dev_host}/workbench/scenario/ve_question.0/?student=browser_learner")
    page.wait_for_selector("[data-testid=ve-submit]")

    _answer(page, "single_choice", wrong[0])
    page.wait_for_selector("[data-testid=ve-result][data-result=incorrect]")
    page.wait_for_function("document.querySelectorAll('[data-testid=ve-hint]').length === 1")
    assert page.inner_text("[data-testid=ve-hint]").strip() != ""

    _answer(page, "single_choice", wrong[1])
    page.wait_for_function("document.querySelectorAll('[data-testid=ve-hint]').length === 2")
    _shot(page, "question-two-hints")

    _answer(page, "single_choice", right)
    page.wait_for_selector("[data-testid=ve-result][data-result=correct]")
    assert "1" in page.inner_text("[data-testid=ve-score]")
    _shot(page, "question-correct")

    page.reload()
    page.wait_for_selector("[data-testid=ve-result][data-result=correct]")
    assert page.locator("[data-testid=ve-hint]").count() == 2
    assert "1" in page.inner_text("[data-testid=ve-score]")


def test_adaptive_practice_reaches_mastered(page, dev_host, dev_host_db):
    bodies = _bodies(dev_host_db)
    page.goto(f"{dev_host}/workbench/scenario/ve_adaptive_practice.0/?student=browser_practiser")
    for _ in range(30):
        page.wait_for_selector("[data-testid=ve-practice-status]:not([data-status=loading])", state="attached")
        if page.get_attribute("[data-testid=ve-practice-status]", "data-status") == "mastered":
            break
        question_id = int(page.get_attribute(".ve-question", "data-question-id"))
        question_type, body = bodies[question_id]
        correct = grading_api.correct_answer(validate_body(question_type, body))
        answer: object = list(correct) if question_type == "multiple_choice" else correct[0]
        _answer(page, question_type, answer)
        page.wait_for_selector("[data-testid=ve-result][data-result=correct]")
        if page.get_attribute("[data-testid=ve-practice-status]", "data-status") == "mastered":
            break
        page.click("[data-testid=ve-next]")
        page.wait_for_function(
            f"!document.querySelector('.ve-question') || "
            f"document.querySelector('.ve-question').dataset.questionId !== '{question_id}'"
        )
    _shot(page, "practice-mastered")
    assert page.get_attribute("[data-testid=ve-practice-status]", "data-status") == "mastered"
