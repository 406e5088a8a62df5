"""Every model of the app, gathered from the capability packages so Django finds them."""

from ve_edu_plugin.analytics.models import (
    AnalyticsRun,
    CourseAnalyticsSettings,
    ItemStatistic,
    MasteryDistribution,
    SkillFit,
)
from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer, TimeAdjustment
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic
from ve_edu_plugin.mastery.models import CourseMasteryPolicy, MasteryTransition, SkillParameters, SkillState
from ve_edu_plugin.platform.models import StandaloneCourseRole
from ve_edu_plugin.questions.models import ImportRun, Question, QuestionTag, QuestionVersion

__all__ = [
    "AnalyticsRun",
    "AssessmentSession",
    "Attempt",
    "CourseAnalyticsSettings",
    "CourseMasteryPolicy",
    "ImportRun",
    "ItemStatistic",
    "MasteryDistribution",
    "MasteryTransition",
    "Question",
    "QuestionTag",
    "QuestionVersion",
    "SavedAnswer",
    "SkillFit",
    "SkillParameters",
    "SkillState",
    "StandaloneCourseRole",
    "Subtopic",
    "SyncRun",
    "TimeAdjustment",
    "Topic",
]
