"""A learner whose browser asks for Chichewa sees the blocks' own words in Chichewa (dev host, Chromium)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

QUESTION = "/workbench/scenario/ve_question.0/?student=browser_chichewa"


@pytest.fixture
def chichewa_page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ny", extra_http_headers={"Accept-Language": "ny"})
    yield context.new_page()
    context.close()


def test_the_question_block_speaks_chichewa_to_a_chichewa_browser(chichewa_page, dev_host):
    page = chichewa_page
    page.goto(f"{dev_host}{QUESTION}")
    page.wait_for_selector("[data-testid=ve-submit]")
    assert page.inner_text("[data-testid=ve-submit]").strip() == "Tumizani"
    page.click("[data-testid=ve-submit]")  # nothing chosen: the block says so, in Chichewa
    page.wait_for_function("document.body.innerText.includes('Sankhani yankho kaye.')")
    assert "Submit" not in page.inner_text(".ve-question-block")
    assert "Choose an answer first." not in page.inner_text(".ve-question-block")


def test_an_english_browser_still_reads_english(page, dev_host):
    page.goto(f"{dev_host}{QUESTION}")
    page.wait_for_selector("[data-testid=ve-submit]")
    assert page.inner_text("[data-testid=ve-submit]").strip() == "Submit"
