"""
The three kinds of endpoint the v1 API has, declared once: who may call it and how it pages.

Every view maps domain errors to problem details (``ProblemErrorsMixin``); a view states its
permission by its base: course staff (``StaffView``, ``StaffListView`` with the standard page
of ``?page=&page_size=``) or anyone who may view the course (``LearnerView``, learners' own data).

Most staff lists are a course's stored rows, optionally filtered: ``CourseRowsView`` is that list
whole (its filters are read and documented from one declaration, ``QueryFilter``), and
``rows_operation`` documents any staff list the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from django.utils.translation import gettext
from edx_api_doc_tools import schema_for
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ve_edu_plugin import errors
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin, is_row_id, parse_course_key
from ve_edu_plugin.rest_api.v1.pagination import StandardPagination
from ve_edu_plugin.rest_api.v1.permissions import CanViewCourse, IsCourseStaff


class StaffView(ProblemErrorsMixin, APIView):
    """An endpoint for the course's staff."""

    permission_classes = (IsCourseStaff,)


class LearnerView(ProblemErrorsMixin, APIView):
    """An endpoint for anyone who may view the course (a learner reads their own data)."""

    permission_classes = (CanViewCourse,)


class StaffListView(ProblemErrorsMixin, GenericAPIView):
    """A paginated list for the course's staff."""

    permission_classes = (IsCourseStaff,)
    pagination_class = StandardPagination

    def page(self, rows: Any) -> Response:
        """The page of ``rows`` the request asks for, each row through the view's serializer."""
        return self.get_paginated_response(self.get_serializer(self.paginate_queryset(rows), many=True).data)


@dataclass(frozen=True)
class QueryFilter:
    """
    An optional query parameter of a list: documented and read from this one declaration.

    ``kind`` is ``int`` (a whole number) or ``str``; absent or empty, the filter is ``None``.
    ``keyword`` is the argument of the rows function it is passed as (default: ``name``).
    """

    name: str
    kind: type[int] | type[str]
    description: str
    keyword: str = ""

    @property
    def parameter(self) -> docs.openapi.Parameter:
        """The parameter as the API documentation lists it."""
        return docs.query_parameter(self.name, self.kind, self.description)

    def read(self, request: Request) -> int | str | None:
        """The filter's value in ``request``; a number that is not a whole number is an ``invalid_request``."""
        raw = request.query_params.get(self.name)
        if not raw:
            return None
        if self.kind is int and not is_row_id(raw):
            raise errors.InvalidRequestError(
                gettext("%(name)s must be a whole number.") % {"name": self.name},
                field_errors={self.name: [gettext("Must be a whole number.")]},
            )
        return self.kind(raw)


class CourseRowsView(StaffListView):
    """
    GET a page of the course's rows: ``rows(course_key, **filters)`` through the view's serializer.

    A view names its rows function (a ``staticmethod``), its ``filters`` and its serializer; its
    documentation is ``rows_operation``'s.
    """

    rows: ClassVar[Callable[..., Any]]
    filters: ClassVar[tuple[QueryFilter, ...]] = ()

    def get(self, request: Request, course_id: str, *args: Any) -> Response:
        query = {query_filter.keyword or query_filter.name: query_filter.read(request) for query_filter in self.filters}
        return self.page(self.rows(parse_course_key(course_id), **query))


_View = TypeVar("_View", bound=type[GenericAPIView])


def rows_operation(
    summary: str,
    *raised: type[errors.VeEduError],
    parameters: Sequence[docs.openapi.Parameter] = (),
    page: docs.openapi.Schema | None = None,
) -> Callable[[_View], _View]:
    """
    Document a list's GET (a class decorator: the method may be the base's): the course id, the
    view's ``filters`` and the ``parameters`` it reads itself, then the page parameters; the 200 is
    ``page`` when given, else a page of the view's serializer as drf-yasg infers it; the problems
    of any signed-in caller's request about a course, and ``raised``.
    """

    def document(view: _View) -> _View:
        filters = [query_filter.parameter for query_filter in getattr(view, "filters", ())]
        problems = (*docs.SIGNED_IN, *raised)
        return schema_for(
            "get",
            summary,
            parameters=[docs.COURSE_ID, *filters, *parameters, docs.PAGE, docs.PAGE_SIZE],
            responses=docs.problems(*problems) if page is None else docs.responses(200, page, *problems),
        )(view)

    return document
