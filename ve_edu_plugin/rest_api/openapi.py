"""
What the plugin's REST views tell the LMS's and Studio's ``/api-docs/`` (edx-api-doc-tools).

Open edX describes its APIs with edx-api-doc-tools' decorators (drf-yasg underneath) and serves
the whole ``/api/`` tree at ``/api-docs/``; the plugin's views carry the same decorators, so they
are listed there beside the platform's. Each operation names the problem codes it can return:
every error body is the one ``Problem`` definition, and a response's description lists the
stable ``code`` values from :mod:`ve_edu_plugin.errors` that share its status.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from edx_api_doc_tools import make_api_info, openapi, path_parameter, query_parameter, schema
from rest_framework import serializers

from ve_edu_plugin import errors

#: The title, version and description the docs show for the plugin's own document.
API_INFO = make_api_info(
    title="ve-edu-plugin REST API",
    version="v1",
    email="oscm@openedx.org",
    description=(
        "Mastery-based adaptive practice: the curriculum outline, the question bank, learners' mastery "
        "and attempts. Every error is an RFC 7807 problem document (application/problem+json) whose "
        "`code` is stable."
    ),
)


class ProblemSerializer(serializers.Serializer):
    """The body of every error (``problems.problem_body``): one definition the operations refer to."""

    type = serializers.CharField(help_text="urn:ve-edu:problem:<code>")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(help_text="Stable; clients may branch on it.")
    request_id = serializers.CharField()
    field_errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors by field, row or path (invalid_request only).",
    )

    class Meta:
        ref_name = "Problem"


#: What any view of the plugin can answer, whatever it does: a body that is not JSON or too deep,
#: a media type it does not read or write, the plugin's own failure.
COMMON: tuple[type[errors.VeEduError], ...] = (
    errors.MalformedRequestError,
    errors.MethodNotAllowedError,
    errors.NotAcceptableError,
    errors.UnsupportedMediaTypeError,
    errors.InternalError,
)
#: A signed-in caller's request about one course: refused before the view runs.
SIGNED_IN: tuple[type[errors.VeEduError], ...] = (
    errors.NotAuthenticatedError,
    errors.PermissionDeniedError,
    errors.InvalidCourseKeyError,
)
#: A write counted against a ``VE_EDU_RATE_LIMITS`` scope.
WRITE: tuple[type[errors.VeEduError], ...] = (errors.ThrottledError, errors.InvalidRequestError)

COURSE_ID = path_parameter("course_id", str, "The course's id, e.g. course-v1:MW+MATH-F2+2026.")
NODE_ID = path_parameter("node_id", int, "The topic's or subtopic's id in the outline.")
QUESTION_ID = path_parameter("question_id", int, "The question's id in the course's bank.")
PAGE = query_parameter("page", int, "Page number, from 1.")
PAGE_SIZE = query_parameter("page_size", int, "Items per page (at most 100; default 20).")


def problems(*raised: type[errors.VeEduError]) -> dict[int, openapi.Response]:
    """The error responses of an operation: one per status, naming every code with that status."""
    codes: dict[int, list[str]] = defaultdict(list)
    for error in (*raised, *COMMON):
        if error.code not in codes[error.status]:
            codes[error.status].append(error.code)
    return {
        status: openapi.Response(
            description="Problem document; code: " + ", ".join(f"`{code}`" for code in sorted(names)),
            schema=ProblemSerializer,
        )
        for status, names in sorted(codes.items())
    }


def responses(ok: int, body: Any, *raised: type[errors.VeEduError], description: str = "OK") -> dict[int, Any]:
    """The success response ``ok`` with ``body`` (a serializer or schema) and the problems."""
    return {ok: openapi.Response(description=description, schema=body), **problems(*raised)}


def course_operation(
    summary: str,
    body: Any,
    *raised: type[errors.VeEduError],
    ok: int = 200,
    parameters: Sequence[openapi.Parameter] = (),
    request: Any = None,
    description: str = "OK",
) -> Callable[[Any], Any]:
    """
    The schema of a view method that acts on one course: the course id in the path, then
    ``parameters``; the answer ``ok`` with ``body``; the problems of any signed-in caller's request
    about a course, and ``raised``. ``request`` describes the body the method reads.
    """
    return schema(
        summary=summary,
        body=request,
        parameters=[COURSE_ID, *parameters],
        responses=responses(ok, body, *SIGNED_IN, *raised, description=description),
    )


def question_operation(
    summary: str,
    body: Any,
    *raised: type[errors.VeEduError],
    parameters: Sequence[openapi.Parameter] = (),
    **options: Any,
) -> Callable[[Any], Any]:
    """
    ``course_operation`` of a view method on one question of the course's bank: the question's id
    in the path, and ``not_found`` when the course has no such question.
    """
    return course_operation(
        summary, body, errors.NotFoundError, *raised, parameters=[QUESTION_ID, *parameters], **options
    )


def accepted(body: Any, description: str) -> dict[int, Any]:
    """A 202 response with ``body``: the work goes on in a task."""
    return {202: openapi.Response(description=description, schema=body)}


def obj(**properties: openapi.Schema) -> openapi.Schema:
    """An object schema of ``properties`` (for responses no serializer describes)."""
    return openapi.Schema(type=openapi.TYPE_OBJECT, properties=properties)


_JSON_TYPES = {
    bool: openapi.TYPE_BOOLEAN,
    int: openapi.TYPE_INTEGER,
    float: openapi.TYPE_NUMBER,
    str: openapi.TYPE_STRING,
}


def shape(typed: Any, names: str = "", **given: openapi.Schema) -> openapi.Schema:
    """
    An object schema of a response's ``TypedDict`` or dataclass (the one shape the code returns),
    so the document and the code cannot list different keys. Unions with ``None`` are nullable.

    ``names`` (separated by white space) pick and order the properties when a response shows part
    of the type; ``given`` are properties the type does not hold, or holds too loosely to describe.
    """
    hints = typing.get_type_hints(typed)
    return obj(**{name: given[name] if name in given else _schema_of(hints[name]) for name in names.split() or hints})


def _schema_of(hint: Any) -> openapi.Schema:
    members = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    nullable = len(members) < len(typing.get_args(hint))
    plain = members[0] if nullable and len(members) == 1 else hint
    extra = {"x_nullable": True} if nullable else {}
    if typing.get_origin(plain) is list:
        return openapi.Schema(type=openapi.TYPE_ARRAY, items=_schema_of(typing.get_args(plain)[0]), **extra)
    if plain is datetime:
        return openapi.Schema(type=openapi.TYPE_STRING, format=openapi.FORMAT_DATETIME, **extra)
    return openapi.Schema(type=_JSON_TYPES.get(plain, openapi.TYPE_OBJECT), **extra)


def page_of(results: openapi.Schema) -> openapi.Schema:
    """A page of the standard pagination (``?page=&page_size=``) whose ``results`` are ``results``."""
    return obj(count=INTEGER, next=NULLABLE_STRING, previous=NULLABLE_STRING, results=results)


def array_of(items: openapi.Schema) -> openapi.Schema:
    """An array schema of ``items``."""
    return openapi.Schema(type=openapi.TYPE_ARRAY, items=items)


STRING = openapi.Schema(type=openapi.TYPE_STRING)
INTEGER = openapi.Schema(type=openapi.TYPE_INTEGER)
ANY_OBJECT = openapi.Schema(type=openapi.TYPE_OBJECT, additional_properties=True)
NULLABLE_STRING = openapi.Schema(type=openapi.TYPE_STRING, x_nullable=True)
BOOLEAN = openapi.Schema(type=openapi.TYPE_BOOLEAN)
