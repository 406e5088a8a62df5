"""
The commands' reading of a course id argument: one parse, one message for a malformed id.

Every command declares its course id arguments with ``type=course_key_argument``, so argparse
hands ``handle`` a ``CourseKey`` and refuses a malformed id before the command does any work:
run from a shell, with the usage line and exit status 2; through ``call_command``, as a
``CommandError`` (Django's parser turns argparse's error into one).
"""

from __future__ import annotations

import argparse

from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.errors import VeEduError
from ve_edu_plugin.platform import api as platform_api


def course_key_argument(course_id: str) -> CourseKey:
    """``course_id`` parsed as the REST API parses it (an argparse ``type``); malformed ids are refused."""
    try:
        return platform_api.parse_course_key(course_id)
    except VeEduError as exc:
        raise argparse.ArgumentTypeError(str(exc.detail)) from exc
