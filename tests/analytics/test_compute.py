"""A course's analytics computed from its attempt log, stored with the run, and fed back into practice."""

from __future__ import annotations

import pytest

from tests.analytics.seed import GENERATING, seed_answers
from ve_edu_plugin.analytics import api as analytics_api
from ve_edu_plugin.analytics.models import AnalyticsRun, CourseAnalyticsSettings, ItemStatistic, SkillFit
from ve_edu_plugin.mastery.bkt import BktParams
from ve_edu_plugin.mastery.models import SkillParameters
from ve_edu_plugin.questions.models import Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(learning_course, settings):
    settings.VE_EDU_ANALYTICS_FIT_BOUNDS = {"max_guess": 0.3, "max_slip": 0.3, "min_learners": 20, "min_answers": 100}
    questions = [learning_course.choice_question, *learning_course.practice_questions[learning_course.subtopic_ids[0]]]
    seed_answers(learning_course.course_key, questions, learners=40, rounds=2, seed=3)
    return learning_course


def test_a_run_stores_items_fits_and_distributions_per_subtopic(answered):
    run = analytics_api.run_now(answered.course_key)
    assert run.status == AnalyticsRun.DONE
    assert run.subtopics == len(answered.subtopic_ids) and run.subtopics_done == run.subtopics
    assert run.subtopics_failed == []
    rows = {row.question_id: row for row in ItemStatistic.objects.filter(run=run)}
    assert len(rows) == 5
    choice = rows[answered.choice_question]
    assert choice.answers == 80 and choice.learners == 40
    assert set(choice.choice_counts) == {"a", "b", "c", "d"}
    assert sum(choice.choice_counts.values()) == 80
    assert choice.facility is not None and 0 < choice.facility < 1
    # Difficulties are centred on the course's questions.
    difficulties = [row.difficulty for row in rows.values() if row.difficulty is not None]
    assert len(difficulties) == len(rows) and sum(difficulties) == pytest.approx(0.0, abs=1e-9)
    fits = SkillFit.objects.filter(run=run)
    assert fits.count() == len(answered.subtopic_ids)
    answered_fit = fits.get(subtopic_id=answered.subtopic_ids[0])
    assert answered_fit.answers == 400 and answered_fit.problems == [] and answered_fit.applied
    assert "needs 20 learners, has 0" in fits.get(subtopic_id=answered.subtopic_ids[1]).problems


def test_accepted_fits_and_measured_difficulty_feed_back_into_practice(answered):
    analytics_api.run_now(answered.course_key)
    stored = SkillParameters.objects.get(subtopic_id=answered.subtopic_ids[0])
    assert stored.source == "fitted" and stored.guess <= 0.3 and stored.slip <= 0.3
    assert not SkillParameters.objects.filter(subtopic_id=answered.subtopic_ids[1]).exists()
    measured = dict(Question.objects.filter(course_key=answered.course_key).values_list("id", "measured_difficulty"))
    easiest, hardest = (
        answered.practice_questions[answered.subtopic_ids[0]][0],
        answered.practice_questions[answered.subtopic_ids[0]][-1],
    )
    # The simulated questions differ by less than a level's logit, so the levels may tie; their order may not flip.
    easiest_measured, hardest_measured = measured[easiest], measured[hardest]
    assert easiest_measured is not None and hardest_measured is not None
    assert easiest_measured <= hardest_measured
    logits = dict(ItemStatistic.objects.values_list("question_id", "difficulty"))
    easiest_logit, hardest_logit = logits[easiest], logits[hardest]
    assert easiest_logit is not None and hardest_logit is not None and easiest_logit < hardest_logit
    assert measured[answered.practice_questions[answered.subtopic_ids[1]][0]] is None  # nobody answered


def test_the_course_switch_keeps_defaults_and_authors_difficulty(answered):
    CourseAnalyticsSettings.objects.create(
        course_key=answered.course_key, apply_fits=False, use_measured_difficulty=False
    )
    run = analytics_api.run_now(answered.course_key)
    assert not SkillParameters.objects.exists()
    assert not SkillFit.objects.filter(run=run, applied=True).exists()
    assert not Question.objects.filter(measured_difficulty__isnull=False).exists()


def test_a_failing_subtopic_does_not_lose_the_others(answered, monkeypatch):
    from ve_edu_plugin.analytics import compute

    original = compute.compute_subtopic
    broken = answered.subtopic_ids[1]

    def flaky(run_id, subtopic_id):
        if subtopic_id == broken:
            raise RuntimeError("database went away")
        return original(run_id, subtopic_id)

    monkeypatch.setattr(compute, "compute_subtopic", flaky)
    run = analytics_api.run_now(answered.course_key)
    assert run.status == AnalyticsRun.DONE and run.subtopics_failed == [broken]
    assert SkillFit.objects.filter(run=run, subtopic_id=answered.subtopic_ids[0]).exists()
    assert analytics_api.list_items(answered.course_key).count() == 5


