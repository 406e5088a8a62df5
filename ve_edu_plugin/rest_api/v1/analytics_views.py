"""Analytics endpoints: ``/api/ve-edu/v1/courses/{course_id}/analytics/...`` (course staff only).

Every read shows the course's latest finished run; nothing is recomputed in a request.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import StreamingHttpResponse
from django.utils.translation import gettext
from edx_api_doc_tools import schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin import errors
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.errors import InvalidRequestError
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin, parse_course_key
from ve_edu_plugin.rest_api.v1.columns import ColumnSerializer
from ve_edu_plugin.rest_api.v1.permissions import IsCourseStaff
from ve_edu_plugin.rest_api.v1.question_views import _FormatParameterIsNotARenderer
from ve_edu_plugin.rest_api.v1.view_bases import StaffListView, StaffView

#: How often each choice was picked (an item's and a version's ``choice_counts``).
_CHOICE_COUNTS = serializers.DictField(child=serializers.IntegerField())
#: The statistics columns a question's row and each of its versions' rows both show.
_STATISTICS = "answers learners facility point_biserial upper_lower median_seconds difficulty choice_counts"


class ItemVersionSerializer(ColumnSerializer):
    """The same statistics for one version of the question (its wording at the time of the answers)."""

    #: The analytics api hands these rows out only as an item's ``versions``, not by their class.
    model = apps.get_model("ve_edu_plugin", "ItemVersionStatistic")
    columns = f"question_version_id number {_STATISTICS}"
    choice_counts = _CHOICE_COUNTS


class ItemSerializer(ColumnSerializer):
    model = analytics_api.ItemStatistic
    columns = f"question_id question_title subtopic_id {_STATISTICS} flags versions run_id"
    question_title = serializers.CharField(source="question.title")
    choice_counts = _CHOICE_COUNTS
    flags = serializers.ListField(child=serializers.CharField())
    versions = ItemVersionSerializer(many=True, source="versions.all")


class FitSerializer(ColumnSerializer):
    model = analytics_api.SkillFit
    columns = "subtopic_id prior learn guess slip forget log_likelihood learners answers problems applied run_id"
    problems = serializers.ListField(child=serializers.CharField())


class DistributionSerializer(ColumnSerializer):
    model = analytics_api.MasteryDistribution
    columns = "subtopic_id subtopic_title mastered in_progress not_started histogram run_id"
    subtopic_title = serializers.CharField(source="subtopic.title")
    histogram = serializers.ListField(child=serializers.IntegerField())


class RunSerializer(ColumnSerializer):
    model = analytics_api.AnalyticsRun
    columns = "run_id course_id trigger status subtopics subtopics_done subtopics_failed created finished"
    run_id = serializers.IntegerField(source="pk")
    course_id = serializers.CharField(source="course_key")
    subtopics_failed = serializers.ListField(child=serializers.IntegerField())


def _optional_int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        raise InvalidRequestError(
            gettext("%(name)s must be a whole number.") % {"name": name},
            field_errors={name: [gettext("Must be a whole number.")]},
        )
    return int(raw)


RUN_ID = docs.path_parameter("run_id", int, "The analytics run's id.")
#: The grade book's JSON page: topic titles, then one row per learner of the page.
GRADEBOOK_PAGE = docs.obj(
    count=docs.INTEGER,
    next=docs.openapi.Schema(type=docs.openapi.TYPE_STRING, x_nullable=True),
    previous=docs.openapi.Schema(type=docs.openapi.TYPE_STRING, x_nullable=True),
    results=docs.obj(
        topics=docs.openapi.Schema(type=docs.openapi.TYPE_ARRAY, items=docs.STRING),
        rows=docs.openapi.Schema(type=docs.openapi.TYPE_ARRAY, items=docs.ANY_OBJECT),
    ),
)


class ItemListView(StaffListView):
    """GET: item statistics of the latest run; ``?subtopic=<id>``, ``?flag=<flag>``."""

    serializer_class = ItemSerializer

    @schema(
        summary="Item statistics of the latest analytics run (course staff only).",
        parameters=[
            docs.COURSE_ID,
            docs.query_parameter("subtopic", int, "Only the questions of this subtopic id."),
            docs.query_parameter("flag", str, "Only the questions with this flag."),
            docs.PAGE,
            docs.PAGE_SIZE,
        ],
        responses=docs.problems(*docs.SIGNED_IN, errors.InvalidRequestError),
    )
    def get(self, request: Request, course_id: str) -> Response:
        rows = analytics_api.list_items(
            parse_course_key(course_id),
            subtopic_id=_optional_int(request, "subtopic"),
            flag=request.query_params.get("flag") or None,
        )
        return self.page(rows)


class ItemDetailView(ProblemErrorsMixin, GenericAPIView):
    """GET: one question's statistics in the latest run."""

    permission_classes = (IsCourseStaff,)

    @schema(
        summary="One question's statistics in the latest analytics run (course staff only).",
        parameters=[docs.COURSE_ID, docs.QUESTION_ID],
        responses=docs.responses(200, ItemSerializer, *docs.SIGNED_IN, errors.NotFoundError),
    )
    def get(self, request: Request, course_id: str, question_id: int) -> Response:
        return Response(ItemSerializer(analytics_api.get_item(parse_course_key(course_id), question_id)).data)


