"""
Large imports done by a real Celery worker process sharing MariaDB, Redis and the upload storage
with the web process, as Studio and its workers do: the status URL goes from queued to done with
the report, or to failed with the problem, and a failed file writes nothing.
"""

from __future__ import annotations

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.curriculum.olx_builder import COURSE_ID
from tests.curriculum.test_celery_worker import send_to_worker, worker  # noqa: F401 -- the shared worker
from tests.questions.test_import_runs import IMPORT, _csv
from ve_edu_plugin.questions.models import Question

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _until_finished(client, url: str, worker_info, timeout: float = 120) -> tuple[dict, list[str]]:
    states: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get(url).json()
        states.append(status["state"])
        if status["state"] in ("done", "failed"):
            return status, states
        time.sleep(0.2)
    pytest.fail(f"the import did not finish; worker log:\n{worker_info['log'].read_text()[-3000:]}")


@pytest.fixture
def client(jwt_client, course_member):
    return jwt_client(course_member("teacher", COURSE_ID, "staff"))


def test_a_worker_imports_a_large_file_and_the_status_url_reports_it(client, send_to_worker, settings):  # noqa: F811
    settings.VE_EDU_IMPORT_TASK_BYTES = 1000
    response = client.post(IMPORT, {"file": SimpleUploadedFile("bank.csv", _csv(300))}, format="multipart")
    assert response.status_code == 202, response.content
    status, states = _until_finished(client, response.json()["status_url"], send_to_worker)
    assert status["state"] == "done", status
    assert status["report"]["counts"]["created"] == 300 and status["processed"] == status["total"] == 300
    assert Question.objects.filter(external_id__startswith="q").count() == 300
    assert "ve_edu_plugin.tasks.import_questions[" in send_to_worker["log"].read_text()
    assert set(states) <= {"queued", "running", "done"}


def test_a_worker_fails_a_file_with_one_bad_row_and_writes_nothing(client, send_to_worker, settings):  # noqa: F811
    settings.VE_EDU_IMPORT_TASK_BYTES = 1000
    response = client.post(IMPORT, {"file": SimpleUploadedFile("bank.csv", _csv(300, bad_row=299))}, format="multipart")
    status, _ = _until_finished(client, response.json()["status_url"], send_to_worker)
    assert status["state"] == "failed" and status["problem"]["code"] == "invalid_import"
    assert list(status["problem"]["field_errors"]) == ["row 300.answer"]
    assert not Question.objects.exists()
