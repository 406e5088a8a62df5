"""
Existing Open edX problems as questions: one problem file, or every problem of a course export.

A course export (a directory or Studio's ``.tar.gz``) is walked the way the outline reader walks
it: ``course.xml`` -> ``course/<run>.xml`` -> chapter -> sequential -> vertical -> problem, each
either a pointer (``<problem url_name="x"/>`` and ``problem/x.xml``) or written inline. The
problems of a randomised problem pool in a unit (``library_content``, ``itembank``) are walked too:
the export holds the course's copies of them below the pool. Only what
is reachable from ``course.xml`` counts, so Studio's unpublished ``drafts/`` are ignored. Each
problem's external id is its usage key, and it goes to the subtopic of its subsection, with keys
built from ``course.xml`` exactly as the outline reader builds them, then mapped into the course
being imported into (so an export of another run of the course lands on this run's subtopics).

``olx_problems.parse_problem_olx`` turns each problem into a body; a problem it cannot carry
over is skipped with the parser's reason, never dropped silently. The export is read through
:mod:`ve_edu_plugin.olx` (in memory, XML files only, with size limits). Pure: no database.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from lxml import etree
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey
from opaque_keys.edx.locator import CourseLocator

from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.olx import walk as olx_walk
from ve_edu_plugin.olx.sources import ARCHIVE_ERRORS, DirectorySource, ExportError, ExportSource, TarSource
from ve_edu_plugin.questions.olx_problems import NOT_WELL_FORMED, parse_problem_olx
from ve_edu_plugin.questions.transfer_data import (
    IncomingQuestion,
    ParsedProblem,
    ReadResult,
    SkippedItem,
    UnsupportedProblem,
)

#: Randomising blocks whose problems the course export holds (the platform exports them as the
#: unit's other children: a pointer to ``<type>/<url_name>.xml`` with ``<problem url_name=.../>``
#: pointers inside, or inline); the walk imports their problems like a unit's.
_PROBLEM_POOLS = ("library_content", "itembank")
#: Blocks that may hold problems the walk does not descend into; they are reported, not imported.
_CONTAINERS = frozenset({"split_test", "conditional", "randomize"})


def is_archive(data: bytes) -> bool:
    """Gzip (Studio's ``.tar.gz``) or a plain tar."""
    return data[:2] == b"\x1f\x8b" or data[257:262] == b"ustar"


def read_problem_file(data: bytes, *, course_key: CourseKey, filename: str = "") -> ReadResult:
    """
    Problems of one OLX file (a ``<problem>``, or a unit or library holding inline problems).

    A problem's external id is its usage key in ``course_key``, from its ``url_name`` or, for a
    file with one problem, from the file name as Studio's export names it (``problem/<url_name>.xml``);
    without either it has no external id, and importing it again adds a copy.
    """
    result = ReadResult()
    location = PurePosixPath(filename).name or "problem"
    parsed = parse_problem_olx(data)
    if len(parsed) == 1 and isinstance(parsed[0], UnsupportedProblem) and parsed[0].reason.startswith(NOT_WELL_FORMED):
        result.error("file", parsed[0].reason)  # nothing in it could be read: the import fails, not skips
        return result
    stem = PurePosixPath(filename).name.removesuffix(".xml") if filename.endswith(".xml") else ""
    # One problem in the file (possibly split into parts): the file name is its url_name.
    one_problem = len(parsed) == 1 or [item.part for item in parsed] == list(range(1, len(parsed) + 1))
    for index, item in enumerate(parsed):
        url_name = item.url_name or (stem if one_problem else None)
        where = location if len(parsed) == 1 else f"{location}#{index + 1}"
        external_id = _part_id(_usage_key(course_key, "problem", url_name) if url_name else None, item.part)
        if isinstance(item, ParsedProblem):
            warnings = item.warnings
            if external_id is None:
                warnings = (*warnings, "the problem has no url_name: importing it again adds a copy")
            result.questions.append(_incoming(item, where, external_id, fields={}, warnings=warnings))
        else:
            result.skipped.append(SkippedItem(where, item.reason, external_id, item.title))
    return result


def read_course_export_bytes(data: bytes, *, course_key: CourseKey) -> ReadResult:
    """The problems of a course export uploaded as a ``.tar.gz``."""
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            return _walk(lambda: TarSource(archive), course_key)
    except ARCHIVE_ERRORS as exc:
        return _failed(f"is not a readable .tar.gz course export ({exc.__class__.__name__})")


def read_course_export_path(path: Path, *, course_key: CourseKey) -> ReadResult:
    """The problems of a course export on disk: a directory or a ``.tar.gz``."""
    if path.is_dir():
        return _walk(lambda: DirectorySource(path), course_key)
    try:
        with tarfile.open(path, mode="r:*") as archive:
            return _walk(lambda: TarSource(archive), course_key)
    except ARCHIVE_ERRORS as exc:
        return _failed(f"{path.name} is not a readable .tar.gz course export ({exc.__class__.__name__})")


def _failed(message: str) -> ReadResult:
    result = ReadResult()
    result.error("file", message)
    return result


# --- walking the course -----------------------------------------------------------------------


class _Walk:
    def __init__(self, source: ExportSource, exported_course: CourseLocator, course_key: CourseKey) -> None:
        self.source = source
        self.exported_course = exported_course
        self.course_key = course_key
        self.result = ReadResult()

    def children(self, element: etree._Element, tag: str, file: str) -> Iterator[tuple[str, str, etree._Element]]:
        """``(url_name, file it is defined in, definition)`` of each child ``<tag>``; broken ones are errors."""
        return olx_walk.children(self.source, element, tag, file, on_error=self.result.error)

    def key(self, block_type: str, url_name: str) -> str | None:
        """The block's usage key as the outline reader builds it, mapped into the target course."""
        try:
            key = self.exported_course.make_usage_key(block_type, url_name)
        except InvalidKeyError:
            return None
        return str(key.map_into_course(self.course_key))


def _walk(open_source: Callable[[], ExportSource], course_key: CourseKey) -> ReadResult:
    try:
        source = open_source()
        course = olx_walk.read_course(source)
    except ExportError as exc:
        return _failed(str(exc))
    walk = _Walk(source, course.key, course_key)
    for _, chapter_file, chapter in walk.children(course.definition, "chapter", course.file):
        for seq_name, seq_file, sequential in walk.children(chapter, "sequential", chapter_file):
            subtopic = walk.key("sequential", seq_name)
            for _, unit_file, vertical in walk.children(sequential, "vertical", seq_file):
                _unit(walk, vertical, unit_file, subtopic)
    return walk.result


def _unit(walk: _Walk, vertical: etree._Element, unit_file: str, subtopic: str | None) -> None:
    for child in vertical:
        if isinstance(child.tag, str) and child.tag in _CONTAINERS:
            walk.result.skipped.append(
                SkippedItem(
                    unit_file,
                    f"problems inside a <{child.tag}> ({child.get('url_name') or 'inline'}) are not imported; "
                    "import them from their own files",
                )
            )
    _problems(walk, vertical, unit_file, subtopic)
    for pool_tag in _PROBLEM_POOLS:
        for _, pool_file, pool in walk.children(vertical, pool_tag, unit_file):
            _problems(walk, pool, pool_file, subtopic)


def _problems(walk: _Walk, parent: etree._Element, parent_file: str, subtopic: str | None) -> None:
    """
    The ``<problem>`` children of a unit or of a problem pool in it (``library_content``, ``itembank``).

    A pool's problems are the course's own copies, with url_names of their own in the course (the
    platform derives them from the pool and the library block), so their usage keys are stable
    across exports and distinct from every other problem's: they are the external ids, as for a
    unit's problems.
    """
    for url_name, problem_file, problem in walk.children(parent, "problem", parent_file):
        external_id = walk.key("problem", url_name)
        location = problem_file if problem_file.startswith("problem/") else f"{problem_file}#{url_name}"
        if external_id is None:
            walk.result.error(
                location,
                gettext("url_name %(url_name)s does not make a valid usage key") % {"url_name": repr(url_name)},
            )
            continue
        for item in parse_problem_olx(etree.tostring(problem)):
            item_id = _part_id(external_id, item.part)
            if isinstance(item, ParsedProblem):
                walk.result.questions.append(_incoming(item, location, item_id, fields={"subtopic": subtopic}))
            else:
                walk.result.skipped.append(SkippedItem(location, item.reason, item_id, item.title))


def _part_id(external_id: str | None, part: int | None) -> str | None:
    """A split problem's questions are ``<usage key>#<part>``, so each re-imports onto itself."""
    if external_id is None or part is None:
        return external_id
    return f"{external_id}#{part}"


def _incoming(
    item: ParsedProblem,
    location: str,
    external_id: str | None,
    *,
    fields: dict[str, str | None],
    warnings: tuple[str, ...] | None = None,
) -> IncomingQuestion:
    """A parsed problem as a question; a problem file alone sets no subtopic (fields left as they are)."""
    return IncomingQuestion(
        location=location,
        external_id=external_id,
        question_type=item.question_type,
        body=item.body,
        fields=fields,
        title=item.title,
        warnings=item.warnings if warnings is None else warnings,
    )


def _usage_key(course_key: CourseKey, block_type: str, url_name: str) -> str | None:
    try:
        return str(course_key.make_usage_key(block_type, url_name))
    except InvalidKeyError:
        return None
