"""Import and export: JSON round trip, CSV, Open edX OLX, all-or-nothing, idempotency, dry runs."""

from __future__ import annotations

import copy
import json
import shutil
import tarfile
from typing import Any

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.curriculum.olx_builder import COURSE_ID, grid, usage_key, write_export
from tests.questions.conftest import CHOICE_BODY, DEMO_COURSE, DEMO_COURSE_ID, NUMERIC_BODY, seq_key
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.questions import api
from ve_edu_plugin.questions.models import QuestionVersion
from ve_edu_plugin.questions.transfer import guess_format
from ve_edu_plugin.questions.transfer_csv import split_list

pytestmark = pytest.mark.django_db

CSV_HEADER = (
    "id,type,subtopic,difficulty,status,tags,exam_level,form,subject_code,text,choices,correct,feedback,"
    "partial_credit,answer,tolerance,case_sensitive,regexp,variables,samples,hints,solution,explanation"
)
CSV_ROWS = [
    f"alg-1,single_choice,{seq_key('ch0_s0')},2,published,algebra|form3,MSCE,3,MATH,"
    '<p>Solve x + 2 = 5</p>,2|3|7,b,"2 + 2 is 4|Yes|",,,,,,,,Subtract 2|Check,x = 3,',
    "alg-2,multiple_choice,,,,,,,,Which are even?,2|3|4,1|3,,halves,,,,,,,,,",
    "num-1,numeric,,,,,,,,Area of a 3 by 4 rectangle?,,,,,12,1%,,,,,,,",
    'num-2,numeric,,,,,,,,A number between 1 and 2,,,,,"[1, 2)",,,,,,,,',
    "txt-1,text,,,,,,,,Capital of Malawi?,,,,,Lilongwe|Lilongwe City,,false,,,,,,",
    "frm-1,formula,,,,,,,,Expand (x+1)^2,,,,,x^2+2*x+1,,,,x=1:5,10,,,",
]


def _body(question: api.Question) -> dict[str, Any]:
    """The body of the question's current version (every imported question has one)."""
    assert question.current_version is not None
    return question.current_version.body


def _csv(*rows: str, header: str = CSV_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def _create(course_key, body=CHOICE_BODY, question_type="single_choice", **fields):
    return api.create_question(course_key, question_type=question_type, body=body, fields=api.QuestionFields(**fields))


# --- JSON -------------------------------------------------------------------------------------


def test_export_lists_every_question_in_the_documented_shape(course_key, synced):
    first = _create(course_key, subtopic_id=synced["ch1_s2"], tags=["b", "a"], exam_level="MSCE", form=3)
    _create(course_key, NUMERIC_BODY, "numeric", external_id="area-1", status="retired")
    document = api.export_questions(course_key)
    assert document["format"] == "ve-edu-questions" and document["version"] == 1
    assert document["course_id"] == COURSE_ID
    entry, retired = document["questions"]
    assert entry == {
        "id": f"{COURSE_ID}#question-{first.id}",
        "type": "single_choice",
        "subtopic": seq_key("ch1_s2"),
        "difficulty": 3,
        "status": "draft",
        "tags": ["a", "b"],
        "exam_level": "MSCE",
        "form": 3,
        "subject_code": "",
        "body": api.validate_body("single_choice", CHOICE_BODY).to_dict(),
    }
    assert retired["id"] == "area-1" and retired["status"] == "retired" and retired["subtopic"] is None
    json.dumps(document)


def test_json_round_trips_into_an_empty_course_of_the_same_outline(tmp_path, course_key, synced):
    _create(course_key, subtopic_id=synced["ch0_s0"], tags=["algebra"], difficulty=2, status="published")
    _create(course_key, NUMERIC_BODY, "numeric", external_id="area-1", subject_code="MATH", form=4)
    olx_id = usage_key("problem", "p1")
    _create(course_key, NUMERIC_BODY, "numeric", external_id=olx_id, subtopic_id=synced["ch2_s1"])
    exported = api.export_questions(course_key)

    rerun = CourseKey.from_string("course-v1:VE-EDU+TEST101+2027")
    outline = write_export(tmp_path / "rerun", grid(3, 3), run="2027")
    curriculum_api.sync_course_outline(rerun, trigger="command", olx_path=str(outline))
    report = api.import_questions(rerun, json.dumps(exported).encode(), filename="bank.json")
    assert report.counts() == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 0}

    again = api.export_questions(rerun)
    assert again["course_id"] == str(rerun)
    assert again["questions"][1]["subtopic"] is None
    assert again["questions"][2]["id"] == usage_key("problem", "p1", run="2027"), "usage keys move to the rerun"

    def comparable(document):
        return [
            {**entry, "id": None, "subtopic": entry["subtopic"] and entry["subtopic"].replace("+2027+", "+2026+")}
            for entry in document["questions"]
        ]

    assert comparable(again) == comparable(exported)


