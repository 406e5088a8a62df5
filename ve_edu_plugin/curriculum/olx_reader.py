"""
Read the published outline from a course export (OLX), as Studio's "Export course" writes it.

``course.xml`` -> ``course/<url_name>.xml`` -> ``chapter/*.xml`` -> ``sequential/*.xml``; any of
these may also be written inline in its parent. The export is read through :mod:`ve_edu_plugin.olx`
(the question import reads it the same way): a directory, or a ``.tar.gz`` read in memory with size
limits, so only blocks reachable from ``course.xml`` count and ``drafts/`` is ignored.
"""

from __future__ import annotations

import os
import tarfile
from pathlib import Path

from lxml import etree
from opaque_keys.edx.keys import CourseKey
from opaque_keys.edx.locator import CourseLocator

from ve_edu_plugin import compressed
from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection
from ve_edu_plugin.errors import InvalidCourseExportError
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.olx import walk as olx_walk
from ve_edu_plugin.olx.sources import (
    ARCHIVE_ERRORS,
    MAX_EXPORT_BYTES,
    DirectorySource,
    ExportError,
    ExportSource,
    TarSource,
)

_TRUE = {"true", "1", "yes"}


def read_olx_outline(path: str | os.PathLike[str], *, expected_course_key: str | None = None) -> CourseOutline:
    """
    Read the outline of the export at ``path`` (directory or ``.tar.gz``).

    Raises :class:`InvalidCourseExportError` for an unreadable or invalid export, or when the
    export belongs to another course than ``expected_course_key``.
    """
    source = Path(path)
    if not source.exists():
        raise InvalidCourseExportError(gettext("No course export at %(source)s.") % {"source": source})
    try:
        if source.is_dir():
            return _read(DirectorySource(source), expected_course_key)
        if not _is_tarfile(source):  # a file, or a device such as /dev/null: only a tar archive will do
            raise InvalidCourseExportError(
                gettext("%(name)s is neither a directory nor a .tar.gz course export.") % {"name": source.name}
            )
        _check_expansion(source)
        try:
            with tarfile.open(source, "r:*") as archive:
                return _read(TarSource(archive), expected_course_key)
        except ARCHIVE_ERRORS as exc:
            raise InvalidCourseExportError(
                gettext("Cannot unpack %(name)s: %(reason)s.") % {"name": source.name, "reason": exc.__class__.__name__}
            ) from exc
    except ExportError as exc:
        raise InvalidCourseExportError(gettext("The course export cannot be read: %(exc)s.") % {"exc": exc}) from exc


def _check_expansion(source: Path) -> None:
    """A gzipped export inflated once, one chunk at a time, under the archive cap: a bomb stops early."""
    with open(source, "rb") as stream:
        if stream.read(2) != compressed.GZIP_MAGIC:
            return
        stream.seek(0)
        limit = compressed.expansion_limit(source.stat().st_size, max_bytes=MAX_EXPORT_BYTES)
        try:
            compressed.check_gzip(stream, limit=limit)
        except compressed.ExpansionError as exc:
            raise InvalidCourseExportError(
                gettext("Cannot unpack %(name)s: %(reason)s.") % {"name": source.name, "reason": exc}
            ) from exc


def _is_tarfile(source: Path) -> bool:
    try:
        return tarfile.is_tarfile(source)
    except OSError:
        return False


class _Settings:
    """A block's settings: ``policy.json`` overrides, else the XML attribute."""

    def __init__(self, policy: dict[str, dict[str, object]]) -> None:
        self.policy = policy

    def get(self, block_type: str, url_name: str, element: etree._Element, name: str) -> str | None:
        override = self.policy.get(f"{block_type}/{url_name}", {})
        if name in override:
            value = override[name]
            return str(value).lower() if isinstance(value, bool) else str(value)
        return element.get(name)

    def flag(self, block_type: str, url_name: str, element: etree._Element, name: str) -> bool:
        return (self.get(block_type, url_name, element, name) or "").strip().lower() in _TRUE

    def display_name(self, block_type: str, url_name: str, element: etree._Element) -> str:
        """``display_name_with_default``: the display name, else the url_name with spaces."""
        name = self.get(block_type, url_name, element, "display_name")
        return name if name else url_name.replace("_", " ")


def _read(source: ExportSource, expected_course_key: str | None) -> CourseOutline:
    course = olx_walk.read_course(source)
    course_key = course.key
    if expected_course_key is not None and CourseKey.from_string(expected_course_key) != course_key:
        raise InvalidCourseExportError(
            gettext("The export is of %(course_key)s, not of %(expected_course_key)s.")
            % {"course_key": course_key, "expected_course_key": expected_course_key}
        )
    settings = _Settings(olx_walk.load_policy(source, course.run))
    title = settings.get("course", course.run, course.definition, "display_name") or str(course_key)
    sections = tuple(
        _section(source, settings, course_key, url_name=url_name, file=file, chapter=chapter)
        for url_name, file, chapter in olx_walk.children(source, course.definition, "chapter", course.file)
    )
    return CourseOutline(course_key=str(course_key), title=title, sections=sections)


def _section(
    source: ExportSource,
    settings: _Settings,
    course_key: CourseLocator,
    *,
    url_name: str,
    file: str,
    chapter: etree._Element,
) -> OutlineSection:
    staff_only = settings.flag("chapter", url_name, chapter, "visible_to_staff_only")
    subsections = tuple(
        OutlineSubsection(
            usage_key=str(course_key.make_usage_key("sequential", seq_name)),
            title=settings.display_name("sequential", seq_name, sequential),
            hide_from_toc=settings.flag("sequential", seq_name, sequential, "hide_from_toc"),
            staff_only=staff_only or settings.flag("sequential", seq_name, sequential, "visible_to_staff_only"),
        )
        for seq_name, _, sequential in olx_walk.children(source, chapter, "sequential", file)
    )
    return OutlineSection(
        usage_key=str(course_key.make_usage_key("chapter", url_name)),
        title=settings.display_name("chapter", url_name, chapter),
        hide_from_toc=settings.flag("chapter", url_name, chapter, "hide_from_toc"),
        staff_only=staff_only,
        subsections=subsections,
    )
