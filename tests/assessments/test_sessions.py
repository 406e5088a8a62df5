"""Starting, saving with grace and client keys, submitting, and finalisation's results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import JSONField, Value
from django.utils import timezone
from opaque_keys.edx.keys import CourseKey

from tests.assessments.conftest import BLOCK, answer, minutes, numeric_questions, right_answer
from ve_edu_plugin import errors
from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.assessments.models import AssessmentSession, SavedAnswer
from ve_edu_plugin.attempts.models import Attempt
from ve_edu_plugin.mastery.models import SkillState

pytestmark = pytest.mark.django_db


def _start(user, course, config, now):
    return assessments_api.start_session(user, course.course_key, BLOCK, config, now=now)


def test_start_freezes_questions_and_a_reload_resumes(make_user, learning_course, config):
    learner, now = make_user("ada"), timezone.now()
    state = _start(learner, learning_course, config, now)
    assert [q["question_id"] for q in state.questions] == list(config.question_ids)
    assert state.deadline == now + minutes(10) and state.seconds_left == 600
    again = _start(learner, learning_course, config, now + minutes(3))
    assert again.id == state.id and again.seconds_left == 420
    assert AssessmentSession.objects.count() == 1


def test_deadline_never_passes_the_due_date(make_user, learning_course, config):
    now = timezone.now()
    due_soon = assessments_api.AssessmentSettings(
        time_limit_minutes=60, question_ids=config.question_ids, due=now + minutes(5)
    )
    state = _start(make_user("ada"), learning_course, due_soon, now)
    assert state.deadline == now + minutes(5)


def test_saves_keep_the_latest_answer_and_a_resent_key_counts_once(make_user, learning_course, config):
    learner, now = make_user("ada"), timezone.now()
    _start(learner, learning_course, config, now)
    question = config.question_ids[0]
    first = answer(question, "1", at=now, key="key-00001")
    assert assessments_api.save_answers(learner, BLOCK, [first], now=now).stored == 1
    assert assessments_api.save_answers(learner, BLOCK, [first], now=now).duplicates == 1
    newer = answer(question, "2", at=now + timedelta(seconds=5), key="key-00002")
    assessments_api.save_answers(learner, BLOCK, [newer], now=now + timedelta(seconds=5))
    old_copy = answer(question, "0", at=now - timedelta(seconds=5), key="key-00000")
    assert assessments_api.save_answers(learner, BLOCK, [old_copy], now=now + timedelta(seconds=6)).stale == 1
    assert SavedAnswer.objects.get().answer == "2"


def test_a_null_answer_is_refused_and_a_stored_one_finalises_as_blank(make_user, learning_course, config):
    """A JSON null would reach the attempt log's NOT NULL column at finalisation (found by the fuzzer)."""
    learner, now = make_user("ada"), timezone.now()
    state = _start(learner, learning_course, config, now)
    q1, q2 = config.question_ids[:2]
    null = [answer(q1, None)]
    with pytest.raises(errors.InvalidRequestError) as refused:
        assessments_api.save_answers(learner, BLOCK, null, now=now)
    assert refused.value.field_errors == {"answers.0.answer": ["Must be given."]}
    with pytest.raises(errors.InvalidRequestError):
        assessments_api.submit_session(learner, BLOCK, answers=null, now=now)
    assessments_api.save_answers(learner, BLOCK, [answer(q2, right_answer(q2, learning_course))], now=now)
    SavedAnswer.objects.create(session_id=state.id, question_id=q1, answer="x", client_key="stray-key", saved=now)
    SavedAnswer.objects.filter(question_id=q1).update(answer=Value(None, JSONField()))
    finished = assessments_api.submit_session(learner, BLOCK, now=now + minutes(1))
    assert finished.status == "submitted" and finished.score == pytest.approx(1 / len(config.question_ids))
    assert list(Attempt.objects.filter(user=learner).values_list("question_id", flat=True)) == [q2]