def test_reimporting_an_export_changes_nothing_and_an_edit_adds_a_version(course_key, synced):
    editor_made = _create(course_key, subtopic_id=synced["ch0_s0"])
    _create(course_key, NUMERIC_BODY, "numeric", external_id="area-1")
    exported = api.export_questions(course_key)

    report = api.import_questions(course_key, exported)
    assert report.counts()["unchanged"] == 2 and not report.created and not report.updated
    assert api.Question.objects.count() == 2

    edited = copy.deepcopy(exported)
    edited["questions"][0]["body"]["choices"][2]["text"] = "8"
    edited["questions"][1]["difficulty"] = 5
    report = api.import_questions(course_key, edited)
    assert [(item.question_id, item.new_version) for item in report.updated] == [
        (editor_made.id, True),
        (editor_made.id + 1, False),
    ]
    assert QuestionVersion.objects.get(question=editor_made, number=1).body["choices"][2]["text"] == "7"
    version = api.get_question(course_key, editor_made.id).current_version
    assert version is not None and version.number == 2


def test_keys_left_out_keep_the_question_as_it_is(course_key, synced):
    question = _create(course_key, NUMERIC_BODY, "numeric", external_id="area-1", difficulty=4, tags=["x"], form=2)
    document = {
        "format": "ve-edu-questions",
        "version": 1,
        "questions": [{"id": "area-1", "type": "numeric", "body": NUMERIC_BODY, "form": None}],
    }
    report = api.import_questions(course_key, document)
    assert len(report.updated) == 1 and not report.updated[0].new_version
    question.refresh_from_db()
    assert (question.difficulty, question.form, [t.tag for t in question.tags.all()]) == (4, None, ["x"])


def test_invalid_json_questions_reject_the_whole_import_with_every_error(course_key, synced):
    bad_choice = copy.deepcopy(CHOICE_BODY)
    bad_choice["choices"][1]["correct"] = False
    document = {
        "format": "ve-edu-questions",
        "version": 1,
        "questions": [
            {"id": "ok", "type": "numeric", "body": NUMERIC_BODY},
            {"id": "q2", "type": "single_choice", "body": bad_choice, "difficulty": 9},
            {"id": "q3", "type": "numeric", "body": NUMERIC_BODY, "subtopic": seq_key("nowhere"), "colour": "red"},
            {"id": "ok", "type": "essay", "body": {}},
        ],
    }
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, document)
    errors = caught.value.field_errors
    assert errors["questions[1].body.choices"] == ["exactly one choice must be correct"]
    assert "questions[1].difficulty" in errors
    assert "questions[2].colour" in errors and "questions[2].subtopic" in errors
    assert "questions[3].type" in errors
    assert caught.value.status == 400 and caught.value.code == "invalid_import"
    assert not api.Question.objects.exists()


