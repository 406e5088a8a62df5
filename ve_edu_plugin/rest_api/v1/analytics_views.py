"""Analytics endpoints: ``/api/ve-edu/v1/courses/{course_id}/analytics/...`` (course staff only).

Every read shows the course's latest finished run; nothing is recomputed in a request.
"""

from __future__ import annotations

from typing import Any

from django.http import StreamingHttpResponse
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from ve_edu_plugin import errors
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import parse_course_key
from ve_edu_plugin.rest_api.v1.columns import ColumnSerializer
from ve_edu_plugin.rest_api.v1.question_views import _FormatParameterIsNotARenderer
from ve_edu_plugin.rest_api.v1.view_bases import CourseRowsView, QueryFilter, StaffListView, StaffView, rows_operation

#: How often each choice was picked (an item's and a version's ``choice_counts``).
_CHOICE_COUNTS = serializers.DictField(child=serializers.IntegerField())
#: The statistics columns a question's row and each of its versions' rows both show.
_STATISTICS = "answers learners facility point_biserial upper_lower median_seconds difficulty choice_counts"


class ItemVersionSerializer(ColumnSerializer):
    """The same statistics for one version of the question (its wording at the time of the answers)."""

    model = analytics_api.ItemVersionStatistic
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


RUN_ID = docs.path_parameter("run_id", int, "The analytics run's id.")
#: The grade book's JSON page: topic titles, then one row per learner of the page.
GRADEBOOK_PAGE = docs.page_of(docs.obj(topics=docs.array_of(docs.STRING), rows=docs.array_of(docs.ANY_OBJECT)))


@rows_operation("Item statistics of the latest analytics run (course staff only).", errors.InvalidRequestError)
class ItemListView(CourseRowsView):
    """GET: item statistics of the latest run; ``?subtopic=<id>``, ``?flag=<flag>``."""

    serializer_class = ItemSerializer
    rows = staticmethod(analytics_api.list_items)
    filters = (
        QueryFilter("subtopic", int, "Only the questions of this subtopic id.", keyword="subtopic_id"),
        QueryFilter("flag", str, "Only the questions with this flag."),
    )


class ItemDetailView(StaffView):
    """GET: one question's statistics in the latest run."""

    @docs.question_operation(
        "One question's statistics in the latest analytics run (course staff only).",
        ItemSerializer,
    )
    def get(self, request: Request, course_id: str, question_id: int) -> Response:
        return Response(ItemSerializer(analytics_api.get_item(parse_course_key(course_id), question_id)).data)


@rows_operation("Mastered, in progress and not started learners and the P(mastery) histogram per subtopic.")
class MasteryDistributionView(CourseRowsView):
    """GET: mastered / in progress / not started and the P(mastery) histogram per subtopic."""

    serializer_class = DistributionSerializer
    rows = staticmethod(analytics_api.list_distributions)


@rows_operation("The latest run's knowledge-tracing fits per subtopic, with why a fit was not applied.")
class FitListView(CourseRowsView):
    """GET: the latest run's knowledge-tracing fits per subtopic, with why a fit was not applied."""

    serializer_class = FitSerializer
    rows = staticmethod(analytics_api.list_fits)


@rows_operation(
    "Learners x topics (mastery, practice score), paginated by learner; `?format=csv` streams all.",
    parameters=[docs.query_parameter("format", str, "csv: the whole grade book as a CSV download.")],
    page=GRADEBOOK_PAGE,
)
class GradebookView(StaffListView):
    """GET: learners x topics (mastery, practice score), paginated by learner; ``?format=csv`` streams all."""

    content_negotiation_class = _FormatParameterIsNotARenderer

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

    @docs.course_operation(
        "Start an analytics run now on the workers (course staff only).",
        RunSerializer,
        errors.ThrottledError,
        ok=202,
        description="Accepted",
    )
    def post(self, request: Request, course_id: str) -> Response:
        run = analytics_api.start_run(parse_course_key(course_id), trigger="staff")
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailView(StaffView):
    """GET: a run's progress."""

    @docs.course_operation(
        "An analytics run's progress (course staff only).",
        RunSerializer,
        errors.NotFoundError,
        parameters=[RUN_ID],
    )
    def get(self, request: Request, course_id: str, run_id: int) -> Response:
        return Response(RunSerializer(analytics_api.get_run(parse_course_key(course_id), run_id)).data)
