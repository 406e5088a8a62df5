"""
The demo question bank (``ve_edu_plugin/demo/questions.json``) is what a new operator, author or
learner first sees, so it must be right: every body valid and already in canonical form, every
question in a subsection of the demo course that learners can reach, every answer key grading its
own answer as correct and a wrong answer as incorrect. Pure: no database.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

import ve_edu_plugin
from ve_edu_plugin.curriculum.olx_reader import read_olx_outline
from ve_edu_plugin.grading.api import correct_answer, grade_answer
from ve_edu_plugin.grading.bodies import (
    FormulaBody,
    MultipleChoiceBody,
    NumericBody,
    PartialCredit,
    QuestionBody,
    SingleChoiceBody,
    TextBody,
)
from ve_edu_plugin.questions.maths import latex_of
from ve_edu_plugin.questions.schemas import validate_body
from ve_edu_plugin.questions.transfer_json import read_json

DEMO = Path(ve_edu_plugin.__file__).resolve().parent / "demo"
QUESTIONS_FILE = DEMO / "questions.json"
COURSE_ID = "course-v1:VE-EDU+MATH34+2026"

DOCUMENT: dict[str, Any] = json.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))
QUESTIONS: list[dict[str, Any]] = DOCUMENT["questions"]
IDS = [question["id"] for question in QUESTIONS]

#: An equivalent expression, written differently from the key, for every formula question.
EQUIVALENT_FORMULAE = {
    "demo-algebra-quadratics-3": "4*a*c/(4*a^2)",
    "demo-algebra-variation-1": "12*x/4",
    "demo-algebra-variation-3": "m*v*v*2",
    "demo-graphs-linear-2": "3 - 2*x",
    "demo-graphs-gradient-5": "0.5*t*v",
    "demo-trig-ratios-4": "h*sin(pi/2 - theta)",
    "demo-mensuration-arcs-3": "r*(2 + pi/2)",
    "demo-mensuration-surface-3": "2*pi*r^2 + pi*r^2",
    "demo-mensuration-volume-4": "pi*r^2*(2*r)",
    "demo-statistics-probability-6": "(r/(r + b))*((r - 1)/(r + b - 1))",
    "demo-commercial-interest-3": "P*((1 + R/100)^n - 1)",
    "demo-commercial-hp-3": "H/n - D/n",
    "demo-commercial-exchange-6": "1712.7*d",
    "demo-exam-formulae-2": "4*pi*r^3/3",
}
#: Answers a learner might type for each regular-expression question: (accepted, refused).
REGEXP_ANSWERS = {
    "demo-algebra-inequalities-4": (["x < 2", "x<2", "2 > x", "X < 2.0"], ["x > 2", "x < -2", "x < 20"]),
    "demo-trig-bearings-3": (["090", "090°", "090 degrees"], ["90", "270", "0900"]),
    "demo-exam-technique-4": (["(x - 7)(x + 7)", "(x+7)(x-7)", "(x-7)*(x+7)"], ["x^2 - 49", "(x - 7)^2", "(x-7)(x-7)"]),
}


def _body(question: Mapping[str, Any]) -> QuestionBody:
    return validate_body(question["type"], question["body"])


def _right_answer(question: Mapping[str, Any], body: QuestionBody) -> object:
    """An answer that must earn full credit: the revealed answer, or a stand-in where that is not one."""
    if isinstance(body, FormulaBody):
        return EQUIVALENT_FORMULAE[question["id"]]
    if isinstance(body, TextBody) and body.regexp:
        return REGEXP_ANSWERS[question["id"]][0][0]
    if isinstance(body, NumericBody) and body.range is not None:
        return str((body.range.lower + body.range.upper) / 2)  # the revealed answer is the interval itself
    shown = correct_answer(body)
    if isinstance(body, MultipleChoiceBody):
        return list(shown)
    return shown[0]


def _wrong_answer(question: Mapping[str, Any], body: QuestionBody) -> object:
    """An answer that must earn no credit."""
    if isinstance(body, SingleChoiceBody):
        return next(choice.id for choice in body.choices if not choice.correct)
    if isinstance(body, MultipleChoiceBody):
        return [choice.id for choice in body.choices if not choice.correct]  # every decision wrong
    if isinstance(body, NumericBody):
        if body.range is not None:
            return str(body.range.upper + (body.range.upper - body.range.lower) + 1)
        assert body.value is not None
        return str(2 * body.value + 1)
    if isinstance(body, FormulaBody):
        return f"2*({body.expected}) + 1"
    if body.regexp:
        return REGEXP_ANSWERS[question["id"]][1][0]
    return "not the answer"


def test_document_is_the_plugins_export_format() -> None:
    assert (DOCUMENT["format"], DOCUMENT["version"], DOCUMENT["course_id"]) == ("ve-edu-questions", 1, COURSE_ID)
    result = read_json(QUESTIONS_FILE.read_bytes())
    assert result.errors == []
    assert result.skipped == []
    assert len(result.questions) == len(QUESTIONS)


def test_ids_are_unique_and_stable_looking() -> None:
    assert len(set(IDS)) == len(IDS)
    assert all(re.fullmatch(r"demo-[a-z]+(-[a-z]+)*-\d+", question_id) for question_id in IDS)


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_metadata(question: dict[str, Any]) -> None:
    assert question["status"] == "published"
    assert question["difficulty"] in {1, 2, 3, 4, 5}
    assert (question["exam_level"], question["subject_code"]) == ("MSCE", "MATH")
    assert question["form"] in {3, 4}
    assert question["tags"] and all(isinstance(tag, str) and tag == tag.lower() for tag in question["tags"])


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_body_is_valid_and_canonical(question: dict[str, Any]) -> None:
    """Canonical, so exporting the imported demo bank gives this file back."""
    body = _body(question)
    assert latex_of(body.to_dict()) == question["body"]
    assert 2 <= len(body.hints) <= 3
    assert len(set(body.hints)) == len(body.hints)
    assert body.solution


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_maths_uses_inline_latex_delimiters(question: dict[str, Any]) -> None:
    def html_fields(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, Mapping):
            return [text for key, item in value.items() if key != "alternatives" for text in html_fields(item)]
        if isinstance(value, list):
            return [text for item in value for text in html_fields(item)]
        return []

    for text in html_fields(question["body"]):
        assert "$" not in text
        assert text.count("\\(") == text.count("\\)")
        outside = re.sub(r"\\\(.*?\\\)", "", text)
        assert not re.search(r"\\(d?frac|sqrt|times|pi|circ|le|ge|text)\b", outside), text


def test_every_subtopic_is_a_subsection_of_the_demo_course_learners_can_see() -> None:
    outline = read_olx_outline(DEMO / "course", expected_course_key=COURSE_ID)
    subsections = {sub.usage_key: sub for section in outline.sections for sub in section.subsections}
    used = Counter(question["subtopic"] for question in QUESTIONS)
    assert set(used) <= set(subsections)
    assert not [key for key in used if subsections[key].staff_only]
    visible = [key for key, sub in subsections.items() if not sub.staff_only]
    assert {key: used[key] for key in visible if used[key] < 2} == {}
    assert len(subsections) == 22
    assert len(visible) == 21


def test_the_bank_covers_every_type_and_difficulty() -> None:
    bodies = [_body(question) for question in QUESTIONS]
    assert len(bodies) >= 60
    assert Counter(question["type"] for question in QUESTIONS).keys() == {
        "single_choice",
        "multiple_choice",
        "numeric",
        "text",
        "formula",
    }
    assert {question["difficulty"] for question in QUESTIONS} == {1, 2, 3, 4, 5}
    assert {b.partial_credit for b in bodies if isinstance(b, MultipleChoiceBody)} == set(PartialCredit)
    numeric = [b for b in bodies if isinstance(b, NumericBody)]
    assert any(b.tolerance is not None for b in numeric)
    assert any(b.range is not None for b in numeric)
    text = [b for b in bodies if isinstance(b, TextBody)]
    assert any(not b.case_sensitive and not b.regexp for b in text)
    assert any(b.regexp for b in text)
    assert all(b.variables for b in bodies if isinstance(b, FormulaBody))


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_the_right_answer_is_correct(question: dict[str, Any]) -> None:
    body = _body(question)
    result = grade_answer(body, _right_answer(question, body))
    assert result.error is None
    assert result.correct


@pytest.mark.parametrize("question", QUESTIONS, ids=IDS)
def test_a_wrong_answer_is_incorrect(question: dict[str, Any]) -> None:
    body = _body(question)
    result = grade_answer(body, _wrong_answer(question, body))
    assert result.error is None
    assert not result.correct
    assert result.score == 0.0


@pytest.mark.parametrize(
    "question",
    [q for q in QUESTIONS if q["type"] == "multiple_choice" and q["body"]["partial_credit"] != "none"],
    ids=lambda question: question["id"],
)
def test_one_mistake_earns_partial_credit(question: dict[str, Any]) -> None:
    body = _body(question)
    assert isinstance(body, MultipleChoiceBody)
    correct = list(body.correct_ids)
    if len(correct) > 1:
        answer = correct[:-1]
    else:
        answer = [*correct, next(choice.id for choice in body.choices if not choice.correct)]
    result = grade_answer(body, answer)
    assert result.partially_correct


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONS if q["id"] in EQUIVALENT_FORMULAE], ids=lambda question: question["id"]
)
def test_formula_stand_ins_differ_from_the_key(question: dict[str, Any]) -> None:
    """The equivalent forms above must really be other spellings, or the check above proves little."""
    assert EQUIVALENT_FORMULAE[question["id"]].replace(" ", "") != question["body"]["expected"].replace(" ", "")


def test_every_formula_and_regexp_question_has_test_answers() -> None:
    formulae = {q["id"] for q in QUESTIONS if q["type"] == "formula"}
    regexps = {q["id"] for q in QUESTIONS if q["type"] == "text" and q["body"]["regexp"]}
    assert (set(EQUIVALENT_FORMULAE), set(REGEXP_ANSWERS)) == (formulae, regexps)


@pytest.mark.parametrize("question_id", sorted(REGEXP_ANSWERS))
def test_regexp_questions_accept_and_refuse_what_learners_type(question_id: str) -> None:
    question = QUESTIONS[IDS.index(question_id)]
    body = _body(question)
    accepted, refused = REGEXP_ANSWERS[question_id]
    assert [answer for answer in accepted if not grade_answer(body, answer).correct] == []
    assert [answer for answer in refused if grade_answer(body, answer).correct] == []


@pytest.mark.parametrize(
    "question",
    [q for q in QUESTIONS if q["type"] == "text" and not q["body"]["regexp"]],
    ids=lambda question: question["id"],
)
def test_case_insensitive_text_ignores_case_and_spacing(question: dict[str, Any]) -> None:
    body = _body(question)
    assert isinstance(body, TextBody)
    assert not body.case_sensitive
    assert grade_answer(body, f"  {body.alternatives[0].upper()} ").correct