def test_a_bad_json_header_is_reported(course_key):
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, b'{"format": "other", "questions": {}}')
    assert set(caught.value.field_errors) == {"format", "version", "questions"}
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, b"{not json", filename="x.json")
    assert "file" in caught.value.field_errors


def test_repeated_ids_in_one_file_are_an_error(course_key, synced):
    entry = {"id": "same", "type": "numeric", "body": NUMERIC_BODY}
    document = {"format": "ve-edu-questions", "version": 1, "questions": [entry, entry]}
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, document)
    assert caught.value.field_errors == {"questions[1].id": ["repeats the id of questions[0]"]}


# --- CSV --------------------------------------------------------------------------------------


def test_csv_rows_become_questions_of_every_type(course_key, synced):
    report = api.import_questions(course_key, _csv(*CSV_ROWS), filename="bank.csv")
    assert report.format == "csv" and len(report.created) == 6
    by_id = {question.external_id: question for question in api.list_questions(course_key)}

    choice = by_id["alg-1"]
    assert _body(choice) == {
        "text": "<p>Solve x + 2 = 5</p>",
        "choices": [
            {"id": "a", "text": "2", "correct": False, "feedback": "2 + 2 is 4"},
            {"id": "b", "text": "3", "correct": True, "feedback": "Yes"},
            {"id": "c", "text": "7", "correct": False},
        ],
        "hints": ["Subtract 2", "Check"],
        "solution": "x = 3",
    }
    assert (choice.subtopic_id, choice.difficulty, choice.status) == (synced["ch0_s0"], 2, "published")
    assert (choice.exam_level, choice.form, choice.subject_code) == ("MSCE", 3, "MATH")
    assert sorted(tag.tag for tag in choice.tags.all()) == ["algebra", "form3"]

    checkboxes = _body(by_id["alg-2"])
    assert [c["correct"] for c in checkboxes["choices"]] == [True, False, True]
    assert checkboxes["partial_credit"] == "halves"
    assert _body(by_id["num-1"])["value"] == 12.0
    assert _body(by_id["num-1"])["tolerance"] == "1%"
    assert _body(by_id["num-2"])["range"] == "[1, 2)"
    assert _body(by_id["txt-1"])["alternatives"] == ["Lilongwe", "Lilongwe City"]
    formula = _body(by_id["frm-1"])
    assert (formula["expected"], formula["variables"], formula["samples"]) == ("x^2+2*x+1", {"x": [1.0, 5.0]}, 10)
    assert (by_id["num-1"].difficulty, by_id["num-1"].status, by_id["num-1"].subtopic_id) == (3, "draft", None)


def test_a_bad_csv_row_rejects_the_whole_file_naming_row_and_column(course_key, synced):
    rows = [
        CSV_ROWS[0],
        "bad-1,single_choice,,,,,,,,Pick one,2|3,z,,,,,,,,,,,",
        "bad-2,numeric,,6,,,,,,How many?,,,,,,,,,,,,,",
        "bad-3,text,,,,,,,,Say hi,1|2,,,,hi,,,,,,,,",
        CSV_ROWS[2],
    ]
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, _csv(*rows), filename="bank.csv")
    errors = caught.value.field_errors
    assert "row 3.correct" in errors, errors
    assert "row 4.answer" in errors and "row 4.difficulty" in errors
    assert errors["row 5.choices"] == ["not used by text questions; leave it empty"]
    assert not any(path.startswith(("row 2", "row 6")) for path in errors)
    assert not api.Question.objects.exists()


def test_importing_the_same_csv_twice_updates_nothing(course_key, synced):
    api.import_questions(course_key, _csv(*CSV_ROWS), filename="bank.csv")
    modified = {question.id: question.modified for question in api.list_questions(course_key)}
    again = api.import_questions(course_key, _csv(*CSV_ROWS), filename="bank.csv")
    assert again.counts() == {"created": 0, "updated": 0, "unchanged": 6, "skipped": 0, "errors": 0}
    assert {question.id: question.modified for question in api.list_questions(course_key)} == modified
    assert QuestionVersion.objects.count() == 6


