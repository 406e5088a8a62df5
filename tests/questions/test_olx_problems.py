"""Importing Open edX problems: each response type, hints and solutions, and honest refusals."""

from __future__ import annotations

import pytest

from ve_edu_plugin.grading.api import judge_answer
from ve_edu_plugin.questions.olx_problems import ParsedProblem, UnsupportedProblem, parse_problem_olx
from ve_edu_plugin.questions.schemas import validate_body


def _one(olx: str) -> ParsedProblem:
    [result] = parse_problem_olx(olx)
    assert isinstance(result, ParsedProblem), result
    assert validate_body(result.question_type, result.body).to_dict() == result.body
    return result


def _refused(olx: str) -> UnsupportedProblem:
    [result] = parse_problem_olx(olx)
    assert isinstance(result, UnsupportedProblem), result
    return result


def test_multiple_choice_with_choice_hints_demand_hints_and_solution() -> None:
    parsed = _one(
        """
        <problem display_name="Capital city" url_name="capital">
          <p>Malawi moved its capital in 1975.</p>
          <multiplechoiceresponse>
            <label>Which city is the capital of Malawi?</label>
            <description>Choose one.</description>
            <choicegroup type="MultipleChoice">
              <choice correct="false">Blantyre <choicehint>It is the commercial capital.</choicehint></choice>
              <choice correct="true">Lilongwe</choice>
              <choice correct="false" fixed="true">Zomba</choice>
            </choicegroup>
            <solution>
              <div class="detailed-solution"><p>Explanation</p><p>Lilongwe replaced Zomba.</p></div>
            </solution>
          </multiplechoiceresponse>
          <demandhint><hint>Think of the Central Region.</hint><hint>It starts with L.</hint></demandhint>
        </problem>
        """
    )
    assert (parsed.title, parsed.question_type, parsed.url_name) == ("Capital city", "single_choice", "capital")
    body = parsed.body
    assert body["text"] == (
        "<p>Malawi moved its capital in 1975.</p>\n<p>Which city is the capital of Malawi?</p>\n<p>Choose one.</p>"
    )
    assert body["choices"] == [
        {"id": "a", "text": "Blantyre", "correct": False, "feedback": "It is the commercial capital."},
        {"id": "b", "text": "Lilongwe", "correct": True},
        {"id": "c", "text": "Zomba", "correct": False, "fixed": True},
    ]
    assert body["hints"] == ["Think of the Central Region.", "It starts with L."]
    assert body["solution"] == "<p>Lilongwe replaced Zomba.</p>"
    assert parsed.warnings == ()


def test_label_repeating_the_question_text_is_not_duplicated() -> None:
    parsed = _one(
        """<problem><p>Pick the even number</p><multiplechoiceresponse><label>Pick the even number</label>
        <choicegroup><choice correct="true">2</choice><choice correct="false">3</choice></choicegroup>
        </multiplechoiceresponse></problem>"""
    )
    assert parsed.body["text"] == "<p>Pick the even number</p>"
    assert parsed.title == "Pick the even number"


def test_checkboxes_with_partial_credit_selected_hints_and_compound_hints() -> None:
    parsed = _one(
        """
        <problem>
          <choiceresponse partial_credit="EDC">
            <label>Select all the fruits</label>
            <checkboxgroup>
              <choice correct="true" id="alpha">Apple
                <choicehint selected="TrUe">Apple is a fruit.</choicehint>
                <choicehint selected="false">Remember apple.</choicehint>
              </choice>
              <choice correct="false">Mushroom<choicehint selected="true">A fungus.</choicehint></choice>
              <choice correct="true">Grape</choice>
              <compoundhint value="alpha B">Apple yes, mushroom no.</compoundhint>
              <compoundhint value="  c     b   ">Grape yes, mushroom no.</compoundhint>
            </checkboxgroup>
          </choiceresponse>
        </problem>
        """
    )
    assert parsed.question_type == "multiple_choice"
    body = parsed.body
    assert body["partial_credit"] == "every_decision_counts"
    assert body["choices"][0] == {
        "id": "a",
        "text": "Apple",
        "correct": True,
        "feedback": "Apple is a fruit.",
        "feedback_unselected": "Remember apple.",
    }
    assert body["combination_feedback"] == [
        {"choices": ["a", "b"], "feedback": "Apple yes, mushroom no."},
        {"choices": ["b", "c"], "feedback": "Grape yes, mushroom no."},
    ]
    question = validate_body(parsed.question_type, body)
    assert judge_answer(question, ["a"]).score == 0.67


