"""Helpers for the event tests: a recording receiver and the event-bus Avro round trip."""

from __future__ import annotations

from typing import Any

from openedx_events.event_bus.avro.deserializer import deserialize_bytes_to_event_data
from openedx_events.event_bus.avro.serializer import serialize_event_data_to_bytes
from openedx_events.tooling import OpenEdxPublicSignal


class Received:
    """A receiver that records each sending of one signal."""

    def __init__(self, signal: OpenEdxPublicSignal) -> None:
        self.signal = signal
        self.calls: list[dict[str, Any]] = []
        signal.connect(self.receive, dispatch_uid=f"test-{id(self)}")

    def receive(self, signal: Any, sender: Any, **kwargs: Any) -> None:
        self.calls.append(kwargs)

    def close(self) -> None:
        self.signal.disconnect(dispatch_uid=f"test-{id(self)}")


def round_trip(signal: OpenEdxPublicSignal, name: str, payload: Any) -> None:
    """Serialize ``payload`` as the event bus does and check it reads back equal."""
    wire = serialize_event_data_to_bytes({name: payload}, signal)
    assert deserialize_bytes_to_event_data(wire, signal) == {name: payload}