def test_csv_columns_left_out_keep_fields_and_empty_cells_mean_defaults(course_key, synced):
    api.import_questions(course_key, _csv(CSV_ROWS[0]), filename="bank.csv")
    slim = "id,type,text,choices,correct,feedback,hints,solution\n" + (
        'alg-1,single_choice,<p>Solve x + 2 = 5</p>,2|3|7,b,"2 + 2 is 4|Yes|",Subtract 2|Check,x = 3\n'
    )
    report = api.import_questions(course_key, slim.encode(), filename="slim.csv")
    assert len(report.unchanged) == 1
    emptied = "id,type,text,choices,correct,difficulty,tags\nalg-1,single_choice,<p>Solve x + 2 = 5</p>,2|3|7,b,,\n"
    report = api.import_questions(course_key, emptied.encode(), filename="emptied.csv")
    assert len(report.updated) == 1 and report.updated[0].new_version, "the feedback and hints were dropped"
    question = api.list_questions(course_key).get()
    assert (question.difficulty, question.tags.count(), question.status) == (3, 0, "published")


def test_unknown_and_missing_csv_columns_are_errors(course_key):
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, b"id,dificulty,type\n1,2,numeric\n", filename="x.csv")
    messages = caught.value.field_errors["columns"]
    assert any("dificulty" in message for message in messages)
    assert any("'text'" in message for message in messages)


def test_an_unknown_column_is_reported_with_every_invalid_row(course_key, synced):
    header = CSV_HEADER + ",dificulty,text"
    rows = [
        CSV_ROWS[0] + ",2,ignored",
        "bad-1,single_choice,,,,,,,,Pick one,2|3,z,,,,,,,,,,,,4,",
        "bad-2,numeric,,6,,,,,,How many?,,,,,,,,,,,,,,,",
    ]
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, _csv(*rows, header=header), filename="bank.csv")
    errors = caught.value.field_errors
    assert any("'dificulty'" in message for message in errors["columns"]), errors
    assert any("repeated columns: text" in message for message in errors["columns"]), errors
    assert "row 3.correct" in errors and "row 4.answer" in errors and "row 4.difficulty" in errors, errors
    assert not any(path.startswith("row 2") for path in errors), "the unknown column's cells are not read"
    assert not api.Question.objects.exists()


def test_csv_lists_keep_escaped_bars():
    assert split_list(r"\|x\| > 2|x = 1|a\\b") == ["|x| > 2", "x = 1", "a\\b"]
    assert split_list("") == [""]


def test_a_dry_run_reports_and_writes_nothing(course_key, synced):
    report = api.import_questions(course_key, _csv(*CSV_ROWS), filename="bank.csv", dry_run=True)
    assert report.dry_run and len(report.created) == 6
    assert all(item.question_id is None for item in report.created)
    assert not api.Question.objects.exists()


# --- OLX --------------------------------------------------------------------------------------

PROBLEM = """<problem display_name="Area">
  <numericalresponse answer="12">
    <label>Area of a 3 by 4 rectangle?</label>
    <responseparam type="tolerance" default="1%"/>
    <formulaequationinput/>
  </numericalresponse>
</problem>"""


def test_one_problem_file_is_keyed_by_its_file_name(course_key, synced):
    report = api.import_questions(course_key, PROBLEM.encode(), filename="area_practice.xml")
    assert report.format == "olx"
    (created,) = report.created
    assert created.external_id == usage_key("problem", "area_practice") and created.title == "Area"
    assert created.question_id is not None
    question = api.get_question(course_key, created.question_id)
    assert _body(question)["value"] == "12" and question.subtopic_id is None
    again = api.import_questions(course_key, PROBLEM.encode(), filename="area_practice.xml")
    assert len(again.unchanged) == 1


