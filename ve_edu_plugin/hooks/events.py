"""
The plugin's openedx-events: what happened, for receivers in-process and across services.

Named ``org.openedx.ve_edu.<subdomain>.<subject>.<action>.v1`` and annotated as openedx-events
writes them. The plugin sends them only after the transaction that made the change commits (see
``hooks/api.py``), so a receiver never sees an event whose change was rolled back. An operator
sends them to the event bus with ``EVENT_BUS_PRODUCER_CONFIG`` like any Open edX event.
"""

from openedx_events.tooling import OpenEdxPublicSignal

from ve_edu_plugin.hooks.data import ItemAnalysisData, OutlineSyncData, SubtopicMasteryData, TimedAssessmentAttemptData

__all__ = [
    "COURSE_OUTLINE_SYNC_FINISHED",
    "ITEM_ANALYSIS_FINISHED",
    "SUBTOPIC_MASTERY_REACHED",
    "TIMED_ASSESSMENT_FINALISED",
    "TIMED_ASSESSMENT_SUBMITTED",
]


def _signal(event_type: str, **data: type) -> OpenEdxPublicSignal:
    """An event of ``event_type`` whose payload is each attrs class under its key.

    Each declaration below is one line under its documentation annotations (which openedx-events'
    docs tooling reads), so what an event is stays in the annotations, not in repeated boilerplate.
    """
    return OpenEdxPublicSignal(event_type=event_type, data=data)


# .. event_type: org.openedx.ve_edu.mastery.subtopic.reached.v1
# .. event_name: SUBTOPIC_MASTERY_REACHED
# .. event_key_field: mastery.course_key
# .. event_description: Emitted when an answer takes a learner to mastery of a subtopic under the
#    course's (or block's) mastery policy; not again until mastery is lost and reached again.
# .. event_data: SubtopicMasteryData
# .. event_trigger_repository: ve-edu-plugin (ve_edu_plugin/mastery/api.py, record_answer)
SUBTOPIC_MASTERY_REACHED = _signal("org.openedx.ve_edu.mastery.subtopic.reached.v1", mastery=SubtopicMasteryData)

# .. event_type: org.openedx.ve_edu.assessments.timed.submitted.v1
# .. event_name: TIMED_ASSESSMENT_SUBMITTED
# .. event_key_field: attempt.course_key
# .. event_description: Emitted when a learner submits a timed assessment, once per session and
#    before its TIMED_ASSESSMENT_FINALISED (a session whose time ran out sends only the latter).
# .. event_data: TimedAssessmentAttemptData
# .. event_trigger_repository: ve-edu-plugin (ve_edu_plugin/assessments/finalise.py, finalise_session)
TIMED_ASSESSMENT_SUBMITTED = _signal(
    "org.openedx.ve_edu.assessments.timed.submitted.v1", attempt=TimedAssessmentAttemptData
)

# .. event_type: org.openedx.ve_edu.assessments.timed.finalised.v1
# .. event_name: TIMED_ASSESSMENT_FINALISED
# .. event_key_field: attempt.course_key
# .. event_description: Emitted once per timed assessment session when it is graded and closed,
#    whichever path finalised it (submit, the Celery task, a later request, the command, a reset).
# .. event_data: TimedAssessmentAttemptData
# .. event_trigger_repository: ve-edu-plugin (ve_edu_plugin/assessments/finalise.py, finalise_session)
TIMED_ASSESSMENT_FINALISED = _signal(
    "org.openedx.ve_edu.assessments.timed.finalised.v1", attempt=TimedAssessmentAttemptData
)

# .. event_type: org.openedx.ve_edu.curriculum.outline_sync.finished.v1
# .. event_name: COURSE_OUTLINE_SYNC_FINISHED
# .. event_key_field: sync.course_key
# .. event_description: Emitted when a course outline sync succeeded and was recorded, with the
#    number of operations applied per kind (dry runs and failed syncs send nothing).
# .. event_data: OutlineSyncData
# .. event_trigger_repository: ve-edu-plugin (ve_edu_plugin/curriculum/sync.py, sync_outline)
COURSE_OUTLINE_SYNC_FINISHED = _signal("org.openedx.ve_edu.curriculum.outline_sync.finished.v1", sync=OutlineSyncData)

# .. event_type: org.openedx.ve_edu.analytics.item_analysis.finished.v1
# .. event_name: ITEM_ANALYSIS_FINISHED
# .. event_key_field: analysis.course_key
# .. event_description: Emitted once per analytics run of a course, when its last subtopic closed
#    the run and the run did not fail (a run whose every subtopic failed sends nothing).
# .. event_data: ItemAnalysisData
# .. event_trigger_repository: ve-edu-plugin (ve_edu_plugin/analytics/compute.py, finish_run)
ITEM_ANALYSIS_FINISHED = _signal("org.openedx.ve_edu.analytics.item_analysis.finished.v1", analysis=ItemAnalysisData)
