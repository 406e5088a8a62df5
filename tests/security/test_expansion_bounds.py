"""
Compressed uploads are inflated under a cap: a 2 MB gzip that expands to 2 GB is refused early,
holding one chunk in memory, with the problem code ``expands_too_much`` and nothing stored.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.curriculum.olx_builder import COURSE_ID
from ve_edu_plugin import compressed
from ve_edu_plugin.curriculum.olx_reader import read_olx_outline
from ve_edu_plugin.errors import InvalidCourseExportError
from ve_edu_plugin.questions.models import ImportRun, Question

IMPORT = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/import/"
MB = 1024 * 1024


@pytest.fixture
def staff(course_member):
    return course_member("teacher", COURSE_ID, "staff")


def _zeros_member() -> bytes:
    """One gzip member of 1 MB of zeros (about 1 KB)."""
    return gzip.compress(b"\0" * MB, compresslevel=9)


def _bomb(expanded_mb: int = 2048) -> bytes:
    """A valid multi-member gzip of ``expanded_mb`` MB of zeros: about 2 MB for 2 GB."""
    return _zeros_member() * expanded_mb


def _tar_bomb(expanded_mb: int = 2048) -> bytes:
    """A gzipped tar whose one member claims ``expanded_mb`` MB of zeros (a course export bomb)."""
    info = tarfile.TarInfo("course/course.xml")
    info.size = expanded_mb * MB
    return gzip.compress(info.tobuf(format=tarfile.USTAR_FORMAT)) + _bomb(expanded_mb)


def test_a_2_mb_gzip_of_2_gb_stops_early_with_little_memory():
    bomb = _bomb()
    assert len(bomb) < 3 * MB
    limit = compressed.expansion_limit(len(bomb), max_bytes=512 * MB)
    assert limit < 256 * MB, "the ratio cap applies long before 2 GB"
    tracemalloc.start()
    try:
        with pytest.raises(compressed.ExpansionError) as caught:
            compressed.check_gzip(io.BytesIO(bomb), limit=limit)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.too_large
    assert limit < caught.value.expanded <= limit + compressed.CHUNK, "stopped at the cap, not at 2 GB"
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB while checking"


def test_an_ordinary_gzip_inflates_whole_across_members():
    data = b"id,type,text,answer\n" * 1000
    assert compressed.gunzip(gzip.compress(data[:100]) + gzip.compress(data[100:]), limit=MB) == data
    assert compressed.check_gzip(io.BytesIO(gzip.compress(data)), limit=MB) == len(data)


def test_a_truncated_gzip_is_broken_not_too_large():
    with pytest.raises(compressed.ExpansionError) as caught:
        compressed.gunzip(gzip.compress(b"x" * 10_000)[:-12], limit=MB)
    assert not caught.value.too_large


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "make"),
    [("bank.csv.gz", _bomb), ("export.tar.gz", _tar_bomb)],
)
def test_a_gzip_bomb_upload_is_413_before_anything_is_stored(jwt_client, staff, settings, name, make):
    settings.VE_EDU_IMPORT_TASK_BYTES = 1024  # would otherwise go to a task: refused before storing
    response = jwt_client(staff).post(IMPORT, {"file": SimpleUploadedFile(name, make())}, format="multipart")
    assert response.status_code == 413, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "expands_too_much" and "expands to more than" in body["detail"]
    assert not ImportRun.objects.exists() and not Question.objects.exists()


@pytest.mark.django_db
def test_a_zip_bomb_upload_is_413(jwt_client, staff):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("bank.csv", b"\0" * (80 * MB))
    response = jwt_client(staff).post(
        IMPORT, {"file": SimpleUploadedFile("bank.zip", buffer.getvalue())}, format="multipart"
    )
    assert response.status_code == 413 and response.json()["code"] == "expands_too_much"


@pytest.mark.django_db
def test_gzipped_and_zipped_files_import_as_their_content(jwt_client, staff):
    csv = b"id,type,text,answer\nn1,numeric,How many sides has a square?,4\n"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("other.csv", csv.replace(b"n1,", b"n2,"))
    client = jwt_client(staff)
    for name, data in (("bank.csv.gz", gzip.compress(csv)), ("bank.zip", buffer.getvalue())):
        response = client.post(IMPORT, {"file": SimpleUploadedFile(name, data)}, format="multipart")
        assert response.status_code == 200, response.content
        assert response.json()["counts"]["created"] == 1
    assert sorted(str(ref) for ref in Question.objects.values_list("external_id", flat=True)) == ["n1", "n2"]


@pytest.mark.django_db
def test_a_zip_of_several_files_is_refused_clearly(jwt_client, staff):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.csv", b"id,type,text,answer\n")
        archive.writestr("b.csv", b"id,type,text,answer\n")
    response = jwt_client(staff).post(
        IMPORT, {"file": SimpleUploadedFile("x.zip", buffer.getvalue())}, format="multipart"
    )
    assert response.status_code == 400 and "holds 2 files" in response.json()["detail"]


def test_the_outline_reader_refuses_a_gzip_bomb_export(tmp_path):
    path = tmp_path / "export.tar.gz"
    path.write_bytes(_tar_bomb())
    with pytest.raises(InvalidCourseExportError, match="expands to more than"):
        read_olx_outline(path)
