"""docs/extending.rst names every filter and event the plugin defines, with its class or signal."""

from __future__ import annotations

from pathlib import Path

from openedx_events.tooling import OpenEdxPublicSignal
from openedx_filters.tooling import OpenEdxPublicFilter

from ve_edu_plugin.hooks import events, filters

DOC = (Path(__file__).resolve().parents[2] / "docs" / "extending.rst").read_text(encoding="utf-8")


def test_every_filter_is_documented_with_its_type_and_class():
    defined = [getattr(filters, name) for name in filters.__all__]
    assert defined and all(issubclass(cls, OpenEdxPublicFilter) for cls in defined)
    for cls in defined:
        assert f"``{cls.filter_type}``" in DOC and f"``{cls.__name__}``" in DOC, cls


def test_every_event_is_documented_and_annotated_with_its_type():
    source = Path(events.__file__).read_text(encoding="utf-8")
    for name in events.__all__:
        signal = getattr(events, name)
        assert isinstance(signal, OpenEdxPublicSignal)
        assert f"``{signal.event_type}``" in DOC and f"``{name}``" in DOC, name
        assert f"# .. event_type: {signal.event_type}\n# .. event_name: {name}\n" in source, name