def test_numeric_with_tolerance_and_correct_hint() -> None:
    parsed = _one(
        """<problem><numericalresponse answer="9.81"><label>g in m/s^2?</label>
        <responseparam type="tolerance" default="1%"/><formulaequationinput/>
        <correcthint>Well done.</correcthint>
        <additional_answer answer="10"/></numericalresponse></problem>"""
    )
    assert parsed.question_type == "numeric"
    assert parsed.body["value"] == "9.81" and parsed.body["tolerance"] == "1%"
    assert parsed.body["explanation"] == "Well done."
    assert parsed.warnings == ("additional answers of a numerical problem were not kept",)


def test_numeric_range() -> None:
    parsed = _one(
        """<problem><p>Between five and seven</p><numericalresponse answer="[5, 7)"><formulaequationinput/>
        </numericalresponse></problem>"""
    )
    assert parsed.body["range"] == "[5, 7)"
    question = validate_body("numeric", parsed.body)
    assert judge_answer(question, "6.999").correct and not judge_answer(question, "7").correct


def test_text_with_additional_answers_ci_and_regexp() -> None:
    parsed = _one(
        """<problem><stringresponse answer="Lake Malawi" type="ci regexp">
        <label>Largest lake?</label>
        <additional_answer answer="Lake Nyasa"><correcthint>Old name.</correcthint></additional_answer>
        <additional_answer>Nyasa</additional_answer>
        <stringequalhint answer="Chilwa">Smaller.</stringequalhint>
        <textline size="20"/></stringresponse></problem>"""
    )
    assert parsed.question_type == "text"
    assert parsed.body["alternatives"] == ["Lake Malawi", "Lake Nyasa", "Nyasa"]
    assert parsed.body["case_sensitive"] is False and parsed.body["regexp"] is True
    assert set(parsed.warnings) == {
        "feedback on an additional answer was not kept",
        "feedback for specific wrong answers was not kept",
    }


def test_text_is_case_sensitive_without_ci_and_reads_the_old_or_syntax() -> None:
    parsed = _one('<problem><p>Q</p><stringresponse answer="Blue_or_Azure"><textline/></stringresponse></problem>')
    assert parsed.body["alternatives"] == ["Blue", "Azure"]
    assert parsed.body["case_sensitive"] is True and parsed.body["regexp"] is False


def test_formula_with_samples_and_tolerance() -> None:
    parsed = _one(
        """<problem><p>Resistors in series and parallel</p>
        <formularesponse type="cs" samples="R_1,R_2,R_3@1,2,3:3,4,5#10" answer="R_1*R_2/R_3">
        <responseparam type="tolerance" default="0.00001"/><formulaequationinput/></formularesponse></problem>"""
    )
    assert parsed.question_type == "formula"
    assert parsed.body["variables"] == {"R_1": [1.0, 3.0], "R_2": [2.0, 4.0], "R_3": [3.0, 5.0]}
    assert parsed.body["samples"] == 10 and parsed.body["case_sensitive"] is True
    assert parsed.body["tolerance"] == "0.00001"
    question = validate_body("formula", parsed.body)
    assert judge_answer(question, "R_2*R_1/R_3").correct


