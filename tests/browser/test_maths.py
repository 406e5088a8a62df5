"""
LaTeX in questions renders on the dev host as MathML made by the server: no MathJax is fetched.

The workbench page has no MathJax of its own; a learner's browser still shows the maths, because
the question's LaTeX became MathML when the question was read (``questions/maths.py``). A page
that has MathJax (the LMS) is not asked to typeset anything either.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

QUESTION = "/workbench/scenario/ve_question.0/?student=browser_maths"
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".dev" / "screenshots"


def _requests(page) -> list[str]:  # type: ignore[no-untyped-def]
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls


def test_a_question_with_latex_renders_as_mathml_with_no_script(page, dev_host):
    urls = _requests(page)
    page.goto(f"{dev_host}{QUESTION}")
    page.wait_for_selector(".ve-question math", timeout=20000)
    page.wait_for_load_state("networkidle")
    text = page.inner_text(".ve-question")
    assert "\\(" not in text and "\\)" not in text, text
    box = page.locator(".ve-question math").first.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, "rendered by the browser"
    assert page.locator("script[data-ve-mathjax]").count() == 0
    assert not any("mathjax" in url.lower() for url in urls), urls
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".ve-question").screenshot(path=str(SCREENSHOTS / "question-mathml.png"))


def test_a_page_with_its_own_mathjax_is_not_asked_to_typeset_and_loads_no_other(page, dev_host):
    page.add_init_script(
        """
        window.veTypeset = [];
        window.MathJax = {
          version: 'page',
          typesetClear() {},
          typesetPromise(elements) { window.veTypeset.push(elements.length); return Promise.resolve(); },
        };
        """
    )
    page.goto(f"{dev_host}{QUESTION}")
    page.wait_for_selector(".ve-question math")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.veTypeset.length") == 0
    assert page.evaluate("window.MathJax.version") == "page"
    assert page.locator("script[data-ve-mathjax]").count() == 0
