"""Every model of the app, gathered from the capability packages so Django finds them."""

from ve_edu_plugin.curriculum.models import Subtopic, SyncRun, Topic
from ve_edu_plugin.platform.models import StandaloneCourseRole

__all__ = ["StandaloneCourseRole", "Subtopic", "SyncRun", "Topic"]