class MasteryDistributionView(StaffListView):
    """GET: mastered / in progress / not started and the P(mastery) histogram per subtopic."""

    serializer_class = DistributionSerializer

    @schema(
        summary="Mastered, in progress and not started learners and the P(mastery) histogram per subtopic.",
        parameters=[docs.COURSE_ID, docs.PAGE, docs.PAGE_SIZE],
        responses=docs.problems(*docs.SIGNED_IN),
    )
    def get(self, request: Request, course_id: str) -> Response:
        return self.page(analytics_api.list_distributions(parse_course_key(course_id)))


class FitListView(StaffListView):
    """GET: the latest run's knowledge-tracing fits per subtopic, with why a fit was not applied."""

    serializer_class = FitSerializer

    @schema(
        summary="The latest run's knowledge-tracing fits per subtopic, with why a fit was not applied.",
        parameters=[docs.COURSE_ID, docs.PAGE, docs.PAGE_SIZE],
        responses=docs.problems(*docs.SIGNED_IN),
    )
    def get(self, request: Request, course_id: str) -> Response:
        return self.page(analytics_api.list_fits(parse_course_key(course_id)))


class GradebookView(StaffListView):
    """GET: learners x topics (mastery, practice score), paginated by learner; ``?format=csv`` streams all."""

    content_negotiation_class = _FormatParameterIsNotARenderer

    @schema(
        summary="Learners x topics (mastery, practice score), paginated by learner; `?format=csv` streams all.",
        parameters=[
            docs.COURSE_ID,
            docs.query_parameter("format", str, "csv: the whole grade book as a CSV download."),
            docs.PAGE,
            docs.PAGE_SIZE,
        ],
        responses=docs.responses(200, GRADEBOOK_PAGE, *docs.SIGNED_IN),
    )
    def get(self, request: Request, course_id: str, *args: Any, **kwargs: Any) -> Any:
        course_key = parse_course_key(course_id)
        if request.query_params.get("format") == "csv":
            response = StreamingHttpResponse(analytics_api.gradebook_csv(course_key), content_type="text/csv")
            response["Content-Disposition"] = 'attachment; filename="gradebook.csv"'
            return response
        user_ids = self.paginate_queryset(analytics_api.gradebook_learner_ids(course_key))
        return self.get_paginated_response(analytics_api.gradebook_page(course_key, list(user_ids or [])))


class RunListView(StaffView):
    """POST: start a run now on the workers; 202 with its id."""

    @schema(
        summary="Start an analytics run now on the workers (course staff only).",
        parameters=[docs.COURSE_ID],
        responses=docs.responses(202, RunSerializer, *docs.SIGNED_IN, errors.ThrottledError, description="Accepted"),
    )
    def post(self, request: Request, course_id: str) -> Response:
        run = analytics_api.start_run(parse_course_key(course_id), trigger="staff")
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailView(ProblemErrorsMixin, GenericAPIView):
    """GET: a run's progress."""

    permission_classes = (IsCourseStaff,)

    @schema(
        summary="An analytics run's progress (course staff only).",
        parameters=[docs.COURSE_ID, RUN_ID],
        responses=docs.responses(200, RunSerializer, *docs.SIGNED_IN, errors.NotFoundError),
    )
    def get(self, request: Request, course_id: str, run_id: int) -> Response:
        return Response(RunSerializer(analytics_api.get_run(parse_course_key(course_id), run_id)).data)
