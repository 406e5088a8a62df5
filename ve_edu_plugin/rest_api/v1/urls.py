"""URLs of ``/api/ve-edu/v1/``."""

from django.urls import path

from ve_edu_plugin.rest_api.v1.analytics_views import (
    FitListView,
    GradebookView,
    ItemDetailView,
    ItemListView,
    MasteryDistributionView,
    RunDetailView,
    RunListView,
)
from ve_edu_plugin.rest_api.v1.assessment_views import (
    ActiveAssessmentsView,
    AssessmentSessionsView,
    ExtendAssessmentView,
    ResetAssessmentView,
)
from ve_edu_plugin.rest_api.v1.authoring_views import DraftPreviewView, QuestionVersionsView
from ve_edu_plugin.rest_api.v1.health_views import HealthView
from ve_edu_plugin.rest_api.v1.learning_views import AttemptsView, LearnerMasteryView, MyMasteryView
from ve_edu_plugin.rest_api.v1.outline_views import CurriculumTagsView, OutlineSyncView, OutlineView, SyncHistoryView
from ve_edu_plugin.rest_api.v1.question_views import (
    ImportRunView,
    QuestionDetailView,
    QuestionExportView,
    QuestionImportView,
    QuestionListView,
    QuestionPreviewView,
    QuestionRetireView,
)

COURSE = "courses/<str:course_id>/"
QUESTION = f"{COURSE}questions/<int:question_id>/"

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
    path(f"{COURSE}outline/", OutlineView.as_view(), name="outline"),
    path(f"{COURSE}outline/sync/", OutlineSyncView.as_view(), name="outline-sync"),
    path(f"{COURSE}outline/syncs/", SyncHistoryView.as_view(), name="outline-syncs"),
    path(f"{COURSE}outline/topics/<int:node_id>/", CurriculumTagsView.as_view(level="topic"), name="outline-topic"),
    path(
        f"{COURSE}outline/subtopics/<int:node_id>/",
        CurriculumTagsView.as_view(level="subtopic"),
        name="outline-subtopic",
    ),
    path(f"{COURSE}questions/", QuestionListView.as_view(), name="questions"),
    path(f"{COURSE}questions/import/", QuestionImportView.as_view(), name="questions-import"),
    path(f"{COURSE}questions/imports/<int:run_id>/", ImportRunView.as_view(), name="questions-import-run"),
    path(f"{COURSE}questions/export/", QuestionExportView.as_view(), name="questions-export"),
    path(f"{COURSE}questions/drafts/preview/", DraftPreviewView.as_view(), name="questions-preview"),
    path(QUESTION, QuestionDetailView.as_view(), name="question"),
    path(f"{QUESTION}retire/", QuestionRetireView.as_view(), name="question-retire"),
    path(f"{QUESTION}preview/", QuestionPreviewView.as_view(), name="question-preview"),
    path(f"{QUESTION}versions/", QuestionVersionsView.as_view(), name="question-versions"),
    path(f"{COURSE}mastery/me/", MyMasteryView.as_view(), name="mastery-me"),
    path(f"{COURSE}mastery/", LearnerMasteryView.as_view(), name="mastery"),
    path(f"{COURSE}attempts/", AttemptsView.as_view(), name="attempts"),
    path(f"{COURSE}analytics/items/", ItemListView.as_view(), name="analytics-items"),
    path(f"{COURSE}analytics/items/<int:question_id>/", ItemDetailView.as_view(), name="analytics-item"),
    path(f"{COURSE}analytics/mastery/", MasteryDistributionView.as_view(), name="analytics-mastery"),
    path(f"{COURSE}analytics/gradebook/", GradebookView.as_view(), name="analytics-gradebook"),
    path(f"{COURSE}analytics/fits/", FitListView.as_view(), name="analytics-fits"),
    path(f"{COURSE}analytics/runs/", RunListView.as_view(), name="analytics-runs"),
    path(f"{COURSE}analytics/runs/<int:run_id>/", RunDetailView.as_view(), name="analytics-run"),
    path(f"{COURSE}assessments/active/", ActiveAssessmentsView.as_view(), name="assessments-active"),
    path(f"{COURSE}assessments/", AssessmentSessionsView.as_view(), name="assessments"),
    path(f"{COURSE}assessments/<int:session_id>/extend/", ExtendAssessmentView.as_view(), name="assessment-extend"),
    path(f"{COURSE}assessments/<int:session_id>/reset/", ResetAssessmentView.as_view(), name="assessment-reset"),
]
