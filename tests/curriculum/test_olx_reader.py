"""Reading the published outline from a course export, as Studio writes it."""

from __future__ import annotations

import pytest

from tests.curriculum.olx_builder import COURSE_ID, Chap, Seq, usage_key, write_export, write_tarball
from ve_edu_plugin.curriculum.olx_reader import read_olx_outline
from ve_edu_plugin.errors import InvalidCourseExportError

CHAPTERS = [
    Chap("algebra", "Algebra", [Seq("quadratics", "Quadratic equations"), Seq("simultaneous")]),
    Chap("notes", "Teacher notes", [Seq("notes_week1", "Week 1")], attrs={"visible_to_staff_only": "true"}),
    Chap("inline_ch", "Inline chapter", [Seq("bearings", "Bearings", attrs={"hide_from_toc": "true"})], inline=True),
]


def test_reads_sections_and_subsections_in_order_with_platform_usage_keys(tmp_path):
    outline = read_olx_outline(write_export(tmp_path, CHAPTERS))
    assert outline.course_key == COURSE_ID
    assert [s.usage_key for s in outline.sections] == [
        usage_key("chapter", "algebra"),
        usage_key("chapter", "notes"),
        usage_key("chapter", "inline_ch"),
    ]
    algebra = outline.sections[0]
    assert algebra.title == "Algebra"
    assert [(s.usage_key, s.title) for s in algebra.subsections] == [
        (usage_key("sequential", "quadratics"), "Quadratic equations"),
        (usage_key("sequential", "simultaneous"), "simultaneous"),
    ]


def test_visibility_flags_and_staff_only_inheritance(tmp_path):
    outline = read_olx_outline(write_export(tmp_path, CHAPTERS))
    notes, inline = outline.sections[1], outline.sections[2]
    assert notes.staff_only and notes.subsections[0].staff_only
    assert inline.subsections[0].hide_from_toc and not inline.subsections[0].staff_only


def test_drafts_are_ignored_and_tarballs_read_the_same(tmp_path):
    export = write_export(tmp_path / "export", CHAPTERS, drafts=True)
    from_dir = read_olx_outline(export)
    from_tar = read_olx_outline(write_tarball(export, tmp_path / "course.tar.gz"))
    assert from_dir == from_tar
    assert from_dir.subsection_count == 4


def test_policy_json_overrides_the_xml(tmp_path):
    export = write_export(tmp_path, CHAPTERS)
    (export / "policies" / "2026").mkdir(parents=True)
    (export / "policies" / "2026" / "policy.json").write_text('{"chapter/algebra": {"display_name": "Algebra II"}}')
    assert read_olx_outline(export).sections[0].title == "Algebra II"


def test_an_export_of_another_course_is_refused(tmp_path):
    export = write_export(tmp_path, CHAPTERS)
    with pytest.raises(InvalidCourseExportError, match="not of course-v1:Other"):
        read_olx_outline(export, expected_course_key="course-v1:Other+X+1")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda root: (root / "course.xml").unlink(), "no course.xml"),
        (lambda root: (root / "chapter" / "algebra.xml").unlink(), "missing chapter/algebra.xml"),
        (lambda root: (root / "sequential" / "quadratics.xml").write_text("<sequential"), "not well-formed"),
    ],
)
def test_broken_exports_are_clear_errors(tmp_path, damage, message):
    export = write_export(tmp_path, CHAPTERS)
    damage(export)
    with pytest.raises(InvalidCourseExportError, match=message):
        read_olx_outline(export)


def test_a_file_that_is_not_an_archive_is_refused(tmp_path):
    bogus = tmp_path / "course.tar.gz"
    bogus.write_text("not a tarball")
    with pytest.raises(InvalidCourseExportError, match="neither a directory nor"):
        read_olx_outline(bogus)
    with pytest.raises(InvalidCourseExportError, match="No course export"):
        read_olx_outline(tmp_path / "missing")


def test_the_outline_reader_has_the_import_limits(tmp_path, monkeypatch):
    """One hardened reader for both: size limits, and entities are never expanded."""
    from ve_edu_plugin.olx import sources

    export = write_export(tmp_path / "export", CHAPTERS)
    tarball = write_tarball(export, tmp_path / "course.tar.gz")
    monkeypatch.setattr(sources, "MAX_XML_BYTES", 40)
    with pytest.raises(InvalidCourseExportError, match=r"course.xml is larger than"):
        read_olx_outline(export)
    with pytest.raises(InvalidCourseExportError, match=r"course.xml is larger than"):
        read_olx_outline(tarball)
    monkeypatch.undo()
    secret = tmp_path / "secret.txt"
    secret.write_text("do-not-read")
    chapter = export / "chapter" / "algebra.xml"
    chapter.write_text(
        f'<!DOCTYPE chapter [<!ENTITY leak SYSTEM "file://{secret}">]>'
        '<chapter display_name="A &leak;"><sequential url_name="quadratics"/></chapter>'
    )
    with pytest.raises(InvalidCourseExportError, match="external entity") as refused:
        read_olx_outline(export)
    assert "do-not-read" not in str(refused.value)


def test_a_pointer_to_a_file_of_another_block_type_is_refused(tmp_path):
    export = write_export(tmp_path, CHAPTERS)
    (export / "chapter" / "algebra.xml").write_text('<vertical url_name="algebra"/>')
    with pytest.raises(InvalidCourseExportError, match=r"chapter/algebra.xml holds <vertical>, not <chapter>"):
        read_olx_outline(export)
