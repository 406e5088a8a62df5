"""
``ve_edu_compute_analytics <course_id>... [--here]``: recompute courses' analytics, for cron.

Tutor runs no Celery beat, so a nightly cron job calls this command. By default it starts a run
per course on the workers (one task per subtopic on ``VE_EDU_CELERY_QUEUE``) and returns at once;
``--here`` computes in this process instead and prints each run's outcome.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.management.course_ids import course_key_argument


class Command(BaseCommand):
    help = "Recompute item analysis, knowledge-tracing fits and mastery distributions of courses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("course_ids", nargs="+", type=course_key_argument, help="e.g. course-v1:VE-EDU+MATH34+2026")
        parser.add_argument("--here", action="store_true", help="compute in this process, not on the workers")

    def handle(self, *args: Any, **options: Any) -> None:
        for course_key in options["course_ids"]:
            if options["here"]:
                run = analytics_api.run_now(course_key, trigger="command")
                failed = f", failed subtopics {run.subtopics_failed}" if run.subtopics_failed else ""
                self.stdout.write(f"Run {run.pk} of {course_key}: {run.status}, {run.subtopics} subtopics{failed}.")
            else:
                run = analytics_api.start_run(course_key, trigger="command")
                self.stdout.write(f"Run {run.pk} of {course_key} sent to the workers ({run.subtopics} subtopics).")
