"""
Where an export's XML files come from: a directory or a ``.tar.gz`` read in memory.

An archive is never unpacked to disk and only the XML files asked for are read, each up to
:data:`MAX_XML_BYTES`; an archive with more than :data:`MAX_ARCHIVE_MEMBERS` entries, or whose
files add up to more than :data:`MAX_EXPORT_BYTES`, is refused while its headers are walked.
XML is parsed with entities, DTDs and network access off.
"""

from __future__ import annotations

import tarfile
import zlib
from pathlib import Path, PurePosixPath
from typing import Protocol

from lxml import etree

from ve_edu_plugin.i18n import gettext

#: An XML file of an export larger than this is refused (a problem file is a few kilobytes).
MAX_XML_BYTES = 10 * 1024 * 1024
#: An archive with more entries than this is refused (a large course has a few thousand).
MAX_ARCHIVE_MEMBERS = 100_000
#: An archive whose files add up to more than this is refused (a large course's export is tens of
#: megabytes), so a small gzip bomb is never expanded.
MAX_EXPORT_BYTES = 512 * 1024 * 1024
#: What reading a broken archive may raise.
ARCHIVE_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)
_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}


class ExportError(Exception):
    """The export itself is broken (a missing file, bad XML); the message is for the person importing.

    ``file`` is the export's file the problem is in, when it is not the one being walked.
    """

    def __init__(self, message: str, *, file: str | None = None) -> None:
        super().__init__(message)
        self.file = file


class ExportSource(Protocol):
    """The files of one export, by their path below the folder that holds ``course.xml``."""

    def has(self, relative: str) -> bool: ...

    def read(self, relative: str) -> bytes: ...


def _too_large(relative: str) -> ExportError:
    limit = MAX_XML_BYTES
    size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return ExportError(gettext("%(relative)s is larger than %(size)s") % {"relative": relative, "size": size})


class DirectorySource:
    """An unpacked export: ``course.xml`` at the top, or in the directory's one sub-folder that has it."""

    def __init__(self, directory: Path) -> None:
        self.root = directory if (directory / "course.xml").is_file() else _single_course_folder(directory)

    def _path(self, relative: str) -> Path | None:
        target = (self.root / relative).resolve()
        return target if self.root.resolve() in target.parents and target.is_file() else None

    def has(self, relative: str) -> bool:
        return self._path(relative) is not None

    def read(self, relative: str) -> bytes:
        target = self._path(relative)
        if target is None:
            raise ExportError(gettext("the export is missing %(relative)s") % {"relative": relative})
        if target.stat().st_size > MAX_XML_BYTES:
            raise _too_large(relative)
        return target.read_bytes()


def _single_course_folder(directory: Path) -> Path:
    candidates = [child for child in directory.iterdir() if (child / "course.xml").is_file()]
    if len(candidates) != 1:
        raise ExportError(gettext("the export has no course.xml (or more than one course)"))
    return candidates[0]


class TarSource:
    """Members are looked up by their path below the folder holding ``course.xml``."""

    def __init__(self, archive: tarfile.TarFile) -> None:
        self.archive = archive
        files: dict[PurePosixPath, tarfile.TarInfo] = {}
        total = 0
        for count, member in enumerate(archive, start=1):
            total += member.size
            if count > MAX_ARCHIVE_MEMBERS or total > MAX_EXPORT_BYTES:
                raise ExportError(
                    gettext("the archive expands to more than %(max_export_bytes)s MB or %(max_archive_members)s files")
                    % {
                        "max_export_bytes": MAX_EXPORT_BYTES // (1024 * 1024),
                        "max_archive_members": MAX_ARCHIVE_MEMBERS,
                    }
                )
            if member.isfile():
                files[PurePosixPath(member.name)] = member
        roots = [name.parent for name in files if name.name == "course.xml"]
        top = [root for root in roots if len(root.parts) == min(len(r.parts) for r in roots)] if roots else []
        if len(top) != 1:
            raise ExportError(gettext("the export has no course.xml (or more than one course)"))
        self.members = {
            str(name.relative_to(top[0])): member for name, member in files.items() if name.is_relative_to(top[0])
        }

    def has(self, relative: str) -> bool:
        return relative in self.members

    def read(self, relative: str) -> bytes:
        member = self.members.get(relative)
        if member is None:
            raise ExportError(gettext("the export is missing %(relative)s") % {"relative": relative})
        if member.size > MAX_XML_BYTES:
            raise _too_large(relative)
        handle = self.archive.extractfile(member)
        if handle is None:
            raise ExportError(gettext("%(relative)s cannot be read") % {"relative": relative})
        return handle.read()


def hardened_parser() -> etree.XMLParser:
    """An lxml parser that expands no entity, loads no DTD and reaches no network (one per parse)."""
    return etree.XMLParser(**_PARSER_OPTIONS)


def parse_xml(data: bytes, relative: str) -> etree._Element:
    """The root element of one XML file of the export, parsed with entities and network off."""
    try:
        return etree.fromstring(data, parser=hardened_parser())
    except etree.XMLSyntaxError as exc:
        raise ExportError(
            gettext("%(relative)s is not well-formed XML (%(exc)s)") % {"relative": relative, "exc": exc}
        ) from exc
