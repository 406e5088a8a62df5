"""
The REST API's OpenAPI document: served at ``/api-docs/`` by both hosts as by the LMS and Studio,
complete (every endpoint and method, each with its problem codes), valid, and the same as the
committed ``docs/openapi.yaml``.
"""

from __future__ import annotations

import re

import pytest
import yaml
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from openapi_spec_validator import OpenAPIV2SpecValidator

from tests.host.openapi import DEFAULT_PATH, openapi_yaml
from ve_edu_plugin import errors
from ve_edu_plugin.rest_api.v1 import urls as v1_urls

STABLE_CODES = {
    cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.VeEduError)
}
HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


@pytest.fixture(scope="module")
def document() -> dict:
    return yaml.safe_load(openapi_yaml())


def _v1_endpoints() -> dict[str, set[str]]:
    """Every ``/api/ve-edu/v1/`` route of the LMS host, as an OpenAPI path, with its view's methods."""
    found: dict[str, set[str]] = {}

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern).removeprefix("^")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/ve-edu/v1/"):
                view = pattern.callback.view_class  # type: ignore[attr-defined]  # set by View.as_view()
                path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).removeprefix("api/")
                found[path] = {m for m in HTTP_METHODS if hasattr(view, m)}

    walk(get_resolver("tests.host.urls_lms").url_patterns, "")
    return found


def test_committed_document_is_current():
    committed = DEFAULT_PATH.read_text(encoding="utf-8")
    assert committed == openapi_yaml(), "docs/openapi.yaml is stale: run `make openapi` and commit it"


def test_document_is_valid_swagger_2(document):
    errors_found = [error.message for error in OpenAPIV2SpecValidator(document).iter_errors()]
    assert errors_found == []


def test_every_endpoint_and_method_is_described(document):
    endpoints = _v1_endpoints()
    assert len(endpoints) == len(v1_urls.urlpatterns)  # the walk found every route of the v1 URL conf
    described = {path: set(operations) & HTTP_METHODS for path, operations in document["paths"].items()}
    assert described == endpoints


def test_every_operation_has_a_summary_a_success_and_its_problem_codes(document):
    problem_ref = "#/definitions/Problem"
    for path, operations in document["paths"].items():
        for method in set(operations) & HTTP_METHODS:
            operation = operations[method]
            assert operation["summary"], (path, method)
            statuses = {int(status) for status in operation["responses"]}
            assert any(200 <= status < 300 for status in statuses), (path, method)
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                assert response["schema"] == {"$ref": problem_ref}, (path, method, status)
                codes = set(re.findall(r"`(\w+)`", response["description"]))
                assert codes and codes <= STABLE_CODES, (path, method, status, codes)
            if path != "/ve-edu/v1/health/":
                assert {401, 403, 400} <= statuses, (path, method)
    problem = document["definitions"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail", "code", "request_id"}


def test_write_operations_document_their_body_and_throttling(document):
    question = document["paths"]["/ve-edu/v1/courses/{course_id}/questions/{question_id}/"]
    for method in ("put", "patch"):
        bodies = [p for p in question[method]["parameters"] if p["in"] == "body"]
        assert len(bodies) == 1 and "$ref" in bodies[0]["schema"]
        assert "`throttled`" in question[method]["responses"]["429"]["description"]
    created = document["paths"]["/ve-edu/v1/courses/{course_id}/questions/"]["post"]["responses"]
    assert "201" in created and "`invalid_request`" in created["400"]["description"]
    sync = document["paths"]["/ve-edu/v1/courses/{course_id}/outline/sync/"]["post"]["responses"]
    assert {"202", "409", "503"} <= set(sync)


@pytest.mark.parametrize("urlconf", ["tests.host.urls_lms", "tests.host.urls_cms"])
def test_hosts_serve_the_api_docs_like_the_platform(client, urlconf):
    with override_settings(ROOT_URLCONF=urlconf):
        page = client.get("/api-docs/")
        data = client.get("/swagger.json")
        ui_data = client.get("/api-docs/", {"format": "openapi"})  # what the Swagger UI page loads
    assert page.status_code == 200
    assert "swagger" in page.content.decode().lower()
    assert data.status_code == ui_data.status_code == 200
    assert ui_data.json()["paths"].keys() == data.json()["paths"].keys()
    paths = data.json()["paths"]
    assert "/ve-edu/v1/courses/{course_id}/questions/" in paths
    assert not any(".*" in path or path.endswith("/.") for path in paths)
