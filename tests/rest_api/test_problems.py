"""Every error under /api/ve-edu/ is an RFC 7807 problem document with a stable code."""

from __future__ import annotations

import logging

import pytest
from django.urls import path
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ve_edu_plugin import errors
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin
from ve_edu_plugin.rest_api.problems import PROBLEM_CONTENT_TYPE, handle_exception


def _assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response["Content-Type"].startswith(PROBLEM_CONTENT_TYPE)
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith(code)
    assert body["title"] and body["detail"]
    return body


@pytest.mark.django_db
def test_unknown_url_under_the_rest_root_is_a_404_problem(api_client):
    _assert_problem(api_client.get("/api/ve-edu/v1/no-such-thing/"), 404, "not_found")


@pytest.mark.django_db
def test_missing_trailing_slash_is_named_in_the_detail(api_client):
    body = _assert_problem(api_client.post("/api/ve-edu/v1/health"), 404, "not_found")
    assert "trailing slash" in body["detail"]


@pytest.mark.django_db
def test_wrong_method_is_a_405_problem(api_client):
    _assert_problem(api_client.delete("/api/ve-edu/v1/health/"), 405, "method_not_allowed")


class _EchoView(ProblemErrorsMixin, APIView):
    def post(self, request: Request) -> Response:
        return Response(request.data)


class _BoomView(ProblemErrorsMixin, APIView):
    permission_classes = ()
    authentication_classes = ()

    def get(self, request: Request) -> Response:
        raise RuntimeError("secret internals: password=hunter2")


class _ConflictView(ProblemErrorsMixin, APIView):
    permission_classes = ()
    authentication_classes = ()

    def get(self, request: Request) -> Response:
        raise errors.ConflictError("The assessment is already finalised.")


urlpatterns = [
    path("echo/", _EchoView.as_view()),
    path("boom/", _BoomView.as_view()),
    path("conflict/", _ConflictView.as_view()),
]


@pytest.mark.django_db
@pytest.mark.urls("tests.rest_api.test_problems")
def test_malformed_json_is_a_400_with_code_malformed_request(api_client, make_user):
    api_client.force_authenticate(make_user("ada"))
    response = api_client.post("/echo/", data="{not json", content_type="application/json")
    _assert_problem(response, 400, "malformed_request")


@pytest.mark.django_db
@pytest.mark.urls("tests.rest_api.test_problems")
def test_anonymous_request_is_a_401_problem_with_an_authenticate_header(api_client):
    response = api_client.post("/echo/", data={}, format="json")
    _assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("JWT")


@pytest.mark.django_db
@pytest.mark.urls("tests.rest_api.test_problems")
def test_unexpected_exception_is_a_500_without_internals_and_is_logged_with_the_request_id(api_client, caplog):
    with caplog.at_level(logging.ERROR, logger="ve_edu_plugin.rest_api.problems"):
        response = api_client.get("/boom/", HTTP_X_REQUEST_ID="req-123")
    body = _assert_problem(response, 500, "internal_error")
    assert "hunter2" not in response.content.decode()
    assert "RuntimeError" not in response.content.decode()
    assert body["request_id"] == "req-123"
    assert any("req-123" in record.getMessage() for record in caplog.records)


@pytest.mark.django_db
@pytest.mark.urls("tests.rest_api.test_problems")
def test_domain_errors_keep_their_code_and_status(api_client):
    body = _assert_problem(api_client.get("/conflict/"), 409, "conflict")
    assert body["detail"] == "The assessment is already finalised."


def test_validation_errors_are_flattened_into_field_errors():
    from rest_framework.exceptions import ValidationError

    exc = ValidationError(
        {"body": {"choices": [{"text": ["This field is required."]}, {}]}, "difficulty": ["Too high"]}
    )
    response = handle_exception(exc, {})
    assert response.status_code == 400
    assert response.data["code"] == "invalid_request"
    assert response.data["field_errors"] == {
        "body.choices[0].text": ["This field is required."],
        "difficulty": ["Too high"],
    }


def test_every_error_class_has_a_distinct_stable_code():
    classes: list[type[errors.VeEduError]] = [errors.VeEduError, *errors.VeEduError.__subclasses__()]
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes))
    assert all(code.islower() and " " not in code for code in codes)


def _all_error_classes(cls: type[errors.VeEduError]) -> list[type[errors.VeEduError]]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _all_error_classes(child))]


def test_the_readme_lists_every_error_code():
    import importlib
    import re
    from pathlib import Path

    for module in ("body_errors", "transfer_data"):  # invalid_question_body, invalid_import
        importlib.import_module(f"ve_edu_plugin.questions.{module}")
    readme = (Path(__file__).resolve().parents[2] / "README.rst").read_text(encoding="utf-8")
    listed = readme.split("Stable error codes:", 1)[1].split("\n\n", 1)[0]
    codes = {cls.code for cls in _all_error_classes(errors.VeEduError)} - {"error"}
    assert codes <= set(re.findall(r"``([a-z_]+)``", listed))
