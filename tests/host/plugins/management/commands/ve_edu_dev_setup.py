"""
Prepare the dev host behind ``make dev``: migrate, create the demo users and roles, load demo data.

Idempotent: running it again keeps existing users and data and only brings them up to date.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from opaque_keys.edx.keys import CourseKey

from tests.host.plugins.demo_analytics import seed_demo_analytics
from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.curriculum.models import Subtopic, Topic
from ve_edu_plugin.platform.models import StandaloneCourseRole
from ve_edu_plugin.questions import api as questions_api

DEMO_COURSE = "course-v1:VE-EDU+MATH34+2026"
#: username -> (password, is_staff, course role)
DEMO_USERS = {
    "admin": ("admin", True, None),
    "teacher": ("teacher", False, "staff"),
    "learner": ("learner", False, "learner"),
}


class Command(BaseCommand):
    help = "Migrate the dev database and load the demo users, course outline and questions."

    def handle(self, *args: Any, **options: Any) -> None:
        # run_syncdb: xblock-sdk 0.14 (Python 3.11) ships its workbench app without migrations.
        call_command("migrate", interactive=False, verbosity=0, run_syncdb=True)
        self._users()
        self._outline()
        self._curriculum_tags()
        self._questions()
        self.stdout.write(seed_demo_analytics(CourseKey.from_string(DEMO_COURSE)))
        self.stdout.write(self.style.SUCCESS(_banner()))

    def _users(self) -> None:
        user_model = get_user_model()
        course_key = CourseKey.from_string(DEMO_COURSE)
        for username, (password, is_staff, role) in DEMO_USERS.items():
            user, created = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@example.org", "is_staff": is_staff}
            )
            if created:
                user.is_superuser = is_staff
                user.set_password(password)
                user.save()
            if role:
                StandaloneCourseRole.objects.get_or_create(user=user, course_key=course_key, role=role)

    def _outline(self) -> None:
        """Sync the demo course through the same path a publish takes (the ``olx`` reader)."""
        outcome = curriculum_api.sync_course_outline(
            CourseKey.from_string(DEMO_COURSE), trigger=curriculum_api.triggers.COMMAND
        )
        counts = ", ".join(f"{name}={count}" for name, count in sorted(outcome.plan.counts().items())) or "up to date"
        self.stdout.write(f"Demo course outline synced: {counts}")

    def _curriculum_tags(self) -> None:
        """
        Tag the demo sections and subsections with exam level, form and subject, as staff would.

        The sync never sets curriculum tags (staff own them), so the demo brings its own
        (``demo/curriculum_tags.json``, consistent with its questions); only changed tags are written.
        """
        path = resources.files("ve_edu_plugin").joinpath("demo/curriculum_tags.json")
        document = json.loads(path.read_text(encoding="utf-8"))
        course_key = CourseKey.from_string(DEMO_COURSE)
        wanted = {
            (level, entry["usage_key"]): {name: entry[name] for name in ("exam_level", "form", "subject_code")}
            for level, entries in (("topic", document["topics"]), ("subtopic", document["subtopics"]))
            for entry in entries
        }
        changed = 0
        for topic in curriculum_api.get_outline(course_key):
            nodes: list[tuple[str, Topic | Subtopic]] = [
                ("topic", topic),
                *(("subtopic", s) for s in topic.subtopics.all()),
            ]
            for level, node in nodes:
                tags = wanted.get((level, str(node.usage_key)))
                if tags and any(getattr(node, name) != value for name, value in tags.items()):
                    curriculum_api.update_curriculum_tags(course_key, level=level, node_id=node.id, tags=tags)
                    changed += 1
        self.stdout.write(f"Demo curriculum tags: {changed} set" if changed else "Demo curriculum tags: up to date")

    def _questions(self) -> None:
        """Import the demo bank (idempotent: a second run finds every question unchanged)."""
        path = resources.files("ve_edu_plugin").joinpath("demo/questions.json")
        report = questions_api.import_questions_from_path(CourseKey.from_string(DEMO_COURSE), str(path))
        summary = ", ".join(f"{name}={count}" for name, count in report.counts().items())
        self.stdout.write(f"Demo questions imported: {summary}")


def _banner() -> str:
    return "\n".join(
        [
            "VE-EDU dev host is ready. Open:",
            "  http://127.0.0.1:8000/workbench/                 XBlock workbench (the plugin's blocks)",
            "  http://127.0.0.1:8000/workbench/scenario/ve_question.0/?student=learner           a question",
            "  http://127.0.0.1:8000/workbench/scenario/ve_adaptive_practice.0/?student=learner  adaptive practice",
            "  http://127.0.0.1:8000/login/                     log in as any demo user (a session for the REST API)",
            "  http://127.0.0.1:8000/admin/                     Django admin (admin / admin)",
            "  http://127.0.0.1:8000/api/ve-edu/v1/health/      REST health",
            f"  http://127.0.0.1:8000/api/ve-edu/v1/courses/{DEMO_COURSE}/outline/   demo outline (staff)",
            f"  http://127.0.0.1:8000/analytics/{DEMO_COURSE}/   mastery & item analysis (log in as teacher)",
            f"Users: admin/admin (global staff), teacher/teacher (course staff of {DEMO_COURSE}),",
            "       learner/learner (enrolled learner). Log in at /login/ to use the REST API in the browser.",
        ]
    )
