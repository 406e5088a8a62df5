"""The dev host's page for the teachers' analytics (it has no instructor dashboard): the same HTML as the tab."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.html import escape
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.analytics import api as analytics_api


def analytics_page(request: HttpRequest, course_id: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), "/login/")
    try:
        course_key = CourseKey.from_string(course_id)
    except InvalidKeyError:
        return HttpResponse("Not a course id.", status=400)
    if not analytics_api.may_view_class(request.user, course_key):
        return HttpResponseForbidden("Only course staff may see the class's analytics.")
    body = analytics_api.dashboard_html(course_key)
    return HttpResponse(
        "<!doctype html><html><head><meta charset='utf-8'><title>Mastery &amp; item analysis</title></head>"
        f"<body><h2>Mastery &amp; item analysis: {escape(str(course_key))}</h2>{body}</body></html>"
    )
