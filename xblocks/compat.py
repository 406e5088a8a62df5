"""
What the blocks need from whichever runtime hosts them (the LMS, Studio or the workbench).

Kept in one module so the block classes stay free of runtime differences: the course a block
belongs to, and the Django user behind the runtime's user service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import CourseKey, UsageKey

#: The workbench has no courses; its blocks act inside the dev host's demo course, or the course
#: named by the host project's ``WORKBENCH_COURSE_ID`` setting.
WORKBENCH_COURSE = "course-v1:VE-EDU+MATH34+2026"


def course_key_of(block: Any) -> CourseKey:
    """
    The block's course: from its usage key inside Open edX, the demo course in the workbench.

    Without branch or version (Studio's runtime may hand them over right after a publish), so the
    course's questions, mirror and roles are found under the key they are stored with.
    """
    usage_id = block.scope_ids.usage_id
    from ve_edu_plugin.platform import api as platform_api

    context_key = getattr(usage_id, "context_key", None) if isinstance(usage_id, UsageKey) else None
    if isinstance(context_key, CourseKey):
        return platform_api.unversioned_course_key(context_key)
    try:
        return platform_api.unversioned_course_key(CourseKey.from_string(str(getattr(block.runtime, "course_id", ""))))
    except InvalidKeyError:
        from django.conf import settings

        return CourseKey.from_string(getattr(settings, "WORKBENCH_COURSE_ID", WORKBENCH_COURSE))


def usage_key_string(block: Any) -> str:
    """
    The block's usage key as stored with attempts and inline questions: without branch or version.

    Otherwise the same block seen in Studio right after a publish and in the LMS would be two blocks
    (two attempt counts, two inline questions).
    """
    from ve_edu_plugin.platform import api as platform_api

    return platform_api.unversioned_usage_key_string(block.scope_ids.usage_id)


@dataclass(frozen=True)
class Learner:
    """The answering user as the plugin's apis need it: by id (no query for the user row)."""

    id: int


def current_user(block: Any) -> Learner:
    """The user answering, through the runtime's ``user`` service."""
    from django.contrib.auth import get_user_model

    service = block.runtime.service(block, "user")
    xblock_user = service.get_current_user()
    attributes = getattr(xblock_user, "opt_attrs", {}) or {}
    user_model = get_user_model()
    platform_id = attributes.get("edx-platform.user_id")
    if platform_id is not None:
        return Learner(int(platform_id))
    workbench_id = attributes.get("xblock-workbench.user_id") or block.scope_ids.user_id
    # The workbench identifies learners by a name in the URL (?student=learner); the dev host maps
    # it to a Django user of that name so attempts and mastery have a real owner.
    user, _created = user_model.objects.get_or_create(username=str(workbench_id)[:150])
    return Learner(int(user.id))


def gettext(block: Any) -> Any:
    """
    The block's translation function, from the runtime's ``i18n`` service (identity if none).

    ``gettext`` first: ``ugettext`` is the Python 2 name, which the platform's service maps to
    ``gettext`` but XBlock's null service (the workbench's base) answers untranslated.
    """
    service = block.runtime.service(block, "i18n")
    return getattr(service, "gettext", None) or getattr(service, "ugettext", None) or (lambda text: text)


def is_course_author(block: Any) -> bool:
    """
    Whether the user behind the runtime is course staff (or global staff) of the block's course.

    Asked of the platform's roles through ``ve_edu_plugin.platform.api`` (the platform's
    ``CourseStaffRole`` / ``CourseInstructorRole`` / global staff inside Open edX, the standalone
    role table on the dev host), never of what the browser sends: only authors may change a
    block's settings or write the question bank.
    """
    from django.contrib.auth import get_user_model

    from ve_edu_plugin.platform import api as platform_api

    try:
        learner = current_user(block)
    except (AttributeError, TypeError, ValueError):  # no user service, or an anonymous user
        return False
    user = get_user_model().objects.filter(id=learner.id, is_active=True).first()
    return user is not None and platform_api.is_course_staff(user, course_key_of(block))
