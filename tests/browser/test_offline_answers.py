"""
An answer given offline survives closing the tab, and the learner sees that it is waiting to be sent.

Tried as a learner on a phone would: answer with no connection, close the tab, come back online
and open the block again; the kept answer is sent once (same key) and cleared when the server has it.
"""

from __future__ import annotations

import pytest

from tests.browser.test_block_behaviour import _scenario

pytestmark = pytest.mark.browser

PENDING = (
    "Object.keys(localStorage).filter((key) => key.endsWith('|pending'))"
    ".map((key) => JSON.parse(localStorage.getItem(key)))"
)


def test_an_offline_answer_survives_a_closed_tab_and_is_sent_once_online(page, dev_host):
    url = f"{dev_host}/workbench/scenario/{_scenario('single_choice')}/?student=closed_tab"
    page.goto(url)
    page.wait_for_selector("[data-testid=ve-submit]")
    page.route("**/submit/**", lambda route: route.abort("internetdisconnected"))
    page.locator(".ve-choice-input").first.check()
    page.click("[data-testid=ve-submit]")
    page.wait_for_selector("[data-testid=ve-status][data-state=waiting]")
    assert "waiting to be sent" in page.inner_text("[data-testid=ve-status]")
    (kept,) = page.evaluate(PENDING)
    assert kept["answer"] and kept["question_id"] and kept["client_key"], kept
    context = page.context
    page.close()  # the tab is closed while the answer is still unsent

    sent: list[str] = []
    again = context.new_page()
    again.on("request", lambda request: sent.append(request.post_data or "") if "/submit/" in request.url else None)
    again.goto(url)
    again.wait_for_selector("[data-testid=ve-result][data-result]", timeout=15000)
    assert len(sent) == 1 and kept["client_key"] in sent[0], sent
    again.wait_for_function("Object.keys(localStorage).every((key) => !key.endsWith('|pending'))")
    assert again.get_attribute("[data-testid=ve-status]", "data-state") != "waiting"


def test_a_chichewa_learner_reads_the_waiting_line_in_chichewa(browser, dev_host):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="ny", extra_http_headers={"Accept-Language": "ny"})
    page = context.new_page()
    page.goto(f"{dev_host}/workbench/scenario/{_scenario('single_choice')}/?student=closed_tab_ny")
    page.wait_for_selector("[data-testid=ve-submit]")
    page.route("**/submit/**", lambda route: route.abort("internetdisconnected"))
    page.locator(".ve-choice-input").first.check()
    page.click("[data-testid=ve-submit]")
    page.wait_for_selector("[data-testid=ve-status][data-state=waiting]")
    assert "likudikira kutumizidwa" in page.inner_text("[data-testid=ve-status]")
    context.close()
