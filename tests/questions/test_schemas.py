"""Body validation: every rule reported with its path, sanitised HTML, and a stable canonical form."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ve_edu_plugin.errors import InvalidRequestError, InvalidValuesError, VeEduError
from ve_edu_plugin.grading.api import judge_answer
from ve_edu_plugin.grading.bodies import (
    FormulaBody,
    MultipleChoiceBody,
    NumericBody,
    PartialCredit,
    SingleChoiceBody,
    TextBody,
)
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.schemas import validate_body

EXAMPLES: dict[str, dict[str, Any]] = {
    "single_choice": {
        "text": "<p>What is the capital of Malawi?</p>",
        "choices": [
            {"id": "a", "text": "Blantyre", "correct": False, "feedback": "Blantyre is the commercial capital."},
            {"id": "b", "text": "Lilongwe", "correct": True},
            {"id": "c", "text": "Zomba", "correct": False, "feedback": "Zomba was the capital until 1975."},
            {"id": "d", "text": "None of these", "correct": False, "fixed": True},
        ],
        "hints": ["<p>It is in the Central Region.</p>"],
        "solution": "<p>Lilongwe has been the capital since 1975.</p>",
    },
    "multiple_choice": {
        "text": "<p>Which are prime numbers?</p>",
        "choices": [
            {"id": "a", "text": "2", "correct": True},
            {"id": "b", "text": "9", "correct": False, "feedback": "9 = 3 * 3."},
            {"id": "c", "text": "11", "correct": True, "feedback_unselected": "11 has no divisors but 1 and 11."},
        ],
        "partial_credit": "every_decision_counts",
        "combination_feedback": [{"choices": ["a", "b"], "feedback": "<p>9 is not prime.</p>"}],
    },
    "numeric": {"text": "<p>Acceleration due to gravity, in m/s²?</p>", "value": 9.81, "tolerance": "1%"},
    "text": {
        "text": "<p>Name the largest lake in Malawi.</p>",
        "alternatives": ["Lake Malawi", "Lake Nyasa"],
        "case_sensitive": False,
        "regexp": False,
    },
    "formula": {
        "text": "<p>Expand \\((x+y)^2\\).</p>",
        "expected": "x^2 + 2*x*y + y^2",
        "variables": {"x": [1, 5], "y": [1, 5]},
        "samples": 20,
        "case_sensitive": False,
        "explanation": "<p>Use \\((a+b)^2 = a^2 + 2ab + b^2\\).</p>",
    },
}


@pytest.mark.parametrize("question_type", list(EXAMPLES))
def test_examples_validate_and_round_trip(question_type: str) -> None:
    body = validate_body(question_type, EXAMPLES[question_type])
    assert body.question_type == question_type
    canonical = body.to_dict()
    assert validate_body(question_type, canonical) == body
    assert validate_body(question_type, canonical).to_dict() == canonical


def test_typed_bodies() -> None:
    single = validate_body("single_choice", EXAMPLES["single_choice"])
    assert isinstance(single, SingleChoiceBody) and single.correct_ids == ("b",)
    assert single.choice("d") is not None and single.choice("d").fixed  # type: ignore[union-attr]
    multiple = validate_body("multiple_choice", EXAMPLES["multiple_choice"])
    assert isinstance(multiple, MultipleChoiceBody) and multiple.partial_credit is PartialCredit.EVERY_DECISION_COUNTS
    numeric = validate_body("numeric", EXAMPLES["numeric"])
    assert isinstance(numeric, NumericBody) and numeric.value == 9.81 and numeric.tolerance is not None
    text = validate_body("text", EXAMPLES["text"])
    assert isinstance(text, TextBody) and text.alternatives == ("Lake Malawi", "Lake Nyasa")
    formula = validate_body("formula", EXAMPLES["formula"])
    assert isinstance(formula, FormulaBody) and [v.name for v in formula.variables] == ["x", "y"]


def _issues(question_type: str, body: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(BodyValidationError) as raised:
        validate_body(question_type, body)
    return dict(raised.value.issues)


def test_every_problem_is_reported_with_its_path() -> None:
    issues = _issues(
        "single_choice",
        {
            "choices": [
                {"id": "a", "text": "One", "correct": "yes"},
                {"id": "a", "correct": False, "corect": True},
                "not an object",
            ],
            "hints": ["", 3],
        },
    )
    assert issues == {
        "text": "required",
        "choices[0].correct": "required: true or false",
        "choices[1].corect": "unknown field",
        "choices[1].id": "duplicate id 'a'",
        "choices[1].text": "required",
        "choices[2]": "must be an object",
        "hints[0]": "required",
        "hints[1]": "must be a string of HTML",
    }


def test_the_error_is_a_value_error_the_edges_answer_as_an_invalid_request() -> None:
    with pytest.raises(BodyValidationError) as raised:
        validate_body("single_choice", {"text": "t", "choices": []})
    error = raised.value
    assert isinstance(error, InvalidValuesError) and not isinstance(error, VeEduError)
    assert error.field_errors == {"choices": ["must have between 2 and 52 choices"]}
    assert "choices: must have between 2 and 52 choices" in str(error)
    answered = error.as_invalid_request()
    assert isinstance(answered, InvalidRequestError)
    assert answered.code == "invalid_question_body" and answered.status == 400
    assert answered.field_errors == error.field_errors and answered.detail == error.detail
    assert error.with_prefix("body").issues == (("body.choices", "must have between 2 and 52 choices"),)


@pytest.mark.parametrize(
    ("question_type", "body", "path", "message"),
    [
        ("quiz", {}, "question_type", "unknown question type"),
        ("single_choice", {"text": "t", "choices": [{"id": "a", "text": "A", "correct": True}] * 1}, "choices", "2"),
        (
            "single_choice",
            {"text": "t", "choices": [{"id": i, "text": i, "correct": True} for i in "ab"]},
            "choices",
            "exactly one",
        ),
        (
            "multiple_choice",
            {"text": "t", "choices": [{"id": i, "text": i, "correct": False} for i in "ab"]},
            "choices",
            "at least one",
        ),
        (
            "multiple_choice",
            {"text": "t", "choices": [{"id": i, "text": i, "correct": True} for i in "ab"], "partial_credit": "most"},
            "partial_credit",
            "one of",
        ),
        (
            "multiple_choice",
            {
                "text": "t",
                "choices": [{"id": i, "text": i, "correct": True} for i in "ab"],
                "combination_feedback": [{"choices": ["a", "q"], "feedback": "x"}],
            },
            "combination_feedback[0].choices",
            "unknown choice ids: q",
        ),
        (
            "single_choice",
            {
                "text": "t",
                "choices": [{"id": "a b", "text": "A", "correct": True}, {"id": "c", "text": "C", "correct": False}],
            },
            "choices[0].id",
            "letters",
        ),
        ("numeric", {"text": "t"}, "value", "required"),
        ("numeric", {"text": "t", "value": 1, "range": "[1,2]"}, "value", "not both"),
        ("numeric", {"text": "t", "value": "two"}, "value", "two not permitted"),
        ("numeric", {"text": "t", "value": "sqrt(-4)"}, "value", "complex"),
        ("numeric", {"text": "t", "value": 1, "tolerance": "-1%"}, "tolerance", "zero or more"),
        ("numeric", {"text": "t", "value": 1, "tolerance": [1]}, "tolerance", "number or a string"),
        ("numeric", {"text": "t", "range": "1, 2"}, "range", "start with"),
        ("numeric", {"text": "t", "range": "(1, ]"}, "range", "empty"),
        ("numeric", {"text": "t", "range": "[5, 1]"}, "range", "lower bound"),
        ("numeric", {"text": "t", "range": "[1, 2]", "tolerance": 0.1}, "tolerance", "not used"),
        ("text", {"text": "t", "alternatives": []}, "alternatives", "non-empty"),
        ("text", {"text": "t", "alternatives": ["(unclosed"], "regexp": True}, "alternatives[0]", "regular expression"),
        ("text", {"text": "t", "alternatives": ["a"], "case_sensitive": "yes"}, "case_sensitive", "true or false"),
        ("formula", {"text": "t", "variables": {"x": [1, 2]}}, "expected", "required"),
        ("formula", {"text": "t", "expected": "x+y", "variables": {"x": [1, 2]}}, "expected", "y not permitted"),
        ("formula", {"text": "t", "expected": "x", "variables": {"x": [2, 1]}}, "variables.x", "low"),
        ("formula", {"text": "t", "expected": "x", "variables": {"x": [1]}}, "variables.x", "[low, high]"),
        ("formula", {"text": "t", "expected": "x", "variables": {"x": [1, 2], "X": [1, 2]}}, "variables.X", "twice"),
        ("formula", {"text": "t", "expected": "x", "variables": {"2x": [1, 2]}}, "variables.2x", "not a valid"),
        ("formula", {"text": "t", "expected": "x", "variables": {"x": [1, 2]}, "samples": 0}, "samples", "1 to"),
        (
            "formula",
            {"text": "t", "expected": "fact(x)", "variables": {"x": [1, 2]}},
            "expected",
            "cannot be evaluated",
        ),
        ("formula", {"text": "t", "expected": "x +", "variables": {"x": [1, 2]}}, "expected", "syntax"),
    ],
)
def test_rules(question_type: str, body: dict[str, Any], path: str, message: str) -> None:
    issues = _issues(question_type, body)
    assert path in issues, issues
    assert message in issues[path]


def test_text_alternatives_are_normalised_and_deduplicated() -> None:
    body = validate_body("text", {"text": "t", "alternatives": ["  New   York ", "New York", "NYC"]})
    assert isinstance(body, TextBody) and body.alternatives == ("New York", "NYC")


def test_numeric_accepts_capa_style_values() -> None:
    third = validate_body("numeric", {"text": "t", "value": "1/3", "tolerance": 0.001})
    assert isinstance(third, NumericBody) and third.value == pytest.approx(1 / 3) and third.value_source == "1/3"
    percent = validate_body("numeric", {"text": "t", "value": "5%"})
    assert isinstance(percent, NumericBody) and percent.value == 0.05
    ranged = validate_body("numeric", {"text": "t", "range": "( 1.5,2.5 ]"})
    assert isinstance(ranged, NumericBody) and ranged.range is not None
    assert (ranged.range.lower, ranged.range.upper) == (1.5, 2.5)
    assert (ranged.range.lower_inclusive, ranged.range.upper_inclusive) == (False, True)
    assert ranged.to_dict()["range"] == "(1.5, 2.5]"


def test_html_fields_are_sanitised() -> None:
    body = validate_body(
        "single_choice",
        {
            "text": '<p onclick="steal()">Solve \\(x^2\\)</p><script>alert(1)</script>',
            "choices": [
                {"id": "a", "text": '<img src="x" onerror="alert(1)">', "correct": True, "feedback": "<b>ok</b>"},
                {"id": "b", "text": '<a href="javascript:alert(1)">B</a>', "correct": False},
            ],
            "hints": ["<iframe src='https://example.org'></iframe>Think"],
        },
    )
    assert isinstance(body, SingleChoiceBody)
    assert body.text.startswith('<p>Solve <math display="inline"><semantics>') and "onclick" not in body.text
    assert body.choices[0].text == '<img src="x">'
    assert "javascript" not in body.choices[1].text
    assert body.hints == ("Think",)


def test_html_that_sanitises_to_nothing_is_reported() -> None:
    issues = _issues("text", {"text": "<script>alert(1)</script>", "alternatives": ["a"]})
    assert issues == {"text": "has no content left once sanitised"}


@given(st.dictionaries(st.text(max_size=8), st.one_of(st.none(), st.text(max_size=8), st.integers()), max_size=6))
def test_arbitrary_bodies_give_a_body_or_a_validation_error(raw: dict[str, Any]) -> None:
    for question_type in EXAMPLES:
        try:
            validate_body(question_type, raw)
        except BodyValidationError as error:
            assert error.issues


@pytest.mark.parametrize("question_type", list(EXAMPLES))
def test_bodies_survive_pickling_after_grading(question_type: str) -> None:
    """Bodies may be cached across processes; memoised graders must not get in the way."""
    body = validate_body(question_type, EXAMPLES[question_type])
    judge_answer(body, {"single_choice": "b", "multiple_choice": ["a", "c"]}.get(question_type, "9.81"))
    restored = pickle.loads(pickle.dumps(body))
    assert restored == body
    assert restored.to_dict() == body.to_dict()
