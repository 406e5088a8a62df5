"""The sanitiser keeps maths and images and removes everything that could run script."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ve_edu_plugin.questions.sanitize import sanitize_html


@pytest.mark.parametrize(
    "html",
    [
        "<p>Solve \\(x^2 + 1 = 0\\) and \\[\\int_0^1 x\\,dx\\] and $$a &lt; b$$</p>",
        '<math display="block"><mrow><msup><mi mathvariant="normal">x</mi><mn>2</mn></msup>'
        "<mo>+</mo><mfrac><mn>1</mn><msqrt><mn>2</mn></msqrt></mfrac></mrow></math>",
        "<math><mtable><mtr><mtd><msub><mi>a</mi><mn>1</mn></msub></mtd></mtr></mtable></math>",
        '<math><semantics><mi>x</mi><annotation encoding="application/x-tex">x</annotation></semantics></math>',
        '<img src="https://example.org/a.png" alt="A graph" width="200" height="100">',
        '<img src="/static/graph.png" alt="graph">',
        '<img src="graph.png">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="inline">',
        '<table><tbody><tr><th scope="col">x</th></tr><tr><td colspan="2">1</td></tr></tbody></table>',
        "<p><strong>bold</strong> <em>it</em> H<sub>2</sub>O x<sup>2</sup></p>",
    ],
)
def test_maths_images_and_markup_survive(html: str) -> None:
    assert sanitize_html(html) == html


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<script>alert(1)</script>ok", "alert"),
        ('<p onclick="alert(1)">x</p>', "onclick"),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "alert"),
        ('<img src="javascript:alert(1)">', "javascript"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
        ('<img src="data:text/html,<script>alert(1)</script>">', "data:"),
        ("<iframe src='https://example.org'></iframe>", "iframe"),
        ("<svg onload='alert(1)'><circle/></svg>", "onload"),
        ("<style>body{display:none}</style>", "display"),
        ('<p style="background:url(javascript:alert(1))">x</p>', "javascript"),
        ("<math><mtext><img src=x onerror=alert(1)></mtext></math>", "onerror"),
        ('<math><annotation-xml encoding="text/html"><img src=x onerror=alert(1)></annotation-xml></math>', "onerror"),
        ("<form action='https://example.org'><input name='q'></form>", "form"),
        ('<object data="x.swf"></object><embed src="x.swf">', "swf"),
        ('<p id="csrf_token">x</p>', "csrf_token"),
    ],
)
def test_script_vectors_never_survive(html: str, forbidden: str) -> None:
    assert forbidden.lower() not in sanitize_html(html).lower()


def test_links_get_safe_rel() -> None:
    assert sanitize_html('<a href="https://example.org">x</a>') == (
        '<a href="https://example.org" rel="noopener noreferrer">x</a>'
    )


@given(st.text(alphabet=st.sampled_from(list("<>/=\"' abcimgsrcpscriptonerror:javascript&;()x")), max_size=60))
def test_sanitising_is_idempotent(html: str) -> None:
    once = sanitize_html(html)
    assert sanitize_html(once) == once
    assert "<script" not in once.lower()


def test_plain_text_reads_maths_as_the_latex_the_author_typed():
    """Titles and search text of a question with maths: its LaTeX once, not MathML's text and then its source."""
    from ve_edu_plugin.questions.maths import latex_to_mathml
    from ve_edu_plugin.questions.sanitize import plain_text

    stored = latex_to_mathml(r"<p>Solve \(x^2 - 7x + 10 = 0\) for \(x &lt; 3\).</p>")
    assert "<math" in stored
    assert plain_text(stored) == "Solve x^2 - 7x + 10 = 0 for x < 3 ."
