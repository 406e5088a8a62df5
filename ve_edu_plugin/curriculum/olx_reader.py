"""
Read the published outline from a course export (OLX), as Studio's "Export course" writes it.

``course.xml`` -> ``course/<url_name>.xml`` -> ``chapter/*.xml`` -> ``sequential/*.xml``; any of
these may also be written inline in its parent. Only blocks reachable from ``course.xml`` count,
so Studio's unpublished ``drafts/`` folder is ignored. Accepts a directory or a ``.tar.gz``.
"""

from __future__ import annotations

import json
import os
import tarfile
import tempfile
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from opaque_keys.edx.locator import CourseLocator

from ve_edu_plugin.curriculum.outline import CourseOutline, OutlineSection, OutlineSubsection
from ve_edu_plugin.errors import InvalidCourseExportError

_TRUE = {"true", "1", "yes"}


def read_olx_outline(path: str | os.PathLike[str], *, expected_course_key: str | None = None) -> CourseOutline:
    """
    Read the outline of the export at ``path`` (directory or ``.tar.gz``).

    Raises :class:`InvalidCourseExportError` for an unreadable or invalid export, or when the
    export belongs to another course than ``expected_course_key``.
    """
    source = Path(path)
    if not source.exists():
        raise InvalidCourseExportError(f"No course export at {source}.")
    if not source.is_dir():  # a file, or a device such as /dev/null: only a tar archive will do
        if not _is_tarfile(source):
            raise InvalidCourseExportError(f"{source.name} is neither a directory nor a .tar.gz course export.")
        with tempfile.TemporaryDirectory(prefix="ve-edu-olx-") as tmp:
            _extract(source, Path(tmp))
            return _read_directory(_find_root(Path(tmp)), expected_course_key)
    return _read_directory(_find_root(source), expected_course_key)


def _is_tarfile(source: Path) -> bool:
    try:
        return tarfile.is_tarfile(source)
    except OSError:
        return False


#: An export archive is refused when its files add up to more than this, or it has more entries
#: (a large course's export is tens of megabytes and a few thousand files).
MAX_EXPORT_BYTES = 512 * 1024 * 1024
MAX_EXPORT_MEMBERS = 100_000


def _check_bounds(tar: tarfile.TarFile, archive: Path) -> None:
    """Walk the headers (stopping at the first bound crossed) before anything is written to disk."""
    total = 0
    for count, member in enumerate(tar, start=1):
        total += member.size
        if total > MAX_EXPORT_BYTES or count > MAX_EXPORT_MEMBERS:
            raise InvalidCourseExportError(
                f"{archive.name} expands to more than {MAX_EXPORT_BYTES // (1024 * 1024)} MB "
                f"or {MAX_EXPORT_MEMBERS} files; not a course export this reader unpacks."
            )


def _extract(archive: Path, target: Path) -> None:
    try:
        with tarfile.open(archive, "r:*") as tar:
            _check_bounds(tar, archive)
            tar.extractall(target, filter="data")
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:  # EOFError: a truncated .tar.gz
        raise InvalidCourseExportError(f"Cannot unpack {archive.name}: {exc.__class__.__name__}.") from exc


def _find_root(directory: Path) -> Path:
    """Studio's archive holds one top folder with ``course.xml``; a plain directory has it at its root."""
    if (directory / "course.xml").is_file():
        return directory
    candidates = [child for child in directory.iterdir() if (child / "course.xml").is_file()]
    if len(candidates) != 1:
        raise InvalidCourseExportError("The export has no course.xml (or more than one course).")
    return candidates[0]


