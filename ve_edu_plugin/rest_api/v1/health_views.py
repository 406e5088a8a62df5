"""``GET /api/ve-edu/v1/health/``: public liveness and dependency status."""

from __future__ import annotations

from typing import Any

from edx_api_doc_tools import schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ve_edu_plugin.health.api import check_health
from ve_edu_plugin.rest_api import openapi as docs
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin


class HealthView(ProblemErrorsMixin, APIView):
    """Version and the status of the database, cache and broker; no authentication needed."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @schema(
        summary="Liveness and the status of the database, cache and broker (public).",
        responses=docs.responses(
            200,
            docs.obj(
                status=docs.openapi.Schema(type=docs.openapi.TYPE_STRING, enum=["ok", "degraded"]),
                version=docs.STRING,
                checks=docs.obj(database=docs.STRING, cache=docs.STRING, broker=docs.STRING),
            ),
        ),
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        report = check_health()
        return Response(
            {
                "status": "ok" if report.healthy else "degraded",
                "version": report.version,
                "checks": {"database": report.database, "cache": report.cache, "broker": report.broker},
            }
        )
