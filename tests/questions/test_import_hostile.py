"""Imports of careless files: every problem is an import error naming its place, never a crash."""

from __future__ import annotations

import json

import pytest

from tests.questions.conftest import NUMERIC_BODY
from tests.questions.test_transfer import CSV_HEADER, _csv
from ve_edu_plugin.questions import api

pytestmark = pytest.mark.django_db


def _import_errors(course_key, content: bytes, filename: str) -> dict[str, list[str]]:
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, content, filename=filename)
    assert not api.Question.objects.exists()
    return caught.value.field_errors


def test_a_unicode_digit_subtopic_is_an_error_on_its_row(course_key, synced):
    errors = _import_errors(course_key, _csv("q-1,numeric,²,,,,,,,How many?,,,,,12,,,,,,,,"), "bank.csv")
    assert "row 2.subtopic" in errors, errors


def test_a_unicode_digit_correct_choice_is_an_error_on_its_row(course_key, synced):
    errors = _import_errors(course_key, _csv("q-1,single_choice,,,,,,,,Pick,2|3,²,,,,,,,,,,,"), "bank.csv")
    assert "row 2.correct" in errors, errors


def test_a_unicode_digit_subtopic_in_json_is_an_error_on_its_question(course_key, synced):
    document = {
        "format": "ve-edu-questions",
        "version": 1,
        "questions": [{"id": "q", "type": "numeric", "body": NUMERIC_BODY, "subtopic": "²"}],
    }
    errors = _import_errors(course_key, json.dumps(document).encode(), "bank.json")
    assert "questions[0].subtopic" in errors, errors


@pytest.mark.parametrize(
    "raw",
    [
        b'{"format": "ve-edu-questions", "version": 1, "questions": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b'{"format": "ve-edu-questions", "version": 1, "questions": [{"id": "\\ud800", "type": "numeric"}]}',
        b'{"format": "ve-edu-questions", "version": 1, "questions": [{"id": "q", "type": "numeric", '
        b'"body": {"text": "t", "value": NaN}}]}',
    ],
)
def test_hostile_json_files_are_import_errors(course_key, synced, raw: bytes):
    assert _import_errors(course_key, raw, "bank.json")


def test_csv_header_only_is_fine_and_unknown_columns_are_named(course_key, synced):
    errors = _import_errors(course_key, _csv("x", header=CSV_HEADER + ",colour"), "bank.csv")
    assert errors


def test_a_csv_with_thousands_of_columns_is_refused_before_its_header_is_read(course_key, synced):
    header = ",".join(f"c{n}" for n in range(50_000))
    errors = _import_errors(course_key, (header + "\n").encode(), "bank.csv")
    assert errors == {"columns": ["the header has 50000 columns; at most 100 are read"]}


def test_a_csv_over_the_row_bound_is_refused(course_key, synced, monkeypatch):
    from ve_edu_plugin.questions import transfer_csv

    monkeypatch.setattr(transfer_csv, "MAX_ROWS", 5)
    rows = [f"q-{n},numeric,,,,,,,,How many?,,,,,12,,,,,,,," for n in range(6)]
    errors = _import_errors(course_key, _csv(*rows), "bank.csv")
    assert errors["file"] == ["has more than 5 rows; split it into several imports"]


def test_error_bodies_list_the_first_hundred_errors_and_count_them_all(course_key, synced):
    rows = [f"q-{n},numeric,,9,,,,,,How many?,,,,,12,,,,,,,," for n in range(150)]
    with pytest.raises(api.QuestionImportError) as caught:
        api.import_questions(course_key, _csv(*rows), filename="bank.csv")
    assert caught.value.error_count == 150
    assert sum(len(messages) for messages in caught.value.field_errors.values()) == 100
    assert "150 errors" in caught.value.detail and "The first 100 are listed." in caught.value.detail