def test_an_unsupported_problem_is_skipped_with_its_reason(course_key):
    custom = '<problem display_name="Custom"><customresponse cfn="f"><textline/></customresponse></problem>'
    report = api.import_questions(course_key, custom.encode(), filename="custom.xml")
    (skipped,) = report.skipped
    assert skipped.title == "Custom" and "customresponse" in skipped.reason
    assert not report.created and not api.Question.objects.exists()


def _export_with_problems(root, run="2026"):
    """The 3 x 3 grid with problems in unit ch0_s1_v: a pointer, an inline one, a container; a draft."""
    write_export(root, grid(3, 3), run=run)
    (root / "problem").mkdir()
    (root / "problem" / "pointer_p.xml").write_text(PROBLEM)
    (root / "vertical" / "ch0_s1_v.xml").write_text(
        '<vertical display_name="Unit">\n'
        '  <html url_name="intro"/>\n'
        '  <problem url_name="pointer_p"/>\n'
        '  <problem url_name="inline_p" display_name="Inline">\n'
        '    <stringresponse answer="Lilongwe" type="ci">\n'
        "      <label>Capital of Malawi?</label><textline/>\n"
        "    </stringresponse>\n"
        "  </problem>\n"
        '  <split_test url_name="ab"/>\n'
        "</vertical>\n"
    )
    (root / "drafts" / "problem").mkdir(parents=True)
    (root / "drafts" / "problem" / "draft_p.xml").write_text(PROBLEM)
    return root


def test_a_course_export_attaches_each_problem_to_its_subsection(tmp_path, course_key, synced):
    export = _export_with_problems(tmp_path / "export")
    report = api.import_questions_from_path(course_key, export)
    assert [(item.location, item.external_id) for item in report.created] == [
        ("problem/pointer_p.xml", usage_key("problem", "pointer_p")),
        ("vertical/ch0_s1_v.xml#inline_p", usage_key("problem", "inline_p")),
    ]
    assert {q.subtopic_id for q in api.list_questions(course_key)} == {synced["ch0_s1"]}
    (container,) = report.skipped
    assert container.location == "vertical/ch0_s1_v.xml" and "split_test" in container.reason

    tarball = tmp_path / "export.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(export, arcname="course")
    assert len(api.import_questions(course_key, tarball.read_bytes()).unchanged) == 2


def test_an_export_of_another_run_lands_on_this_runs_subtopics(tmp_path, course_key, synced):
    export = _export_with_problems(tmp_path / "export", run="2025")
    report = api.import_questions_from_path(course_key, export)
    assert report.created[0].external_id == usage_key("problem", "pointer_p")
    first = api.list_questions(course_key).first()
    assert first is not None and first.subtopic_id == synced["ch0_s1"]


def test_problems_of_unsynced_subsections_reject_the_import(tmp_path, course_key):
    export = _export_with_problems(tmp_path / "export")
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions_from_path(course_key, export)
    assert set(caught.value.field_errors) == {
        "problem/pointer_p.xml.subtopic",
        "vertical/ch0_s1_v.xml#inline_p.subtopic",
    }
    assert "is the outline synced?" in caught.value.field_errors["problem/pointer_p.xml.subtopic"][0]


def test_a_broken_export_is_reported(tmp_path, course_key, synced):
    export = _export_with_problems(tmp_path / "export")
    (export / "problem" / "pointer_p.xml").unlink()
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions_from_path(course_key, export)
    assert caught.value.field_errors == {"problem/pointer_p.xml": ["the export is missing problem/pointer_p.xml"]}
    with pytest.raises(api.QuestionImportError):
        api.import_questions(course_key, b"\x1f\x8bnot really gzip")


@pytest.fixture
def demo_course(tmp_path):
    key = CourseKey.from_string(DEMO_COURSE_ID)
    curriculum_api.sync_course_outline(key, trigger="command", olx_path=str(DEMO_COURSE))
    return key


