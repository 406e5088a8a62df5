"""
Payloads of the plugin's openedx-events: frozen attrs classes, ids and keys only.

They carry no question text, answers or names, so they may travel through the event bus (the
openedx-events Avro serializer builds their schema from the attribute types below). Annotations
are real types, not strings: the schema is read from them at run time.
"""

from datetime import datetime

import attr
from opaque_keys.edx.keys import CourseKey, UsageKey

__all__ = [
    "ItemAnalysisData",
    "LearnerInCourseData",
    "OutlineSyncData",
    "SubtopicMasteryData",
    "TimedAssessmentAttemptData",
]


@attr.s(frozen=True)
class LearnerInCourseData:
    """
    What every payload about one learner's doing in a course starts with (attrs puts these first).

    Attributes:
        user_id (int): the learner's user id.
        course_key (CourseKey): the course.
    """

    user_id = attr.ib(type=int)
    course_key = attr.ib(type=CourseKey)


@attr.s(frozen=True)
class SubtopicMasteryData(LearnerInCourseData):
    """
    A learner reached mastery of one subtopic (a unit of the course outline).

    Attributes (after ``user_id`` and ``course_key``):
        subtopic_id (int): the plugin's id of the subtopic.
        subtopic_usage_key (UsageKey): the outline block the subtopic mirrors.
        p_mastery (float): the knowledge-tracing estimate when mastery was reached.
        reached_at (datetime): when the answer that reached mastery was recorded.
    """

    subtopic_id = attr.ib(type=int)
    subtopic_usage_key = attr.ib(type=UsageKey)
    p_mastery = attr.ib(type=float)
    reached_at = attr.ib(type=datetime)


@attr.s(frozen=True)
class TimedAssessmentAttemptData(LearnerInCourseData):
    """
    A learner's attempt at a timed assessment, when submitted and when finalised (graded).

    Attributes (after ``user_id`` and ``course_key``):
        assessment_usage_key (UsageKey): the timed assessment block.
        attempt_id (int): the plugin's id of the attempt.
        score (float): the score so far (0 to 1); final once finalised.
        at (datetime): when the attempt was submitted or finalised.
    """

    assessment_usage_key = attr.ib(type=UsageKey)
    attempt_id = attr.ib(type=int)
    score = attr.ib(type=float)
    at = attr.ib(type=datetime)


@attr.s(frozen=True)
class OutlineSyncData:
    """
    A course outline sync finished and was applied (dry runs and failures send nothing).

    Attributes:
        course_key (CourseKey): the course.
        sync_run_id (int): the plugin's id of the recorded run.
        trigger (str): what asked for the sync (``publish``, ``import``, ``manual``, ``command``...).
        counts (dict[str, int]): operations applied per kind and level, e.g. ``{"add_topic": 2}``
            (empty when the mirror already matched the outline).
        finished_at (datetime): when the sync finished.
    """

    course_key = attr.ib(type=CourseKey)
    sync_run_id = attr.ib(type=int)
    trigger = attr.ib(type=str)
    counts = attr.ib(type=dict[str, int])
    finished_at = attr.ib(type=datetime)


@attr.s(frozen=True)
class ItemAnalysisData:
    """
    Item analysis of a course's questions finished.

    Attributes:
        course_key (CourseKey): the course.
        questions_analysed (int): how many questions have fresh statistics.
        attempts_analysed (int): how many attempts they were computed from.
        finished_at (datetime): when the analysis finished.
    """

    course_key = attr.ib(type=CourseKey)
    questions_analysed = attr.ib(type=int)
    attempts_analysed = attr.ib(type=int)
    finished_at = attr.ib(type=datetime)
