"""
What a learner's browser does with the blocks: the phone keyboard per answer type, no "new hint"
for a repeated wrong answer, and no endless retry of a request the server will always refuse.
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.browser.test_learner_blocks import _answer, _bodies, _shot
from xblocks.scenarios import _first, question_scenarios

pytestmark = pytest.mark.browser


def _scenario(question_type: str) -> str:
    names = [title for title, _xml in question_scenarios()]
    index = next(i for i, title in enumerate(names) if title.endswith(question_type.replace("_", " ")))
    return f"ve_question.{index}"


def _question_id(dev_host_db: str, ref: str) -> int:
    with sqlite3.connect(dev_host_db) as db:
        (question_id,) = db.execute("SELECT id FROM ve_edu_plugin_question WHERE external_id = ?", (ref,)).fetchone()
    return int(question_id)


@pytest.mark.parametrize(("question_type", "mode"), [("numeric", "decimal"), ("formula", "text")])
def test_numeric_and_formula_inputs_get_the_right_phone_keyboard(page, dev_host, question_type, mode):
    page.goto(f"{dev_host}/workbench/scenario/{_scenario(question_type)}/?student=keyboard_{question_type}")
    page.wait_for_selector("[data-testid=ve-answer-input]")
    field = page.locator("[data-testid=ve-answer-input]")
    assert field.get_attribute("inputmode") == mode
    assert field.get_attribute("autocorrect") == "off" and field.get_attribute("autocapitalize") == "off"
    assert field.get_attribute("spellcheck") == "false"
    if question_type == "numeric":  # the decimal pad of some phones has no minus: the block adds one
        field.fill("2.5")
        page.click("[data-testid=ve-sign]")
        assert field.input_value() == "-2.5"


def test_a_repeated_wrong_answer_announces_no_new_hint(page, dev_host, dev_host_db):
    ref = _first("single_choice")
    assert ref is not None
    body = _bodies(dev_host_db)[_question_id(dev_host_db, ref)][1]
    wrong = next(choice["id"] for choice in body["choices"] if not choice["correct"])
    page.goto(f"{dev_host}/workbench/scenario/{_scenario('single_choice')}/?student=repeater")
    page.wait_for_selector("[data-testid=ve-submit]")
    _answer(page, "single_choice", wrong)
    page.wait_for_selector("[data-testid=ve-result][data-result=incorrect]")
    assert "new hint" in page.inner_text("[data-testid=ve-result]").lower()
    assert page.locator(".ve-hint-new").count() == 1
    page.click("[data-testid=ve-submit]")  # the same answer again
    page.wait_for_function("document.querySelector('[data-testid=ve-attempts]').textContent.includes('2 /')")
    assert "new hint" not in page.inner_text("[data-testid=ve-result]").lower()
    assert page.locator(".ve-hint-new").count() == 0 and page.locator("[data-testid=ve-hint]").count() == 1
    assert page.locator("[data-testid=ve-solution]").is_hidden(), "no solution while graded attempts remain"
    _shot(page, "question-repeated-wrong")


def test_a_server_error_is_shown_not_retried_forever(page, dev_host, dev_host_db):
    calls: list[str] = []

    def broken(route):  # type: ignore[no-untyped-def]
        calls.append(route.request.url)
        route.fulfill(status=500, content_type="text/html", body="<h1>Server Error (500)</h1>")

    page.goto(f"{dev_host}/workbench/scenario/{_scenario('single_choice')}/?student=unlucky")
    page.wait_for_selector("[data-testid=ve-submit]")
    page.route("**/submit/**", broken)
    page.locator(".ve-choice-input").first.check()
    page.click("[data-testid=ve-submit]")
    page.wait_for_function("document.querySelector('[data-testid=ve-input-error]').textContent.length > 0")
    page.wait_for_timeout(3500)  # a retry loop would have sent again after 1 s and 2 s
    assert len(calls) == 1
    assert "will retry" not in page.inner_text(".ve-question-block").lower()
    assert page.get_attribute("[data-testid=ve-submit]", "aria-disabled") is None
    assert not page.is_disabled("[data-testid=ve-submit]")
    _shot(page, "question-server-error")


def test_a_gateway_timeout_is_retried(page, dev_host):
    calls: list[str] = []

    def flaky(route):  # type: ignore[no-untyped-def]
        calls.append(route.request.url)
        if len(calls) == 1:
            route.fulfill(status=503, content_type="text/html", body="busy")
        else:
            route.continue_()

    page.goto(f"{dev_host}/workbench/scenario/{_scenario('single_choice')}/?student=patient")
    page.wait_for_selector("[data-testid=ve-submit]")
    page.route("**/submit/**", flaky)
    page.locator(".ve-choice-input").first.check()
    page.click("[data-testid=ve-submit]")
    page.wait_for_selector("[data-testid=ve-result][data-result]", timeout=15000)
    assert len(calls) == 2


def test_a_throttled_answer_waits_for_the_servers_retry_after(page, dev_host):
    """429 with ``Retry-After: 4``: one resend after about 4 s (not the 1 s backoff); then graded."""
    sent: list[float] = []

    def throttled_once(route):  # type: ignore[no-untyped-def]
        sent.append(page.evaluate("performance.now()"))
        if len(sent) == 1:
            route.fulfill(
                status=429,
                headers={"Retry-After": "4"},
                content_type="application/json",
                body='{"error": {"code": "throttled", "message": "Too many answers; try again in 4 s."}}',
            )
        else:
            route.continue_()

    page.goto(f"{dev_host}/workbench/scenario/{_scenario('single_choice')}/?student=throttled")
    page.wait_for_selector("[data-testid=ve-submit]")
    page.route("**/submit/**", throttled_once)
    page.locator(".ve-choice-input").first.check()
    page.click("[data-testid=ve-submit]")
    page.wait_for_selector("[data-testid=ve-status][data-state=waiting]")
    assert "will retry" in page.inner_text("[data-testid=ve-status]").lower()
    page.wait_for_timeout(2500)  # the client's own backoff would have resent after 1 s
    assert len(sent) == 1, "no resend before the server's Retry-After"
    page.wait_for_selector("[data-testid=ve-result][data-result]", timeout=15000)
    assert len(sent) == 2
    assert sent[1] - sent[0] >= 3900, "the resend waited for Retry-After"


def test_retry_after_is_read_as_seconds_or_a_date_and_bounded(page, dev_host):
    page.goto(f"{dev_host}/workbench/scenario/{_scenario('single_choice')}/?student=reader")
    page.wait_for_selector("[data-testid=ve-submit]")
    values = page.evaluate(
        """() => {
          const read = window.VeEdu.retryAfterMs;
          const soon = new Date(Date.now() + 20000).toUTCString();
          return [read('7'), read(''), read('soon'), read('99999'), read(soon) > 15000 && read(soon) <= 20000,
                  window.VeEdu.isRetryable({status: 429}), window.VeEdu.isRetryable({status: 400}),
                  window.VeEdu.isRetryable({status: 500})];
        }"""
    )
    assert values == [7000, None, None, 600000, True, True, False, False]
