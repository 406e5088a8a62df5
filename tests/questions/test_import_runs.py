"""
Imports above ``VE_EDU_IMPORT_TASK_BYTES`` run as a task (eagerly here): 202, a status URL, progress,
and at the end the report or problem the synchronous import gives; all or nothing; staff only.
"""

from __future__ import annotations

import gzip

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.curriculum.olx_builder import COURSE_ID
from ve_edu_plugin.management.commands import ve_edu_import_questions
from ve_edu_plugin.questions import api, bulk, import_runs
from ve_edu_plugin.questions.models import ImportRun, Question
from ve_edu_plugin.rest_api.v1.question_serializers import ImportReportSerializer

pytestmark = pytest.mark.django_db
IMPORT = f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/import/"
HEADER = "id,type,text,answer"


def _csv(rows: int, *, bad_row: int | None = None) -> bytes:
    lines = [HEADER]
    for n in range(1, rows + 1):
        answer = "" if n == bad_row else str(n)
        lines.append(f"q{n},numeric,What is {n} + 0?,{answer}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def small_threshold(settings):
    settings.VE_EDU_IMPORT_TASK_BYTES = 200
    return settings


@pytest.fixture
def client(jwt_client, staff):
    return jwt_client(staff)


def _post(client, data: bytes, name: str = "bank.csv", query: str = ""):
    return client.post(IMPORT + query, {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_a_large_file_is_accepted_with_a_status_url_and_imported_by_the_task(
    client, small_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _csv(30))
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["state"] == "queued" and body["report"] is None and body["problem"] is None
    assert response["Location"] == body["status_url"]
    assert body["status_url"].endswith(f"/questions/imports/{body['id']}/")

    status = client.get(body["status_url"]).json()
    assert status["state"] == "done"
    assert status["processed"] == status["total"] == 30
    assert status["report"]["counts"] == {"created": 30, "updated": 0, "unchanged": 0, "skipped": 0, "errors": 0}
    assert Question.objects.count() == 30
    run = ImportRun.objects.get(pk=body["id"])
    assert not default_storage.exists(run.upload), "the upload is deleted once read"


def test_a_small_file_is_still_imported_in_the_request(client, small_threshold):
    response = _post(client, _csv(1)[:150])
    assert response.status_code == 200 and response.json()["counts"]["created"] == 1
    assert not ImportRun.objects.exists()


def test_the_task_report_is_the_synchronous_report(course_key, synced, staff):
    report = api.import_questions(course_key, _csv(5), filename="bank.csv", author=staff)
    assert api.report_json(report) == ImportReportSerializer(report).data


def test_one_bad_row_fails_the_run_with_the_same_problem_and_writes_nothing(
    client, small_threshold, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _csv(30, bad_row=17))
    status = client.get(response.json()["status_url"]).json()
    assert status["state"] == "failed" and status["report"] is None
    problem = status["problem"]
    assert problem["code"] == "invalid_import" and problem["status"] == 400
    assert problem["type"] == "urn:ve-edu:problem:invalid_import"
    assert list(problem["field_errors"]) == ["row 18.answer"]
    assert not Question.objects.exists(), "all or nothing"

    small_threshold.VE_EDU_IMPORT_TASK_BYTES = None
    synchronous = _post(client, _csv(30, bad_row=17))
    assert synchronous.status_code == 400
    same = {key: synchronous.json()[key] for key in ("type", "code", "status", "title", "detail", "field_errors")}
    assert same == {key: problem[key] for key in same}


def test_a_dry_run_task_writes_nothing(client, small_threshold, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, _csv(12), query="?dry_run=true")
    status = client.get(response.json()["status_url"]).json()
    assert status["state"] == "done" and status["report"]["dry_run"] is True
    assert status["report"]["counts"]["created"] == 12 and not Question.objects.exists()


def test_a_compressed_upload_is_measured_inflated(client, small_threshold, django_capture_on_commit_callbacks):
    packed = gzip.compress(_csv(40))
    small_threshold.VE_EDU_IMPORT_TASK_BYTES = len(packed) + 1
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, packed, name="bank.csv.gz")
    assert response.status_code == 202
    assert client.get(response.json()["status_url"]).json()["report"]["counts"]["created"] == 40


def test_progress_is_visible_while_the_task_writes(course_key, synced, staff, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 40)
    run = api.start_import(course_key, _csv(250), filename="bank.csv", author=staff)
    seen: list[tuple[str, str, int, int | None]] = []
    note = import_runs._note_progress

    def note_and_look(run_id, stage, done, total):  # what a status request sees at each step
        note(run_id, stage, done, total)
        status = api.run_status(course_key, run_id)
        seen.append((status.state, status.stage, status.processed, status.total))

    monkeypatch.setattr(import_runs, "_note_progress", note_and_look)
    assert api.run_import(run.pk) == "done"
    writing = [entry for entry in seen if entry[1] == "writing"]
    assert all(state == "running" for state, *_ in seen)
    assert {entry[3] for entry in writing} == {250}
    assert writing[0][2] < 250 and writing[-1][2] == 250
    assert [entry[2] for entry in writing] == sorted(entry[2] for entry in writing)
    assert api.run_import(run.pk) == "done", "a task delivered twice does not import twice"
    assert Question.objects.count() == 250


@pytest.mark.parametrize("who", ["learner", "other_staff"])
def test_only_the_courses_staff_see_a_run(jwt_client, course_key, synced, staff, learner, course_member, who):
    run = api.start_import(course_key, _csv(3), author=staff)
    user = learner if who == "learner" else course_member("elsewhere", "course-v1:VE-EDU+OTHER+2026", "staff")
    response = jwt_client(user).get(f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/imports/{run.pk}/")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    other = jwt_client(staff).get(f"/api/ve-edu/v1/courses/course-v1:VE-EDU+OTHER+2026/questions/imports/{run.pk}/")
    assert other.status_code in (403, 404)


def test_a_learner_cannot_start_a_task_import(jwt_client, learner, small_threshold):
    response = _post(jwt_client(learner), _csv(30))
    assert response.status_code == 403 and not ImportRun.objects.exists()


def test_an_unknown_run_is_404(client, synced):
    response = client.get(f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/imports/999999/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_the_command_prints_progress_lines_for_a_big_file(tmp_path, synced, capsys, monkeypatch):
    monkeypatch.setattr(ve_edu_import_questions, "PROGRESS_FROM", 10)
    monkeypatch.setattr(bulk, "BATCH", 4)
    path = tmp_path / "bank.csv"
    path.write_bytes(_csv(40))
    call_command("ve_edu_import_questions", COURSE_ID, str(path))
    out = capsys.readouterr().out
    assert "  checking 40/40 (100%)" in out and "  writing 4/40 (10%)" in out and "  writing 40/40 (100%)" in out
    assert out.index("writing 40/40") < out.index("Imported csv")


def test_a_large_json_body_is_a_task_too(
    client, course_key, synced, small_threshold, django_capture_on_commit_callbacks
):
    for n in range(8):
        api.create_question(course_key, question_type="numeric", body={"text": f"<p>{n}?</p>", "value": n})
    document = api.export_questions(course_key)
    Question.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(IMPORT, document, format="json")
    assert response.status_code == 202, response.content
    status = client.get(response.json()["status_url"]).json()
    assert status["state"] == "done" and status["report"]["format"] == "json"
    assert status["report"]["counts"]["created"] == 8 and Question.objects.count() == 8
