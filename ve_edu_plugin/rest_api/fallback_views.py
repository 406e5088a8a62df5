"""Answers for URLs under the REST root that match no endpoint, as problem documents."""

from __future__ import annotations

from typing import Any

from django.urls import Resolver404, resolve
from django.utils.translation import gettext
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from ve_edu_plugin import errors
from ve_edu_plugin.rest_api.base import ProblemErrorsMixin


class UnknownEndpointView(ProblemErrorsMixin, APIView):
    """404 problem for any unknown path, with a hint when only the trailing slash is missing."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    #: Not an endpoint: left out of ``/api-docs/`` (drf-yasg reads this attribute).
    swagger_schema = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        detail = gettext("No VE-EDU endpoint at %(path)s.") % {"path": request.path}
        if not request.path.endswith("/") and _resolves_to_endpoint(request.path + "/"):
            detail += " " + gettext("Did you mean %(path)s/ (with a trailing slash)?") % {"path": request.path}
        raise errors.NotFoundError(detail)

    get = post = put = patch = delete = head = options = _not_found


def _resolves_to_endpoint(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "view_class", None) is not UnknownEndpointView