def test_dropdown_becomes_single_choice_with_a_warning() -> None:
    new_style = _one(
        """<problem><optionresponse><label>Sky colour?</label><optioninput>
        <option correct="False">Red <optionhint>No.</optionhint></option>
        <option correct="True">Blue</option></optioninput></optionresponse></problem>"""
    )
    assert new_style.question_type == "single_choice"
    assert new_style.body["choices"][0] == {"id": "a", "text": "Red", "correct": False, "feedback": "No."}
    assert "a dropdown problem was imported as a single choice question" in new_style.warnings
    old_style = _one(
        """<problem><p>Sky?</p><optionresponse>
        <optioninput options="('yellow','blue','green')" correct="blue"/></optionresponse></problem>"""
    )
    assert [choice["correct"] for choice in old_style.body["choices"]] == [False, True, False]


@pytest.mark.parametrize(
    ("olx", "reason"),
    [
        ("<problem><customresponse cfn='check'><textline/></customresponse></problem>", "not supported"),
        ("<problem><p>Just text</p></problem>", "no question"),
        (
            "<problem><script type='loncapa/python'>x = 3</script>"
            "<numericalresponse answer='$x'><textline/></numericalresponse></problem>",
            "Python script",
        ),
        ("<problem><formularesponse answer='x' samples='x@1#'/></problem>", "samples"),
        (
            "<problem><p>Q</p><multiplechoiceresponse><choicegroup><choice correct='true'>a</choice>"
            "<choice correct='true'>b</choice></choicegroup></multiplechoiceresponse></problem>",
            "exactly one choice must be correct",
        ),
        ("<problem><unclosed></problem>", "not well-formed"),
        ("<vertical><html/></vertical>", "no <problem>"),
    ],
)
def test_unsupported_problems_say_why(olx: str, reason: str) -> None:
    assert reason in _refused(olx).reason


def test_a_problem_with_several_questions_is_split_into_parts() -> None:
    parts = parse_problem_olx(
        "<problem display_name='Pair'><p>Shared text.</p>"
        "<stringresponse answer='a'><label>Part a</label><textline/></stringresponse>"
        "<numericalresponse answer='1'><label>Part b</label><textline/></numericalresponse>"
        "<demandhint><hint>Think.</hint></demandhint></problem>"
    )
    first, second = parts
    assert isinstance(first, ParsedProblem) and isinstance(second, ParsedProblem)
    assert [(item.part, item.question_type, item.title) for item in (first, second)] == [
        (1, "text", "Pair (1/2)"),
        (2, "numeric", "Pair (2/2)"),
    ]
    assert "Shared text." in first.body["text"] and "Part a" in first.body["text"]
    assert "Part b" not in first.body["text"] and "Part b" in second.body["text"]
    assert first.body["hints"] == second.body["hints"] == ["Think."]
    assert any("part 1" in warning for warning in first.warnings)


def test_several_problems_in_one_file_keep_their_order() -> None:
    results = parse_problem_olx(
        """<library><problem display_name="one"><p>1+1?</p><numericalresponse answer="2"><textline/>
        </numericalresponse></problem><problem display_name="two"><customresponse/></problem></library>"""
    )
    assert [type(result).__name__ for result in results] == ["ParsedProblem", "UnsupportedProblem"]
    assert [result.title for result in results] == ["one", "two"]


def test_external_entities_are_not_resolved() -> None:
    olx = """<?xml version="1.0"?>
    <!DOCTYPE problem [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
    <problem><p>&secret;</p><stringresponse answer="a"><textline/></stringresponse></problem>"""
    [result] = parse_problem_olx(olx)
    assert isinstance(result, ParsedProblem)
    assert result.body["text"] == "<p>&amp;secret;</p>"  # left as the literal reference, never read


def test_text_content_is_escaped_and_sanitised() -> None:
    parsed = _one(
        """<problem><p onclick="x()">Is 2 &lt; 3?</p><script>alert(1)</script>
        <multiplechoiceresponse><choicegroup><choice correct="true">Yes</choice>
        <choice correct="false">No</choice></choicegroup></multiplechoiceresponse></problem>"""
    )
    assert parsed.body["text"] == "<p>Is 2 &lt; 3?</p>"
    assert "a <script> in the problem was ignored" in parsed.warnings
