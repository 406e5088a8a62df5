"""
What a learner's browser transfers to view a block, in headless Chromium with its cache on (issue "few bytes").

Counted from Chromium's own network log (``encodedDataLength``: headers and body as received), for
every request of the view except what belongs to the page rather than the block: the workbench's
chrome (``/static/workbench/``, ``/workbench/jsi18n/``: its jQuery, runtime and catalogue, which in
the LMS are the course page's) and the browser's own ``/favicon.ico``. Maths costs nothing extra: it
arrives as MathML inside the question, with no MathJax to fetch. The first view of a block may
cost 40 KB; a second view, of the same block or another, 5 KB: the blocks' CSS and JavaScript come
from the browser's cache.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

FIRST_VIEW_BUDGET = 40 * 1024
SECOND_VIEW_BUDGET = 5 * 1024
QUESTION = "/workbench/scenario/ve_question.0/?student=browser_bytes"
_PAGE_NOT_BLOCK = ("/static/workbench/", "/workbench/jsi18n/", "/favicon.ico")
PRACTICE = "/workbench/scenario/ve_adaptive_practice.0/?student=browser_bytes"
TIMED = "/workbench/scenario/ve_timed_assessment.0/?student=browser_bytes"


class _Transfers:
    """Bytes received per request, from the Chrome DevTools protocol, for one page."""

    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        session = page.context.new_cdp_session(page)
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.loadingFinished", self._finished)
        session.send("Network.enable")

    def _sent(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event: dict) -> None:
        self.sizes[event["requestId"]] = int(event["encodedDataLength"])

    def block_bytes(self) -> dict[str, int]:
        """Bytes per URL, without the workbench's own page chrome."""
        sizes: dict[str, int] = {}
        for request_id, size in self.sizes.items():
            url = self.urls.get(request_id, "")
            if not any(part in url for part in _PAGE_NOT_BLOCK):
                sizes[url] = sizes.get(url, 0) + size
        return sizes

    def reset(self) -> None:
        self.urls.clear()
        self.sizes.clear()


def _view(page, transfers: _Transfers, url: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    transfers.reset()
    page.goto(url)
    page.wait_for_selector("[data-testid=ve-submit], [data-testid=ve-practice-next], .ve-block", timeout=20000)
    page.wait_for_load_state("networkidle")
    return transfers.block_bytes()


def test_a_block_costs_40kb_first_and_5kb_after_with_the_cache_on(page, dev_host):
    transfers = _Transfers(page)
    first = _view(page, transfers, f"{dev_host}{QUESTION}")
    assert any("/workbench/resource/ve_question/static/js/ve_common.js" in url for url in first), first
    assert sum(first.values()) <= FIRST_VIEW_BUDGET, first

    again = _view(page, transfers, f"{dev_host}{QUESTION}")
    assert not any("/workbench/resource/" in url and size > 0 for url, size in again.items()), again
    assert sum(again.values()) <= SECOND_VIEW_BUDGET, again

    other = _view(page, transfers, f"{dev_host}{PRACTICE}")
    assert sum(other.values()) <= FIRST_VIEW_BUDGET, other
    other_again = _view(page, transfers, f"{dev_host}{PRACTICE}")
    assert sum(other_again.values()) <= SECOND_VIEW_BUDGET, other_again
    print(
        f"\nbytes transferred: question first {sum(first.values())}, again {sum(again.values())}; "
        f"practice first {sum(other.values())}, again {sum(other_again.values())}"
    )


def test_the_timed_block_costs_40kb_first_and_5kb_after_with_the_cache_on(page, dev_host):
    """Its CSS and script are linked, versioned, like the other blocks': a second view fetches none of them."""
    transfers = _Transfers(page)
    first = _view(page, transfers, f"{dev_host}{TIMED}")
    assert any("/workbench/resource/ve_timed_assessment/static/js/ve_timed.js?v=" in url for url in first), first
    assert all(url.startswith(dev_host) for url in first), first
    assert sum(first.values()) <= FIRST_VIEW_BUDGET, first

    again = _view(page, transfers, f"{dev_host}{TIMED}")
    assert not any("/workbench/resource/" in url and size > 0 for url, size in again.items()), again
    assert sum(again.values()) <= SECOND_VIEW_BUDGET, again
    print(f"\nbytes transferred: timed test first {sum(first.values())}, again {sum(again.values())}")