def test_reads_show_the_latest_finished_run_and_filter(answered):
    analytics_api.run_now(answered.course_key)
    items = analytics_api.list_items(answered.course_key, subtopic_id=answered.subtopic_ids[0])
    assert items.count() == 5
    assert analytics_api.get_item(answered.course_key, answered.choice_question).learners == 40
    assert analytics_api.list_distributions(answered.course_key).count() == len(answered.subtopic_ids)
    with pytest.raises(analytics_api.InvalidRequestError):
        analytics_api.list_items(answered.course_key, flag="nonsense")


def test_the_admin_shows_fitted_next_to_current_parameters(answered, admin_client):
    analytics_api.run_now(answered.course_key)
    page = admin_client.get("/admin/ve_edu_plugin/skillfit/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "(fitted)" in text and "defaults" in text


def test_a_run_recovers_the_parameters_the_simulated_learners_follow(learning_course, settings):
    """Learners drawn from a known knowledge-tracing process (same for every question) give back its parameters."""
    settings.VE_EDU_ANALYTICS_FIT_BOUNDS = {"max_guess": 0.3, "max_slip": 0.3, "min_learners": 20, "min_answers": 200}
    subtopic = learning_course.subtopic_ids[0]
    questions = [learning_course.choice_question, *learning_course.practice_questions[subtopic]]
    seed_answers(learning_course.course_key, questions, learners=300, rounds=2, seed=11, item_spread=(0.0, 0.0))
    run = analytics_api.run_now(learning_course.course_key)
    fit = SkillFit.objects.get(run=run, subtopic_id=subtopic)
    assert fit.problems == [] and fit.applied and fit.answers == 3000
    for name in ("prior", "learn", "guess", "slip"):
        assert getattr(fit, name) == pytest.approx(getattr(GENERATING, name), abs=0.06), name


def test_median_time_is_measured_from_the_gaps_between_a_learners_answers(answered):
    run = analytics_api.run_now(answered.course_key)
    medians = list(ItemStatistic.objects.filter(run=run).values_list("median_seconds", flat=True))
    # The simulated gaps are gamma(2, 20) seconds: median about 34 s.
    assert all(median is not None and 20 < median < 50 for median in medians), medians


def test_each_version_of_a_question_gets_its_own_row(answered):
    from ve_edu_plugin.questions.bank import update_question

    choice = Question.objects.get(pk=answered.choice_question)
    assert choice.current_version is not None
    reworded = {**choice.current_version.body, "text": "The same question, reworded."}
    update_question(choice.id, course_key=answered.course_key, body=reworded)
    subtopic_questions = [choice.id, *answered.practice_questions[answered.subtopic_ids[0]]]
    seed_answers(answered.course_key, subtopic_questions, learners=30, rounds=1, seed=4)
    run = analytics_api.run_now(answered.course_key)
    row = ItemStatistic.objects.get(run=run, question_id=choice.id)
    versions = list(row.versions.all())
    assert [version.number for version in versions] == [1, 2]
    assert [(version.answers, version.learners) for version in versions] == [(80, 40), (30, 30)]
    assert row.answers == 110 and row.learners == 70
    assert [sum(version.choice_counts.values()) for version in versions] == [80, 30]
    assert all(version.median_seconds for version in versions)
    # Centred with the questions' shift: a version's difficulty is on the course's scale.
    first_only = ItemStatistic.objects.filter(run=run).exclude(question_id=choice.id)
    assert all(row.versions.get().difficulty == pytest.approx(row.difficulty) for row in first_only)


def test_a_fit_of_learners_who_never_learn_is_kept_refused_with_its_reason(learning_course, settings):
    settings.VE_EDU_ANALYTICS_FIT_BOUNDS = {"max_guess": 0.3, "max_slip": 0.3, "min_learners": 20, "min_answers": 100}
    subtopic = learning_course.subtopic_ids[0]
    questions = [learning_course.choice_question, *learning_course.practice_questions[subtopic]]
    frozen = BktParams(prior=0.4, learn=0.0, guess=0.2, slip=0.1)
    seed_answers(learning_course.course_key, questions, learners=60, rounds=2, seed=9, params=frozen)
    run = analytics_api.run_now(learning_course.course_key)
    fit = SkillFit.objects.get(run=run, subtopic_id=subtopic)
    assert fit.answers == 600 and not fit.applied
    assert any("no learning" in problem for problem in fit.problems), fit.problems
    assert not SkillParameters.objects.filter(subtopic_id=subtopic).exists()
