"""
``ve_edu_finalise_expired [--course COURSE_ID] [--limit N]``: finalise timed sessions past their time.

For operators to run from cron (Tutor runs no Celery beat): it covers sessions whose scheduled
task was lost (a broker down at start, a purged queue). Finalising is exactly once, so running
it next to the workers never grades anything twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey

from ve_edu_plugin.assessments import api as assessments_api


class Command(BaseCommand):
    help = "Finalise every open timed-assessment session past its deadline and grace period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--course", metavar="COURSE_ID", help="only this course, e.g. course-v1:VE-EDU+MATH34+2026")
        parser.add_argument("--limit", type=int, default=1000, help="at most this many sessions per run (default 1000)")

    def handle(self, *args: Any, **options: Any) -> None:
        course_key = None
        if options["course"]:
            try:
                course_key = CourseKey.from_string(options["course"])
            except InvalidKeyError as exc:
                raise CommandError(f"{options['course']!r} is not a valid course id.") from exc
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        done = assessments_api.finalise_expired(course_key=course_key, limit=options["limit"])
        self.stdout.write(self.style.SUCCESS(f"Finalised {done} expired timed-assessment session(s)."))
