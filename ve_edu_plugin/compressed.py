"""
Compressed uploads inflated under a cap, so a small bomb is refused before any work is done on it.

A 2 MB gzip can expand to 2 GB. Every gzip stream (a ``.csv.gz``, a course export ``.tar.gz``) and
every zip is first inflated chunk by chunk and thrown away, counting the bytes; the count stops at
:func:`expansion_limit` (an absolute cap, and a ratio to the compressed size above a floor), so
the check holds one chunk in memory and stops early on a bomb. Only then is the upload read for
real. Pure Python: the caps are arguments, the callers choose them.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"
#: Bytes inflated per step: what the check holds in memory at once.
CHUNK = 1024 * 1024
#: Expansion up to this is always allowed, whatever the ratio (a tiny file of repeated text is fine).
RATIO_FLOOR_BYTES = 64 * 1024 * 1024
#: Above the floor, an upload may expand at most this many times its compressed size (text and
#: course exports compress 5-30 times; a bomb of zeros about 1,000 times).
MAX_RATIO = 100


class ExpansionError(ValueError):
    """The upload inflates to more than ``limit`` bytes (or is not valid compressed data)."""

    def __init__(self, message: str, *, limit: int, expanded: int, too_large: bool = False) -> None:
        super().__init__(message)
        self.limit = limit
        self.expanded = expanded
        #: True: over the cap (413); False: the data is broken or not importable as it is (400).
        self.too_large = too_large


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


def is_zip(data: bytes) -> bool:
    return data[:4] == ZIP_MAGIC


def expansion_limit(compressed_size: int, *, max_bytes: int) -> int:
    """Most bytes ``compressed_size`` bytes may inflate to: ``max_bytes``, or less by the ratio."""
    return min(max_bytes, max(RATIO_FLOOR_BYTES, MAX_RATIO * compressed_size))


def check_gzip(stream: BinaryIO, *, limit: int) -> int:
    """
    Inflate every gzip member of ``stream`` without keeping it; return the expanded size.

    Raises ExpansionError as soon as more than ``limit`` bytes come out, or on a broken stream.
    """
    total = 0
    for chunk in _gunzip_chunks(stream, limit=limit):
        total += len(chunk)
    return total


def gunzip(data: bytes, *, limit: int) -> bytes:
    """The inflated content of a gzip file (every member), refused above ``limit`` bytes."""
    return b"".join(_gunzip_chunks(io.BytesIO(data), limit=limit))


def unzip_single(data: bytes, *, limit: int) -> tuple[str, bytes]:
    """
    The name and content of the one file a zip holds, each member inflated under ``limit`` in all.

    Sizes the zip declares are not trusted: members are inflated chunk by chunk and counted.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files = [info for info in archive.infolist() if not info.is_dir()]
            declared = sum(info.file_size for info in files)
            if declared > limit:
                raise _too_large(limit, declared)
            if len(files) != 1:
                raise ExpansionError(
                    f"the zip holds {len(files)} files; zip a single .json, .csv or .xml file "
                    "(a course export is a .tar.gz)",
                    limit=limit,
                    expanded=0,
                )
            parts: list[bytes] = []
            total = 0
            with archive.open(files[0]) as member:
                while chunk := member.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise _too_large(limit, total)
                    parts.append(chunk)
            return files[0].filename, b"".join(parts)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ExpansionError(f"the zip cannot be read: {exc}", limit=limit, expanded=0) from exc


def _gunzip_chunks(stream: BinaryIO, *, limit: int) -> Iterator[bytes]:
    """Inflated chunks of every gzip member of ``stream``, at most ``CHUNK`` bytes each."""
    total = 0
    inflater = zlib.decompressobj(wbits=31)
    pending = b""
    ended = False
    while True:
        if not pending and not ended:
            pending = stream.read(CHUNK)
            ended = not pending
        if inflater.eof:  # the next member of a multi-member gzip (``cat a.gz b.gz``), or zero padding
            pending = pending.lstrip(b"\x00")
            if not pending:
                if ended:
                    return
                continue
            inflater = zlib.decompressobj(wbits=31)
        try:
            out = inflater.decompress(pending, CHUNK)
        except zlib.error as exc:
            raise ExpansionError(f"the gzip data is broken: {exc}", limit=limit, expanded=total) from exc
        pending = inflater.unused_data if inflater.eof else inflater.unconsumed_tail
        total += len(out)
        if total > limit:
            raise _too_large(limit, total)
        if out:
            yield out
        elif ended and not pending and not inflater.eof:
            raise ExpansionError("the gzip data is truncated", limit=limit, expanded=total)


def _too_large(limit: int, expanded: int) -> ExpansionError:
    return ExpansionError(
        f"the upload expands to more than {limit // (1024 * 1024)} MB; refused before reading it",
        limit=limit,
        expanded=expanded,
        too_large=True,
    )
