"""
``ve_edu_finalise_expired [--course COURSE_ID] [--limit N]``: finalise timed sessions past their time.

For operators to run from cron (Tutor runs no Celery beat): it covers sessions whose scheduled
task was lost (a broker down at start, a purged queue). Finalising is exactly once, so running
it next to the workers never grades anything twice.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.management.course_ids import course_key_argument


class Command(BaseCommand):
    help = "Finalise every open timed-assessment session past its deadline and grace period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--course",
            metavar="COURSE_ID",
            type=course_key_argument,
            help="only this course, e.g. course-v1:VE-EDU+MATH34+2026",
        )
        parser.add_argument("--limit", type=int, default=1000, help="at most this many sessions per run (default 1000)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        done = assessments_api.finalise_expired(course_key=options["course"], limit=options["limit"])
        self.stdout.write(self.style.SUCCESS(f"Finalised {done} expired timed-assessment session(s)."))