def test_the_demo_course_imports_what_it_can_and_says_why_not_for_the_rest(demo_course):
    report = api.import_questions_from_path(demo_course, DEMO_COURSE)
    locations = {item.location for item in report.created} | {item.location for item in report.skipped}
    assert len(locations) == 11, "every problem is accounted for"
    reasons = {item.location: item.reason for item in report.skipped}
    assert set(reasons) == {"problem/commercial_exchange_rates_practice.xml"}
    assert "customresponse" in reasons["problem/commercial_exchange_rates_practice.xml"]
    assert len(report.created) == 17, "problems with two questions are split into two"
    parts = [item.external_id for item in report.created if item.location == "problem/trig_ratios_practice.xml"]
    assert parts == [
        "block-v1:VE-EDU+MATH34+2026+type@problem+block@trig_ratios_practice#1",
        "block-v1:VE-EDU+MATH34+2026+type@problem+block@trig_ratios_practice#2",
    ]
    created = {item.location: item for item in report.created}
    assert set(created) >= {"problem/algebra_inequalities_practice.xml", "problem/graphs_linear_practice.xml"}

    question_id = created["problem/algebra_inequalities_practice.xml"].question_id
    assert question_id is not None
    question = api.get_question(demo_course, question_id)
    assert question.subtopic is not None
    assert str(question.subtopic.usage_key) == "block-v1:VE-EDU+MATH34+2026+type@sequential+block@algebra_inequalities"
    assert question.external_id == "block-v1:VE-EDU+MATH34+2026+type@problem+block@algebra_inequalities_practice"

    again = api.import_questions_from_path(demo_course, DEMO_COURSE)
    assert len(again.unchanged) == len(report.created) and not again.created and not again.updated


def test_the_demo_course_as_a_tarball(tmp_path, demo_course):
    copy_dir = tmp_path / "demo"
    shutil.copytree(DEMO_COURSE, copy_dir)
    tarball = tmp_path / "demo.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(copy_dir, arcname="course")
    report = api.import_questions_from_path(demo_course, tarball, dry_run=True)
    assert len({item.location for item in report.created} | {item.location for item in report.skipped}) == 11
    assert len(report.created) == 17
    assert not api.Question.objects.exists()


# --- formats ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filename", "data", "expected"),
    [
        ("bank.json", b"", "json"),
        ("bank.CSV", b"", "csv"),
        ("p.xml", b"", "olx"),
        ("export.tar.gz", b"", "olx"),
        ("", b'\xef\xbb\xbf {"format": 1}', "json"),
        ("", b"<problem/>", "olx"),
        ("", b"\x1f\x8b\x08", "olx"),
        ("", b"id,type,text\n", "csv"),
    ],
)
def test_the_format_is_guessed_from_the_name_then_the_content(filename, data, expected):
    assert guess_format(filename=filename, data=data) == expected


def test_an_unknown_format_or_unreadable_path_is_an_invalid_request(tmp_path, course_key):
    with pytest.raises(InvalidRequestError) as caught:
        api.import_questions(course_key, b"x", file_format="xlsx")
    assert "format" in caught.value.field_errors
    with pytest.raises(InvalidRequestError, match="Cannot read"):
        api.import_questions_from_path(course_key, tmp_path / "missing.csv")


def test_the_demo_question_bank_imports_cleanly_and_exports_back(demo_course):
    bank = DEMO_COURSE.parent / "questions.json"
    report = api.import_questions_from_path(demo_course, bank)
    document = json.loads(bank.read_text())
    assert len(report.created) == len(document["questions"]) and not report.skipped
    assert len(api.import_questions_from_path(demo_course, bank).unchanged) == len(document["questions"])
    exported = api.export_questions(demo_course)
    assert [entry["id"] for entry in exported["questions"]] == [entry["id"] for entry in document["questions"]]
    assert exported == document
