"""
The three kinds of endpoint the v1 API has, declared once: who may call it and how it pages.

Every view maps domain errors to problem details (``ProblemErrorsMixin``); a view states its
permission by its base: course staff (``StaffView``, ``StaffListView`` with the standard page
of ``?page=&page_size=``) or anyone who may view the course (``LearnerView``, learners' own data).
"""

from __future__ import annotations

from typing import Any

from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from ve_edu_plugin.rest_api.base import ProblemErrorsMixin
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
