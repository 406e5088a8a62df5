"""
The timed block in headless Chromium (Must show 8): start, answer, reload mid-test (the answer and
the server's remaining time kept), let time run out, see the submitted state; nothing is loaded
from another host.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def _seconds_left(page) -> int:  # type: ignore[no-untyped-def]
    text = page.inner_text("[data-testid=ve-timed-clock]")
    minutes, seconds = re.search(r"(\d+):(\d\d)", text).groups()  # type: ignore[union-attr]
    return int(minutes) * 60 + int(seconds)


def test_start_answer_reload_and_time_runs_out(page, dev_host):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{dev_host}/workbench/scenario/ve_timed_assessment.2/?student=browser_timed")
    page.click("[data-testid=ve-timed-start]")
    page.wait_for_selector("[data-testid=ve-timed-clock]")
    first = page.locator("[data-testid=ve-timed-question] input").first
    if first.get_attribute("type") == "text":
        first.fill("7")
    else:
        first.check()
    page.wait_for_selector("[data-testid=ve-timed-status]:has-text('Saved.')", timeout=10_000)
    before = _seconds_left(page)
    page.reload()
    page.wait_for_selector("[data-testid=ve-timed-clock]")
    again = page.locator("[data-testid=ve-timed-question] input").first
    if again.get_attribute("type") == "text":
        assert again.input_value() == "7"
    else:
        assert again.is_checked()
    after = _seconds_left(page)
    assert 0 < after <= before, (before, after)
    page.wait_for_selector("[data-testid=ve-timed-done]", timeout=(after + 40) * 1000)
    assert "submitted" in page.inner_text("[data-testid=ve-timed-done]")
    assert requested and all(url.startswith(dev_host) for url in requested), [
        u for u in requested if not u.startswith(dev_host)
    ]
