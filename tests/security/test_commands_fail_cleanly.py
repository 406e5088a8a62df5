"""The management commands on malformed input: a one-line ``CommandError`` (exit 1), no traceback."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.curriculum.olx_builder import COURSE_ID, grid, write_export

pytestmark = pytest.mark.django_db


def _truncated_archive(tmp_path: Path) -> Path:
    export = write_export(tmp_path / "export", grid(2, 2))
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        archive.add(export, arcname="course")
    path = tmp_path / "course.tar.gz"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    return path


def _not_gzip(tmp_path: Path) -> Path:
    path = tmp_path / "course.tar.gz"
    path.write_bytes(b"not an archive at all")
    return path


def _gzip_of_garbage(tmp_path: Path) -> Path:
    path = tmp_path / "course.tar.gz"
    path.write_bytes(gzip.compress(b"\x00garbage" * 100))
    return path


@pytest.mark.parametrize(
    "make_path",
    [lambda tmp: Path("/dev/null"), _truncated_archive, _not_gzip, _gzip_of_garbage],
    ids=["dev-null", "truncated", "not-gzip", "gzip-of-garbage"],
)
def test_sync_refuses_unreadable_exports_in_one_line(tmp_path, make_path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("ve_edu_sync_course", COURSE_ID, "--olx", str(make_path(tmp_path)))
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bank.json", b"[" * 5000 + b"]" * 5000),
        ("bank.json", b'{"format": "ve-edu-questions", "version": 1, "questions": [{"id": "\\ud800"}]}'),
        ("bank.csv", "id,type,subtopic,text,answer\nq,numeric,²,How many?,12\n".encode()),
        ("bank.xml", b"<problem><numericalresponse answer="),
        ("bank.xml", b"<problem></problem"),
        ("bank.csv", b"\xff\xfe\x00garbage"),
    ],
)
def test_import_refuses_malformed_files_in_one_line(tmp_path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as raised:
        call_command("ve_edu_import_questions", COURSE_ID, str(path))
    assert "\n" not in str(raised.value)


def test_import_refuses_dev_null_in_one_line() -> None:
    with pytest.raises(CommandError):
        call_command("ve_edu_import_questions", COURSE_ID, "/dev/null")


def test_sync_refuses_an_archive_expanding_past_the_bound_before_writing_it(tmp_path, monkeypatch) -> None:
    from ve_edu_plugin.olx import sources

    monkeypatch.setattr(sources, "MAX_EXPORT_BYTES", 1000)
    path = tmp_path / "bomb.tar.gz"
    with tarfile.open(path, mode="w:gz") as archive:
        info = tarfile.TarInfo("course/filler.bin")
        info.size = 1_000_000
        archive.addfile(info, io.BytesIO(b"\0" * info.size))
    assert path.stat().st_size < 10_000  # a small file that expands a thousandfold
    written: list[str] = []
    monkeypatch.setattr(tarfile.TarFile, "extractall", lambda self, *a, **k: written.append("extracted"))
    with pytest.raises(CommandError) as raised:
        call_command("ve_edu_sync_course", COURSE_ID, "--olx", str(path))
    assert "expands to more than" in str(raised.value) and not written