def test_offline_answer_within_grace_is_kept_and_after_it_refused(make_user, learning_course, config):
    """Must show 4: typed before the deadline and arriving within the grace; a skewed clock gains nothing."""
    learner, now = make_user("ada"), timezone.now()
    state = _start(learner, learning_course, config, now)
    q1, q2, q3 = config.question_ids[:3]
    late = state.deadline + timedelta(seconds=60)
    kept = assessments_api.save_answers(learner, BLOCK, [answer(q1, "5", at=state.deadline - minutes(1))], now=late)
    assert kept.stored == 1
    with pytest.raises(errors.AssessmentClosedError):  # typed after the deadline
        assessments_api.save_answers(
            learner, BLOCK, [answer(q2, "5", at=state.deadline + timedelta(seconds=1))], now=late
        )
    with pytest.raises(errors.AssessmentClosedError):  # no client time: the server's time decides
        assessments_api.save_answers(learner, BLOCK, [answer(q2, "5")], now=late)
    skewed = answer(q3, "5", at=state.deadline - minutes(30))  # a clock running far behind
    with pytest.raises(errors.AssessmentClosedError) as refused:
        assessments_api.save_answers(learner, BLOCK, [skewed], now=state.closes + timedelta(seconds=1))
    assert refused.value.code == "assessment_closed"
    assert list(SavedAnswer.objects.values_list("question_id", flat=True)) == [q1]
    # The refused late save finalised the session lazily, with the deadline as its finish time.
    session = AssessmentSession.objects.get()
    assert session.status == AssessmentSession.EXPIRED and session.finished == state.deadline


def test_submit_grades_saved_answers_logs_them_and_updates_mastery(make_user, learning_course, config):
    learner, now = make_user("ada"), timezone.now()
    _start(learner, learning_course, config, now)
    q1, q2, q3 = config.question_ids[:3]
    assessments_api.save_answers(
        learner,
        BLOCK,
        [
            answer(q1, right_answer(q1, learning_course)),
            answer(q2, "999"),
            answer(q3, right_answer(q3, learning_course)),
        ],
        now=now,
    )
    state = assessments_api.submit_session(learner, BLOCK, now=now + minutes(4))
    assert state.status == "submitted" and state.finished == now + minutes(4)
    assert state.score == pytest.approx(2 / 5)
    logged = Attempt.objects.filter(user=learner, block_usage_key=BLOCK)
    assert sorted(logged.values_list("question_id", "correct")) == sorted([(q1, True), (q2, False), (q3, True)])
    assert SkillState.objects.filter(user=learner).exists()
    again = assessments_api.submit_session(learner, BLOCK, now=now + minutes(5))
    assert again.finished == state.finished and logged.count() == 3
    with pytest.raises(errors.AssessmentClosedError):
        assessments_api.save_answers(learner, BLOCK, [answer(q2, "1")], now=now + minutes(5))


def test_attempts_allowed_and_reset(make_user, learning_course, config):
    learner, now = make_user("ada"), timezone.now()
    first = _start(learner, learning_course, config, now)
    assessments_api.submit_session(learner, BLOCK, now=now + minutes(1))
    with pytest.raises(errors.ConflictError):
        _start(learner, learning_course, config, now + minutes(2))
    assessments_api.reset_learner(first.id, now=now + minutes(2))
    second = _start(learner, learning_course, config, now + minutes(3))
    assert second.id != first.id and second.attempt_number == 2
    assert AssessmentSession.objects.filter(user=learner).count() == 2


def test_extend_moves_the_open_deadline_and_applies_later(make_user, learning_course, config):
    learner, now = make_user("ada"), timezone.now()
    state = _start(learner, learning_course, config, now)
    extended = assessments_api.extend_time(state.id, extra_minutes=5, multiplier=1.5, now=now + minutes(1))
    assert extended.deadline == now + minutes(10 * 1.5 + 5)
    with pytest.raises(errors.InvalidRequestError):
        assessments_api.extend_time(state.id, multiplier=0.5)


