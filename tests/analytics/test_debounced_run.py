"""
Answers ask for one delayed analytics run per course and debounce window: the shared cache's mark
decides between processes, and a process that sent the run skips the cache until its mark ends.
"""

from __future__ import annotations

from typing import Any

import pytest
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin import caching
from ve_edu_plugin.analytics import api as analytics_api

COURSE = CourseKey.from_string("course-v1:VE-EDU+DEBOUNCE+2026")
WINDOW = 30


class _Recorder:
    """Stands in for Celery's ``signature``: records the runs sent, and counts the shared cache's calls."""

    def __init__(self) -> None:
        self.sent: list[tuple[tuple[Any, ...], int]] = []
        self.cache_calls = 0

    def signature(self, name: str, *, args: list[Any]) -> Any:
        recorder = self

        class _Signature:
            def apply_async(self, *, countdown: int, queue: str) -> None:
                recorder.sent.append((tuple(args), countdown))

        return _Signature()


@pytest.fixture
def recorder(monkeypatch, settings) -> _Recorder:
    settings.VE_EDU_ANALYTICS_DEBOUNCE_SECONDS = WINDOW
    found = _Recorder()
    monkeypatch.setattr(analytics_api, "signature", found.signature)
    real_cache = analytics_api._cache

    def counting_cache() -> Any:
        found.cache_calls += 1
        return real_cache()

    monkeypatch.setattr(analytics_api, "_cache", counting_cache)
    return found


def test_a_burst_in_one_process_sends_one_run_and_asks_the_cache_once(recorder):
    assert analytics_api.send_debounced_run(COURSE) is True
    for _ in range(50):
        assert analytics_api.send_debounced_run(COURSE) is False
    assert recorder.sent == [((str(COURSE), "answers"), WINDOW)]
    assert recorder.cache_calls == 1, "after sending, this process knows the mark is set until the window ends"


def test_another_process_defers_to_the_shared_mark(recorder):
    analytics_api.send_debounced_run(COURSE)
    caching.clear_all()  # a second process: nothing kept in memory, the same shared cache
    assert analytics_api.send_debounced_run(COURSE) is False
    assert analytics_api.send_debounced_run(COURSE) is False
    assert len(recorder.sent) == 1
    assert recorder.cache_calls == 3, "a process that did not send asks the cache on every answer"


def test_after_the_window_the_next_answer_sends_a_new_run(recorder, monkeypatch):
    analytics_api.send_debounced_run(COURSE)
    later = analytics_api.time.monotonic() + WINDOW + 1
    monkeypatch.setattr(analytics_api.time, "monotonic", lambda: later)
    analytics_api._cache().delete(analytics_api.pending_key(COURSE))  # the mark's time to live is over
    assert analytics_api.send_debounced_run(COURSE) is True
    assert [countdown for _args, countdown in recorder.sent] == [WINDOW, WINDOW]


def test_courses_are_debounced_apart(recorder):
    other = CourseKey.from_string("course-v1:VE-EDU+OTHER+2026")
    assert analytics_api.send_debounced_run(COURSE) and analytics_api.send_debounced_run(other)
    assert {args[0] for args, _countdown in recorder.sent} == {str(COURSE), str(other)}
