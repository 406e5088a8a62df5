"""
The timed assessment's events: TIMED_ASSESSMENT_SUBMITTED and TIMED_ASSESSMENT_FINALISED.

:func:`~ve_edu_plugin.assessments.finalise.finalise_session` calls :func:`announce` inside its
transaction and only when it closed the session (it finalises exactly once), so each event is sent
once per session and only after the commit (``hooks.api`` defers the sending). The payload names
the block by its usage key: the XBlock workbench's plain string ids are no usage keys, and sessions
there send nothing.
"""

from __future__ import annotations

import logging

from opaque_keys import InvalidKeyError
from opaque_keys.edx.keys import UsageKey

from ve_edu_plugin.assessments.models import AssessmentSession
from ve_edu_plugin.hooks import api as hooks_api

log = logging.getLogger(__name__)


def announce(session: AssessmentSession, *, by_learner: bool) -> None:
    """SUBMITTED when the learner's own submit closed the session, then FINALISED (every path)."""
    try:
        block_key = UsageKey.from_string(session.block_usage_key)
    except InvalidKeyError:
        log.info("No timed assessment events for session %s: %r is no usage key", session.pk, session.block_usage_key)
        return
    score = (session.score or 0.0) / session.max_score if session.max_score else 0.0
    attempt = hooks_api.AttemptFields(assessment_key=block_key, attempt_id=session.pk, score=score, at=session.finished)
    if by_learner:
        hooks_api.timed_assessment_submitted(session.user_id, session.course_key, **attempt)
    hooks_api.timed_assessment_finalised(session.user_id, session.course_key, **attempt)
