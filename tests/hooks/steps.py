"""Pipeline steps an operator could configure, used by the filter tests (real PipelineStep subclasses)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from openedx_filters.exceptions import OpenEdxFilterException
from openedx_filters.filters import PipelineStep

from ve_edu_plugin.hooks.filters import (
    PracticeQuestionRequested,
    QuestionImportRequested,
    TimedAssessmentStartRequested,
)

#: What each step saw, so a test can assert the arguments it was called with.
SEEN: list[dict[str, Any]] = []


class ComeBackTomorrow(PipelineStep):
    """Stops practice for the day (the worked example in docs/extending.rst)."""

    def run_filter(self, user_id, course_key, block_key, candidates, chosen):
        raise PracticeQuestionRequested.PreventPracticeQuestion("Enough for today. Come back tomorrow!")


class ServeLastCandidate(PipelineStep):
    """Reorders: the last candidate first, and serves it."""

    def run_filter(self, user_id, course_key, block_key, candidates, chosen):
        SEEN.append({"candidates": list(candidates), "chosen": chosen, "block_key": block_key})
        reordered = [candidates[-1], *candidates[:-1]]
        return {"candidates": reordered, "chosen": reordered[0]}


class RemoveEveryCandidate(PipelineStep):
    def run_filter(self, user_id, course_key, block_key, candidates, chosen):
        return {"candidates": []}


class LinkToLesson(PipelineStep):
    """Adds a message and a link to a lesson after a wrong answer."""

    def run_filter(self, user_id, course_key, question_id, block_key, correct, feedback, links):
        if correct:
            return {}
        return {
            "feedback": f"{feedback or ''} Watch the lesson first.".strip(),
            "links": [*links, {"text": "Lesson", "url": "https://example.org/lesson"}],
        }


class RefuseDraftImports(PipelineStep):
    def run_filter(self, course_key, file_format, questions, dry_run):
        raise QuestionImportRequested.PreventQuestionImport("Imports are closed during exams.")


class TagImported(PipelineStep):
    """Amends: every imported question gets the tag ``imported``; drops questions without an id."""

    def run_filter(self, course_key, file_format, questions, dry_run):
        kept = []
        for question in questions:
            if question.external_id is None:
                continue
            fields = dict(question.fields)
            fields["tags"] = [*(fields.get("tags") or []), "imported"]
            kept.append(replace(question, fields=fields))
        return {"questions": kept}


class NotEligible(PipelineStep):
    def run_filter(self, user_id, course_key, assessment_key):
        raise TimedAssessmentStartRequested.PreventTimedAssessmentStart("You are not registered for this exam.")


class RecordTimedStart(PipelineStep):
    """Lets the start go ahead and records what it saw."""

    def run_filter(self, user_id, course_key, assessment_key):
        SEEN.append({"user_id": user_id, "course_key": course_key, "assessment_key": assessment_key})
        return {}


def config(filter_type: str, *steps: type[PipelineStep]) -> dict[str, Any]:
    """An OPEN_EDX_FILTERS_CONFIG with one filter's pipeline, as an operator writes it."""
    return {filter_type: {"pipeline": [f"{step.__module__}.{step.__name__}" for step in steps], "fail_silently": False}}


class BrokenFeedbackStep(PipelineStep):
    """Raises the framework's exception where there is nothing left to stop."""

    def run_filter(self, **kwargs):
        raise OpenEdxFilterException("no")
