"""
``ve_edu_sync_course <course_id> [--olx PATH] [--dry-run]``: sync a course's outline mirror now.

Prints the plan; applies it unless ``--dry-run``. Exits non-zero with a clear message for a
malformed course id, an unreadable or invalid export, or an export of another course.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.errors import VeEduError
from ve_edu_plugin.management.course_ids import course_key_argument


class Command(BaseCommand):
    help = "Sync the outline mirror of one course from its published outline (or an OLX export)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("course_id", type=course_key_argument, help="e.g. course-v1:VE-EDU+MATH34+2026")
        parser.add_argument("--olx", metavar="PATH", help="read this course export (directory or .tar.gz)")
        parser.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        course_key = options["course_id"]
        try:
            outcome = curriculum_api.run_command_sync(course_key, olx_path=options["olx"], dry_run=options["dry_run"])
        except VeEduError as exc:
            raise CommandError(f"{exc.code}: {exc.detail}") from exc
        lines = outcome.plan.describe()
        for line in lines:
            self.stdout.write(f"  {line}")
        summary = ", ".join(f"{name}={count}" for name, count in sorted(outcome.plan.counts().items())) or "no changes"
        if outcome.dry_run:
            self.stdout.write(f"Dry run of {course_key}: {len(lines)} operations ({summary}); nothing applied.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Synced {course_key} in {outcome.duration_ms} ms: {summary} (sync {outcome.sync_id})."
                )
            )
