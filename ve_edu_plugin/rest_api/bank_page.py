"""
The question bank page for course staff: ``/api/ve-edu/bank/<course_id>/`` (in Studio and the LMS).

A plain Django page whose script (``ve_bank.js``, with the blocks' question editor) does everything
through the bank's REST API; the page itself only checks who is asking and hands the script the
course, the API's root and the editor's strings. Its static files are the blocks' own
(``xblocks/static``), served here with a content version in the URL so a browser caches each one
until it changes.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
from functools import lru_cache
from importlib import resources

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.platform import api as platform_api

#: The files of ``xblocks/static`` the page uses (nothing else of the package is served here).
ASSETS = (
    "css/ve_blocks.css",
    "css/ve_studio_editor.css",
    "css/ve_bank.css",
    "js/ve_common.js",
    "js/ve_question_editor.js",
    "js/ve_bank.js",
)
_YEAR = 365 * 24 * 3600


def _static(relative_path: str) -> bytes:
    return resources.files("xblocks").joinpath("static", relative_path).read_bytes()


@lru_cache(maxsize=32)
def asset_version(relative_path: str) -> str:
    """A short digest of the file: a changed file gets a new URL."""
    return hashlib.sha256(_static(relative_path)).hexdigest()[:12]


def _served(relative_path: str) -> bool:
    if relative_path in ASSETS:
        return True
    return relative_path.startswith("js/translations/") and relative_path.endswith(".js") and ".." not in relative_path


def _root(request: HttpRequest) -> str:
    """Where the plugin's URLs are mounted (``/api/ve-edu/``), read from the page's own path."""
    return request.path[: request.path.rindex("/bank/") + 1]


def asset_url(root: str, relative_path: str) -> str:
    return f"{root}bank/static/{relative_path}?v={asset_version(relative_path)}"


def catalogue(language: str | None) -> str | None:
    """The blocks' JS catalogue of ``language`` (None for English or a language without one)."""
    for code in dict.fromkeys([(language or "").lower(), (language or "").lower().split("-")[0]]):
        if (
            code
            and code != "en"
            and resources.files("xblocks").joinpath("static", f"js/translations/{code}.js").is_file()
        ):
            return f"js/translations/{code}.js"
    return None


@require_GET
def bank_asset(request: HttpRequest, relative_path: str) -> HttpResponse:
    """One of the page's static files; cacheable for a year when asked for by its current version."""
    if not _served(relative_path):
        raise Http404("Not a file of the bank page.")
    try:
        content = _static(relative_path)
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise Http404("Not a file of the bank page.") from exc
    content_type = mimetypes.guess_type(relative_path)[0] or "application/octet-stream"
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    fresh = request.GET.get("v") == hashlib.sha256(content).hexdigest()[:12]
    response["Cache-Control"] = f"public, max-age={_YEAR}, immutable" if fresh else "no-cache"
    return response


@require_GET
def bank_page(request: HttpRequest, course_id: str) -> HttpResponse:
    """The page, for the course's staff (the platform's roles decide); others are refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    try:
        course_key = CourseKey.from_string(course_id)
    except InvalidKeyError as exc:
        raise Http404("Not a course id.") from exc
    if not platform_api.is_course_staff(request.user, course_key):
        return HttpResponseForbidden(_("Only the course's staff may see its question bank."))
    root = _root(request)
    scripts = [asset_url(root, path) for path in ("js/ve_common.js", "js/ve_question_editor.js", "js/ve_bank.js")]
    language_catalogue = catalogue(translation.get_language())
    if language_catalogue is not None:
        scripts.insert(0, asset_url(root, language_catalogue))
    init = {"course_id": str(course_key), "api": f"{root}v1/"}
    return render(
        request,
        "ve_edu_plugin/question_bank.html",
        {
            "course_id": str(course_key),
            "styles": [
                asset_url(root, path) for path in ("css/ve_blocks.css", "css/ve_studio_editor.css", "css/ve_bank.css")
            ],
            "scripts": scripts,
            "init_json": json.dumps(init),
        },
    )