def test_expired_sessions_are_finalised_lazily_with_the_deadline(make_user, learning_course, config):
    learners = [make_user(f"l{n}") for n in range(3)]
    now = timezone.now()
    for learner in learners:
        state = _start(learner, learning_course, config, now)
        assessments_api.save_answers(learner, BLOCK, [answer(config.question_ids[0], "1")], now=now)
    later = state.closes + timedelta(seconds=1)
    listed = list(assessments_api.sessions_of(learning_course.course_key, now=later))
    assert {session.status for session in listed} == {"expired"}
    assert {session.finished for session in listed} == {state.deadline}
    assert assessments_api.finalise_expired(now=later) == 0


def test_an_unsatisfiable_blueprint_is_refused_at_start_and_reported(make_user, learning_course):
    subtopic = learning_course.subtopic_ids[0]
    rows = [
        assessments_api.BlueprintRow(count=2, subtopic_id=subtopic),
        assessments_api.BlueprintRow(count=9, difficulty_min=5),
    ]
    short = assessments_api.blueprint_shortfalls(learning_course.course_key, rows)
    assert [(item.row, item.wanted) for item in short] == [(1, 9)]
    config = assessments_api.AssessmentSettings(time_limit_minutes=5, blueprint=tuple(rows))
    with pytest.raises(errors.ConflictError):
        _start(make_user("ada"), learning_course, config, timezone.now())


def test_blueprint_draw_is_frozen_per_learner(make_user, learning_course):
    rows = (assessments_api.BlueprintRow(count=3),)
    config = assessments_api.AssessmentSettings(time_limit_minutes=5, blueprint=rows, shuffle_questions=True)
    ada, now = make_user("ada"), timezone.now()
    drawn = [q["question_id"] for q in _start(ada, learning_course, config, now).questions]
    assert len(set(drawn)) == 3
    assert set(drawn) <= {learning_course.choice_question, *numeric_questions(learning_course)}
    again = [q["question_id"] for q in _start(ada, learning_course, config, now + minutes(1)).questions]
    assert again == drawn


def test_platform_backend_sets_the_score_through_edx_submissions(make_user, learning_course, config, settings):
    """Outside a request the score goes where the LMS grades app listens: edx-submissions."""
    from submissions import api as submissions_api

    settings.VE_EDU_PLATFORM_BACKEND = "platform"
    learner, now = make_user("ada"), timezone.now()
    assessments_api.start_session(
        learner, learning_course.course_key, BLOCK, config, anonymous_student_id="anon-ada", now=now
    )
    q1 = config.question_ids[0]
    assessments_api.save_answers(learner, BLOCK, [answer(q1, right_answer(q1, learning_course))], now=now)
    assert assessments_api.finalise_expired(now=now + minutes(20)) == 1
    item = {
        "student_id": "anon-ada",
        "course_id": str(learning_course.course_key),
        "item_id": BLOCK,
        "item_type": "ve_timed_assessment",
    }
    score = submissions_api.get_score(item)
    assert (score["points_earned"], score["points_possible"]) == (100, 500)


def test_standalone_backend_keeps_the_score_locally(make_user, learning_course, config):
    from submissions.models import Score

    learner, now = make_user("ada"), timezone.now()
    _start(learner, learning_course, config, now)
    assessments_api.submit_session(learner, BLOCK, now=now)
    assert AssessmentSession.objects.get().score == 0.0
    assert not Score.objects.exists()
    assert CourseKey.from_string(str(learning_course.course_key))


def test_the_command_finalises_expired_sessions_and_checks_its_arguments(make_user, learning_course, config):
    from io import StringIO

    from django.core.management import CommandError, call_command

    learner = make_user("ada")
    past = timezone.now() - minutes(30)
    _start(learner, learning_course, config, past)
    out = StringIO()
    call_command("ve_edu_finalise_expired", "--course", str(learning_course.course_key), stdout=out)
    assert "Finalised 1 expired" in out.getvalue()
    assert AssessmentSession.objects.get().status == "expired"
    with pytest.raises(CommandError, match="not a valid course id"):
        call_command("ve_edu_finalise_expired", "--course", "nonsense")
