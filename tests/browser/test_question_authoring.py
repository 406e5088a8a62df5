"""
An author in headless Chromium: writes each question type through the editor on the bank page,
finds it there, uses a bank question in a block through the Studio editor's search, edits it
there (a new version), and a learner then answers the new version while earlier answers keep theirs.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from xblocks.scenarios import question_scenarios

pytestmark = pytest.mark.browser
COURSE = "course-v1:VE-EDU+MATH34+2026"
#: The scenario with a block that has no question yet (the last one: the demo ones keep their ids).
NEW_BLOCK = f"ve_question.{len(question_scenarios()) - 1}"


def _login(page, dev_host: str, username: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{dev_host}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", username)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Logged in as")


def _open_bank(page, dev_host: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{dev_host}/api/ve-edu/bank/{COURSE}/")
    page.wait_for_selector(".ve-bank[data-ready=true]")


def _single_choice(page, word: str) -> str:  # type: ignore[no-untyped-def]
    page.fill("[data-testid=ve-qe-text]", rf"{word}: which is \(2 + 2\)?")
    page.locator("[data-testid=ve-qe-choice-text]").nth(0).fill("3")
    page.locator("[data-testid=ve-qe-choice-text]").nth(1).fill("4")
    page.locator("[data-testid=ve-qe-choice-correct]").nth(1).check()
    page.locator("[data-testid=ve-qe-choice-feedback]").nth(0).fill("Count again.")
    return "b"


def _multiple_choice(page, word: str) -> str:  # type: ignore[no-untyped-def]
    page.fill("[data-testid=ve-qe-text]", f"{word}: tick the even numbers.")
    page.click("[data-testid=ve-qe-choices-add]")
    for index, text in enumerate(("2", "3", "4")):
        page.locator("[data-testid=ve-qe-choice-text]").nth(index).fill(text)
    page.locator("[data-testid=ve-qe-choice-correct]").nth(0).check()
    page.locator("[data-testid=ve-qe-choice-correct]").nth(2).check()
    page.select_option("[data-testid=ve-qe-partial-credit]", "halves")
    return "a,c"


def _numeric(page, word: str) -> str:  # type: ignore[no-untyped-def]
    page.fill("[data-testid=ve-qe-text]", rf"{word}: what is \(\frac{{1}}{{4}}\) as a decimal?")
    page.fill("[data-testid=ve-qe-numeric-value]", "1/4")
    page.fill("[data-testid=ve-qe-numeric-tolerance]", "1%")
    return "0.25"


def _text(page, word: str) -> str:  # type: ignore[no-untyped-def]
    page.fill("[data-testid=ve-qe-text]", f"{word}: name the capital of Malawi.")
    page.locator("[data-testid=ve-qe-alternative]").nth(0).fill("Lilongwe")
    page.click("[data-testid=ve-qe-alternatives-add]")
    page.locator("[data-testid=ve-qe-alternative]").nth(1).fill("Lilongwe city")
    return "lilongwe"


def _formula(page, word: str) -> str:  # type: ignore[no-untyped-def]
    page.fill("[data-testid=ve-qe-text]", rf"{word}: expand \((x + 1)^2\).")
    page.fill("[data-testid=ve-qe-formula-expected]", "x^2 + 2*x + 1")
    page.locator("[data-testid=ve-qe-variable-name]").nth(0).fill("x")
    return "(x+1)*(x+1)"


FILL: dict[str, Callable[..., str]] = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "numeric": _numeric,
    "text": _text,
    "formula": _formula,
}


def _answer_sample(page, question_type: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    if question_type in ("single_choice", "multiple_choice"):
        for choice in answer.split(","):
            page.click(f"[data-testid=ve-qe-sample-choice-{choice}]")
    else:
        page.fill("[data-testid=ve-qe-sample-answer]", answer)
    page.click("[data-testid=ve-qe-preview-check]")


@pytest.mark.parametrize("question_type", list(FILL))
def test_an_author_writes_each_type_in_the_editor_previews_it_and_finds_it_in_the_bank(page, dev_host, question_type):
    _login(page, dev_host, "teacher")
    _open_bank(page, dev_host)
    page.click("[data-testid=ve-bank-new]")
    page.select_option("[data-testid=ve-qe-type]", question_type)
    word = f"zebra{question_type.replace('_', '')}"
    right = FILL[question_type](page, word)
    page.click("[data-testid=ve-qe-hints-add]")
    page.fill("[data-testid=ve-qe-hint]", "Think it through.")
    page.fill("[data-testid=ve-qe-tags]", "browser, authored")
    # the live preview renders the question (maths as MathML) and grades a sample answer, recording nothing
    page.click("[data-testid=ve-qe-preview-refresh]")
    page.wait_for_selector("[data-testid=ve-qe-preview] .ve-question-text")
    if question_type in ("single_choice", "numeric", "formula"):
        assert page.locator("[data-testid=ve-qe-preview] math").count() >= 1
    _answer_sample(page, question_type, right)
    page.wait_for_selector("[data-testid=ve-qe-preview-result][data-result=correct]")
    page.click("[data-testid=ve-bank-save]")
    page.wait_for_selector("[data-testid=ve-bank-saved]:has-text('version 1')")

    page.fill("[data-testid=ve-bank-filter-search]", word)
    page.select_option("[data-testid=ve-bank-filter-type]", question_type)
    page.fill("[data-testid=ve-bank-filter-tag]", "authored")
    page.click("[data-testid=ve-bank-filter-go]")
    # Exactly one: "101 questions" (the bank before the filter answers) also contains "1 questions".
    page.wait_for_selector("[data-testid=ve-bank-status]:text-is('1 questions')")
    assert word in page.inner_text("[data-testid=ve-bank-results]")


def test_a_server_error_is_shown_beside_the_field_it_names(page, dev_host):
    _login(page, dev_host, "teacher")
    _open_bank(page, dev_host)
    page.click("[data-testid=ve-bank-new]")
    page.fill("[data-testid=ve-qe-text]", "Which one?")
    page.locator("[data-testid=ve-qe-choice-text]").nth(0).fill("yes")
    page.locator("[data-testid=ve-qe-choice-correct]").nth(0).check()  # the second choice has no text
    page.click("[data-testid=ve-bank-save]")
    second = page.locator("[data-testid=ve-qe-choices] li").nth(1)
    second.locator("[data-testid=ve-qe-error-choice-text] li").wait_for()
    assert second.locator("[data-testid=ve-qe-choice-text]").get_attribute("aria-invalid") == "true"
    assert page.inner_text("[data-testid=ve-bank-saved]") == ""


def _learner_answers(page, dev_host: str, learner: str, answer: str, seen: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{dev_host}/workbench/scenario/{NEW_BLOCK}/?student={learner}")
    page.fill("[data-testid=ve-answer-input]", answer)
    page.click("[data-testid=ve-submit]")
    page.wait_for_selector(f"[data-testid=ve-result][data-result={seen}]")


def test_a_bank_question_used_and_edited_in_a_block_reaches_learners_as_a_new_version(browser, dev_host, dev_host_db):
    author = browser.new_context().new_page()
    _login(author, dev_host, "teacher")
    _open_bank(author, dev_host)
    author.click("[data-testid=ve-bank-new]")
    author.select_option("[data-testid=ve-qe-type]", "numeric")
    author.fill("[data-testid=ve-qe-text]", "okapi: how many sides has a heptagon?")
    author.fill("[data-testid=ve-qe-numeric-value]", "7")
    author.click("[data-testid=ve-bank-save]")
    author.wait_for_selector("[data-testid=ve-bank-saved]:has-text('version 1')")

    # the block's Studio editor: choose the question by searching the bank
    author.goto(f"{dev_host}/workbench/scenario/{NEW_BLOCK}/studio_view/?student=teacher")
    author.fill("[data-testid=ve-question-search]", "okapi")
    author.click("[data-testid=ve-question-search-go]")
    author.locator("[data-testid^=ve-question-result-]").first.click()
    author.wait_for_selector("[data-testid=ve-question-picked]")
    question_id = int(author.input_value("[data-testid=ve-field-question_id]"))
    assert "okapi" in author.input_value("[data-testid=ve-qe-text]")
    author.click("[data-testid=ve-save]")
    author.wait_for_selector("[data-testid=ve-status]:has-text('Saved')")

    first = browser.new_context().new_page()
    _learner_answers(first, dev_host, "okapi_first", "7", "correct")

    # the author edits the bank question from the block: a new version, with a note of its reach
    author.goto(f"{dev_host}/workbench/scenario/{NEW_BLOCK}/studio_view/?student=teacher")
    assert "1 block" in author.inner_text("[data-testid=ve-question-note]")
    author.fill("[data-testid=ve-qe-text]", "okapi: how many sides has an octagon?")
    author.fill("[data-testid=ve-qe-numeric-value]", "8")
    author.click("[data-testid=ve-save]")
    author.wait_for_selector("[data-testid=ve-status]:has-text('Saved')")

    second = browser.new_context().new_page()
    _learner_answers(second, dev_host, "okapi_second", "7", "incorrect")
    _learner_answers(second, dev_host, "okapi_second", "8", "correct")
    with sqlite3.connect(dev_host_db) as db:
        answered = db.execute(
            "SELECT u.username, v.number, a.correct FROM ve_edu_plugin_attempt a "
            "JOIN ve_edu_plugin_questionversion v ON v.id = a.question_version_id "
            "JOIN auth_user u ON u.id = a.user_id WHERE a.question_id = ? ORDER BY a.id",
            (question_id,),
        ).fetchall()
    assert answered == [("okapi_first", 1, 1), ("okapi_second", 2, 0), ("okapi_second", 2, 1)]

    # the bank page lists both versions
    _open_bank(author, dev_host)
    author.fill("[data-testid=ve-bank-filter-search]", "okapi")
    author.click("[data-testid=ve-bank-filter-go]")
    author.click(f"[data-testid=ve-bank-versions-{question_id}]")
    author.wait_for_selector("[data-testid=ve-bank-version-2]")
    assert "heptagon" in author.inner_text("[data-testid=ve-bank-version-1]")
    assert "octagon" in author.inner_text("[data-testid=ve-bank-version-2]")
    for context in (author.context, first.context, second.context):
        context.close()