class _ExportReader:
    """Resolves ``url_name`` pointers to their files and applies ``policy.json`` overrides."""

    def __init__(self, root: Path, run: str) -> None:
        self.root = root
        self.policy = _load_policy(root, run)

    def parse(self, relative: str) -> ET.Element:
        file_path = self.root / relative
        if not file_path.is_file():
            raise InvalidCourseExportError(f"The export is missing {relative}.")
        try:
            return ET.parse(file_path).getroot()  # noqa: S314
        except ET.ParseError as exc:
            raise InvalidCourseExportError(f"{relative} is not well-formed XML ({exc}).") from exc

    def resolve(self, element: ET.Element, block_type: str) -> tuple[str, ET.Element]:
        """The url_name and full definition of ``element`` (a pointer tag or an inline block)."""
        url_name = element.get("url_name") or element.get("slug")
        if not url_name:
            raise InvalidCourseExportError(f"A <{block_type}> in the export has no url_name.")
        if _is_pointer(element):
            definition = self.parse(f"{block_type}/{url_name}.xml")
            if definition.tag != block_type:
                raise InvalidCourseExportError(
                    f"{block_type}/{url_name}.xml holds <{definition.tag}>, not <{block_type}>."
                )
        else:
            definition = element
        return url_name, definition

    def attribute(self, block_type: str, url_name: str, element: ET.Element, name: str) -> str | None:
        override = self.policy.get(f"{block_type}/{url_name}", {})
        if name in override:
            value = override[name]
            return str(value).lower() if isinstance(value, bool) else str(value)
        return element.get(name)


def _is_pointer(element: ET.Element) -> bool:
    """Studio writes a child as ``<chapter url_name="x"/>``: only url_name, no children."""
    return len(element) == 0 and set(element.attrib) <= {"url_name", "slug"}


def _load_policy(root: Path, run: str) -> dict[str, dict[str, object]]:
    policy_path = root / "policies" / run / "policy.json"
    if not policy_path.is_file():
        return {}
    try:
        data = json.loads(policy_path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as exc:
        raise InvalidCourseExportError(f"policies/{run}/policy.json is not valid JSON.") from exc
    return data if isinstance(data, dict) else {}


def _read_directory(root: Path, expected_course_key: str | None) -> CourseOutline:
    reader = _ExportReader(root, run="")
    top = reader.parse("course.xml")
    org, number, run = top.get("org"), top.get("course"), top.get("url_name")
    if not (org and number and run):
        raise InvalidCourseExportError("course.xml must name org, course and url_name (the run).")
    try:
        course_key = CourseLocator(org=org, course=number, run=run)
    except InvalidKeyError as exc:
        raise InvalidCourseExportError(f"course.xml names an invalid course ({org}/{number}/{run}).") from exc
    if expected_course_key is not None and CourseKey.from_string(expected_course_key) != course_key:
        raise InvalidCourseExportError(f"The export is of {course_key}, not of {expected_course_key}.")
    reader.policy = _load_policy(root, run)
    course = top if len(top) else reader.parse(f"course/{run}.xml")
    title = reader.attribute("course", run, course, "display_name") or str(course_key)
    sections = tuple(_section(reader, course_key, child) for child in course if child.tag == "chapter")
    return CourseOutline(course_key=str(course_key), title=title, sections=sections)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in _TRUE


def _display_name(reader: _ExportReader, block_type: str, url_name: str, element: ET.Element) -> str:
    """``display_name_with_default``: the display name, else the url_name with spaces."""
    name = reader.attribute(block_type, url_name, element, "display_name")
    return name if name else url_name.replace("_", " ")


def _section(reader: _ExportReader, course_key: CourseLocator, pointer: ET.Element) -> OutlineSection:
    url_name, chapter = reader.resolve(pointer, "chapter")
    staff_only = _flag(reader.attribute("chapter", url_name, chapter, "visible_to_staff_only"))
    subsections = tuple(
        _subsection(reader, course_key, child, inherited_staff_only=staff_only)
        for child in chapter
        if child.tag == "sequential"
    )
    return OutlineSection(
        usage_key=str(course_key.make_usage_key("chapter", url_name)),
        title=_display_name(reader, "chapter", url_name, chapter),
        hide_from_toc=_flag(reader.attribute("chapter", url_name, chapter, "hide_from_toc")),
        staff_only=staff_only,
        subsections=subsections,
    )


def _subsection(
    reader: _ExportReader, course_key: CourseLocator, pointer: ET.Element, *, inherited_staff_only: bool
) -> OutlineSubsection:
    url_name, sequential = reader.resolve(pointer, "sequential")
    return OutlineSubsection(
        usage_key=str(course_key.make_usage_key("sequential", url_name)),
        title=_display_name(reader, "sequential", url_name, sequential),
        hide_from_toc=_flag(reader.attribute("sequential", url_name, sequential, "hide_from_toc")),
        staff_only=inherited_staff_only
        or _flag(reader.attribute("sequential", url_name, sequential, "visible_to_staff_only")),
    )
