"""OLX import of the problems inside a unit's randomised pools (``library_content``, ``itembank``)."""

from __future__ import annotations

import tarfile

import pytest

from tests.curriculum.olx_builder import grid, usage_key, write_export
from ve_edu_plugin.questions import api

pytestmark = pytest.mark.django_db

#: Child url_names as the split modulestore derives them for a library's copies (20 hex digits).
LIBRARY_CHILDREN = ("5f0b6c4a7e3d2a1b9c8d", "c2d9e8f7a6b5c4d3e2f1")
BANK_CHILD = "7d1c2e3f4a5b6c7d8e9f"


def _numeric(title: str, answer: int) -> str:
    return (
        f'<problem display_name="{title}" max_attempts="2">\n'
        f'  <numericalresponse answer="{answer}">\n'
        f"    <label>{title}?</label>\n"
        "    <formulaequationinput/>\n"
        "  </numericalresponse>\n"
        "</problem>\n"
    )


def _export_with_pools(root):
    """
    The 3 x 3 grid whose unit ch1_s0_v holds a problem, a legacy library's randomised block and a problem bank.

    Laid out as the platform's export writes them (``XmlMixin.add_xml_to_node`` and the pools'
    ``definition_to_xml``): the unit points at ``library_content/<url_name>.xml``, which carries the
    pool's settings and one ``<problem url_name=.../>`` pointer per copied child, each child in
    ``problem/<url_name>.xml``; a pool may hold other blocks (html) too. The problem bank is
    written inline here, as hand-written OLX may do.
    """
    write_export(root, grid(3, 3))
    (root / "problem").mkdir()
    (root / "library_content").mkdir()
    (root / "problem" / "unit_p.xml").write_text(_numeric("Unit problem", 3))
    for index, url_name in enumerate(LIBRARY_CHILDREN):
        (root / "problem" / f"{url_name}.xml").write_text(_numeric(f"Library problem {index}", 10 + index))
    (root / "library_content" / "pool_v1.xml").write_text(
        '<library_content display_name="Randomized Content Block" max_count="1"'
        ' source_library_id="library-v1:VE-EDU+ALGEBRA" source_library_version="65f1d2c3b4a5968778695a4b">\n'
        + "".join(f'  <problem url_name="{url_name}"/>\n' for url_name in LIBRARY_CHILDREN)
        + '  <html url_name="pool_note"/>\n'
        "</library_content>\n"
    )
    (root / "vertical" / "ch1_s0_v.xml").write_text(
        '<vertical display_name="Practice">\n'
        '  <problem url_name="unit_p"/>\n'
        '  <library_content url_name="pool_v1"/>\n'
        '  <itembank url_name="bank_v2" display_name="Problem Bank" max_count="1">\n'
        f'    <problem url_name="{BANK_CHILD}" display_name="Bank problem">\n'
        '      <stringresponse answer="Zomba" type="ci"><label>Old capital?</label><textline/></stringresponse>\n'
        "    </problem>\n"
        "  </itembank>\n"
        "</vertical>\n"
    )
    return root


def test_the_problems_of_library_content_and_item_banks_are_imported(tmp_path, course_key, synced):
    export = _export_with_pools(tmp_path / "export")
    report = api.import_questions_from_path(course_key, export)
    assert not report.skipped, report.skipped
    assert sorted((item.location, item.external_id) for item in report.created) == sorted(
        [
            ("problem/unit_p.xml", usage_key("problem", "unit_p")),
            *((f"problem/{name}.xml", usage_key("problem", name)) for name in LIBRARY_CHILDREN),
            (f"vertical/ch1_s0_v.xml#{BANK_CHILD}", usage_key("problem", BANK_CHILD)),
        ]
    )
    questions = list(api.list_questions(course_key))
    assert len(questions) == 4 and {question.subtopic_id for question in questions} == {synced["ch1_s0"]}
    titles = {item.title for item in report.created}
    assert titles == {"Unit problem", "Library problem 0", "Library problem 1", "Bank problem"}


def test_pool_problems_reimport_onto_themselves_from_a_tarball(tmp_path, course_key, synced):
    export = _export_with_pools(tmp_path / "export")
    first = api.import_questions_from_path(course_key, export)
    tarball = tmp_path / "export.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(export, arcname="course")
    again = api.import_questions(course_key, tarball.read_bytes())
    assert len(again.unchanged) == len(first.created) == 4 and not again.created and not again.updated


def test_a_pool_pointing_at_a_missing_file_is_an_export_error(tmp_path, course_key, synced):
    export = _export_with_pools(tmp_path / "export")
    (export / "library_content" / "pool_v1.xml").unlink()
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions_from_path(course_key, export)
    assert caught.value.field_errors == {
        "library_content/pool_v1.xml": ["the export is missing library_content/pool_v1.xml"]
    }
