"""
Walking a course export as Studio writes it: ``course.xml`` -> ``course/<run>.xml`` -> children.

Any block may be a pointer (``<chapter url_name="x"/>`` and ``chapter/x.xml``) or written inline
in its parent. Only blocks reachable from ``course.xml`` count, so Studio's unpublished
``drafts/`` folder is ignored. Usage keys are built from ``course.xml`` exactly as the platform
builds them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree
from opaque_keys import InvalidKeyError
from opaque_keys.edx.locator import CourseLocator

from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.olx.sources import ExportError, ExportSource, parse_xml

#: Called with (file, message) for a child that cannot be read; without it the walk raises.
OnError = Callable[[str, str], None]


@dataclass(frozen=True)
class ExportedCourse:
    """The course an export holds: its key, the file its definition is in, and that definition."""

    key: CourseLocator
    file: str
    definition: etree._Element

    @property
    def run(self) -> str:
        return str(self.key.run)


def parse(source: ExportSource, relative: str) -> etree._Element:
    """One file of the export, parsed."""
    return parse_xml(source.read(relative), relative)


def read_course(source: ExportSource) -> ExportedCourse:
    """The course named in ``course.xml`` (org, course and url_name, the run) and its definition."""
    top = parse(source, "course.xml")
    org, number, run = top.get("org"), top.get("course"), top.get("url_name")
    if not (org and number and run):
        raise ExportError(gettext("course.xml must name org, course and url_name (the run)"))
    try:
        key = CourseLocator(org=org, course=number, run=run)
    except InvalidKeyError as exc:
        raise ExportError(
            gettext("course.xml names an invalid course (%(org)s/%(number)s/%(run)s)")
            % {"org": org, "number": number, "run": run}
        ) from exc
    if len(top):
        return ExportedCourse(key, "course.xml", top)
    course_file = f"course/{run}.xml"
    return ExportedCourse(key, course_file, parse(source, course_file))


def is_pointer(element: etree._Element) -> bool:
    """Studio writes a child as ``<chapter url_name="x"/>``: only url_name, no children."""
    return len(element) == 0 and set(element.attrib) <= {"url_name", "slug"}


def children(
    source: ExportSource, element: etree._Element, tag: str, file: str, *, on_error: OnError | None = None
) -> Iterator[tuple[str, str, etree._Element]]:
    """
    ``(url_name, file it is defined in, definition)`` of each child ``<tag>``, pointers resolved.

    A child without a url_name, or whose file is missing or broken, raises :class:`ExportError`;
    with ``on_error`` it is reported there instead and the walk goes on.
    """
    for child in element:
        if child.tag != tag:
            continue
        try:
            yield _resolved(source, child, tag, file)
        except ExportError as exc:
            if on_error is None:
                raise
            on_error(exc.file or file, str(exc))


def _resolved(source: ExportSource, child: etree._Element, tag: str, file: str) -> tuple[str, str, etree._Element]:
    url_name = child.get("url_name") or child.get("slug")
    if not url_name:
        raise ExportError(gettext("a <%(tag)s> has no url_name") % {"tag": tag})
    if not is_pointer(child):
        return url_name, file, child
    relative = f"{tag}/{url_name}.xml"
    try:
        definition = parse(source, relative)
    except ExportError as exc:
        raise ExportError(str(exc), file=relative) from exc
    if definition.tag != tag:
        raise ExportError(
            gettext("%(relative)s holds <%(found)s>, not <%(expected)s>")
            % {"relative": relative, "found": definition.tag, "expected": tag},
            file=relative,
        )
    return url_name, relative, definition


def load_policy(source: ExportSource, run: str) -> dict[str, dict[str, object]]:
    """``policies/<run>/policy.json``: settings by ``<type>/<url_name>`` that override the XML's."""
    relative = f"policies/{run}/policy.json"
    if not source.has(relative):
        return {}
    try:
        data = json.loads(source.read(relative).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExportError(gettext("%(relative)s is not valid JSON") % {"relative": relative}) from exc
    return data if isinstance(data, dict) else {}
