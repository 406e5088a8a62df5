"""LaTeX in question HTML becomes sanitised MathML when a body is validated (at save and at read)."""

from __future__ import annotations

import pytest

from ve_edu_plugin.questions.maths import latex_of, latex_to_mathml
from ve_edu_plugin.questions.sanitize import sanitize_html
from ve_edu_plugin.questions.schemas import MAX_HTML_LENGTH, validate_body

FORMULA = {
    "text": "<p>Expand \\((x+y)^2\\) and find \\[\\frac{a}{b} &lt; 1\\]</p>",
    "expected": "x^2 + 2*x*y + y^2",
    "variables": {"x": [1, 5], "y": [1, 5]},
    "hints": ["<p>Recall $$(a+b)^2 = a^2 + 2ab + b^2$$</p>"],
    "solution": "<p>\\(x^2 + 2xy + y^2\\)</p>",
}


def test_every_latex_span_of_a_body_becomes_mathml_and_the_tex_is_kept() -> None:
    body = validate_body("formula", FORMULA)
    assert body.solution is not None
    for html in (body.text, body.hints[0], body.solution):
        assert "<math" in html and "\\(" not in html and "\\[" not in html and "$$" not in html, html
    assert '<math display="inline"><semantics><mrow><mrow><mo stretchy="false">(</mo><mi>x</mi>' in body.text
    assert '<math display="block">' in body.text and "<mfrac>" in body.text and "<mo>&lt;</mo>" in body.text
    assert '<annotation encoding="application/x-tex">(x+y)^2</annotation>' in body.text


def test_a_stored_body_reads_back_unchanged_and_an_old_latex_body_is_converted_on_read() -> None:
    saved = validate_body("formula", FORMULA).to_dict()
    assert validate_body("formula", saved).to_dict() == saved
    assert "<math" not in FORMULA["text"] and "<math" in saved["text"]


@pytest.mark.parametrize(
    "html",
    [
        "<p>costs $5 and $6</p>",
        "<p>\\(\\frac{1}{\\)</p>",
        "<p>\\(<b>x</b>\\)</p>",
        "<p>plain</p>",
    ],
)
def test_what_is_not_readable_latex_stays_as_written(html: str) -> None:
    converted = latex_to_mathml(html)
    assert "<math" not in converted or converted.count("<math") == 1
    if "<b>" in html or "$5" in html or "plain" in html:
        assert converted == html


def test_mathml_goes_through_the_sanitiser() -> None:
    converted = sanitize_html(latex_to_mathml('<p>\\(x\\)<math><mi onclick="steal()">y</mi></math></p>'))
    assert "onclick" not in converted and converted.count("<math") == 2


def test_the_length_limit_counts_what_the_author_wrote_not_the_mathml() -> None:
    text = "<p>" + "\\(x^2\\) " * (MAX_HTML_LENGTH // 10) + "</p>"
    body = validate_body("formula", {**FORMULA, "text": text})
    assert len(body.text) > MAX_HTML_LENGTH
    assert validate_body("formula", body.to_dict()) == body


def test_an_export_gives_the_latex_back() -> None:
    saved = validate_body("formula", FORMULA).to_dict()
    assert latex_of(saved)["text"] == FORMULA["text"]
    assert latex_of(saved)["solution"] == FORMULA["solution"]
    assert latex_of(saved)["hints"] == ["<p>Recall \\[(a+b)^2 = a^2 + 2ab + b^2\\]</p>"]
    assert validate_body("formula", latex_of(saved)).to_dict() == saved
