"""
LaTeX in questions is typeset on the dev host, with no network beyond the dev host itself.

The workbench page has no MathJax of its own, so the blocks load the dev host's copy (MathJax 3 from
the django-static-mathjax package, ``VE_EDU_MATHJAX_URL``); a page that has MathJax (the LMS) keeps
its own and the blocks load nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

QUESTION = "/workbench/scenario/ve_question.0/?student=browser_maths"
SCREENSHOTS = Path(__file__).resolve().parents[2] / ".dev" / "screenshots"


def _only_the_dev_host(page, dev_host: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Refuse every request that leaves the dev host; return the refused URLs."""
    refused: list[str] = []

    def route(route, request):  # type: ignore[no-untyped-def]
        if request.url.startswith(dev_host):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort()

    page.route("**/*", route)
    return refused


def test_a_question_with_latex_renders_as_mathjax_output_on_the_dev_host(page, dev_host):
    refused = _only_the_dev_host(page, dev_host)
    page.goto(f"{dev_host}{QUESTION}")
    page.wait_for_selector(".ve-question mjx-container", timeout=20000)
    text = page.inner_text(".ve-question")
    assert "\\(" not in text and "\\)" not in text, text
    scripts = page.eval_on_selector_all("script[data-ve-mathjax]", "nodes => nodes.map(n => n.src)")
    assert scripts == [f"{dev_host}/static/mathjax/es5/tex-chtml.js"], scripts
    assert page.evaluate("window.MathJax.version").startswith("3."), "MathJax 3"
    assert refused == [], refused
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(".ve-question").screenshot(path=str(SCREENSHOTS / "question-mathjax.png"))


def test_a_page_with_its_own_mathjax_keeps_it_and_loads_no_other(page, dev_host):
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
    page.wait_for_selector("[data-testid=ve-submit]")
    page.wait_for_function("window.veTypeset.length > 0")
    assert page.evaluate("window.MathJax.version") == "page"
    assert page.locator("script[data-ve-mathjax]").count() == 0
    assert page.locator(".ve-question mjx-container").count() == 0
