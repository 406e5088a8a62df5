"""
Event isolation with openedx-events' own ``OpenEdxEventsTestMixin`` (only the plugin's events are
enabled, and a failing receiver fails the test) and a fixture that records what a signal sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from openedx_events.tooling import OpenEdxPublicSignal

try:
    from openedx_events.testing import OpenEdxEventsTestMixin
except ImportError:  # openedx-events before 11 (the last for Python 3.11) kept it in its tests package
    from openedx_events.tests.utils import OpenEdxEventsTestMixin  # type: ignore[no-redef]

from tests.hooks.event_tools import Received
from ve_edu_plugin.hooks import events


class _Isolation(OpenEdxEventsTestMixin):
    ENABLED_OPENEDX_EVENTS = [getattr(events, name).event_type for name in events.__all__]


@pytest.fixture
def only_the_plugin_events() -> Iterator[None]:
    _Isolation.start_events_isolation()
    yield
    _Isolation.enable_all_events()


@pytest.fixture
def received() -> Iterator[Callable[[OpenEdxPublicSignal], Received]]:
    opened: list[Received] = []

    def _open(signal: OpenEdxPublicSignal) -> Received:
        opened.append(Received(signal))
        return opened[-1]

    yield _open
    for receiver in opened:
        receiver.close()
