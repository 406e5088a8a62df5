"""
Uploaded files made ready to read: compressed ones inflated under a cap before anything parses them.

A zip holding one file and a gzipped file are inflated, chunk by chunk, under a cap on bytes and on
the ratio to the upload's size; a ``.tar.gz`` course export is inflated once and thrown away (the
archive reader streams it again later). A small bomb therefore costs a bounded, early refusal with
the problem code ``expands_too_much`` (see ``ve_edu_plugin/compressed.py``).
"""

from __future__ import annotations

import io
import zlib

from ve_edu_plugin import compressed
from ve_edu_plugin.errors import ExpandsTooMuchError, InvalidRequestError
from ve_edu_plugin.olx.sources import MAX_EXPORT_BYTES

#: Largest file an import reads, and largest a compressed single file may inflate to.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def expanded_size(content: bytes) -> int:
    """Bytes the upload holds once inflated (its size when it is not compressed); refused above the cap."""
    try:
        if compressed.is_zip(content):
            return len(compressed.unzip_single(content, limit=_zip_limit(content))[1])
        if compressed.is_gzip(content):
            return compressed.check_gzip(io.BytesIO(content), limit=_gzip_limit(content))
    except compressed.ExpansionError as exc:
        if exc.too_large or compressed.is_zip(content):
            raise _refused(exc) from exc  # broken gzip: the reader reports it as an invalid file
    return len(content)


def inflated(content: bytes, filename: str) -> tuple[bytes, str]:
    """A zip's one file, or a gzipped file, inflated; a ``.tar.gz`` checked and returned as it is."""
    try:
        if compressed.is_zip(content):
            name, inner_content = compressed.unzip_single(content, limit=_zip_limit(content))
            return inner_content, name
        if not compressed.is_gzip(content):
            return content, filename
        limit = _gzip_limit(content)
        compressed.check_gzip(io.BytesIO(content), limit=limit)  # holds one chunk: a bomb stops here
        if gzipped_tar(content):
            return content, filename  # the archive reader streams it
        inner = filename[:-3] if filename.lower().endswith(".gz") else filename
        return compressed.gunzip(content, limit=limit), inner
    except compressed.ExpansionError as exc:
        if exc.too_large or compressed.is_zip(content):
            raise _refused(exc) from exc
        return content, filename  # broken gzip: the archive reader reports it as an invalid file


def gzipped_tar(content: bytes) -> bool:
    """The first inflated block of a gzip is a tar header (a course export), not a plain file."""
    try:
        head = zlib.decompressobj(wbits=31).decompress(content[:65536], 512)
    except zlib.error:
        return False
    return head[257:262] == b"ustar"


def _zip_limit(content: bytes) -> int:
    return compressed.expansion_limit(len(content), max_bytes=MAX_UPLOAD_BYTES)


def _gzip_limit(content: bytes) -> int:
    """A course export may inflate to what the archive reader allows; a single file to an upload's size."""
    cap = MAX_EXPORT_BYTES if gzipped_tar(content) else MAX_UPLOAD_BYTES
    return compressed.expansion_limit(len(content), max_bytes=cap)


def _refused(exc: compressed.ExpansionError) -> Exception:
    if exc.too_large:
        return ExpandsTooMuchError(f"The upload cannot be imported: {exc}.")
    return InvalidRequestError(f"The upload cannot be imported: {exc}.", field_errors={"file": [str(exc)]})
