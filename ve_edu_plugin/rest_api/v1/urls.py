"""URLs of ``/api/ve-edu/v1/``."""

from django.urls import path

from ve_edu_plugin.rest_api.v1.health_views import HealthView
from ve_edu_plugin.rest_api.v1.outline_views import CurriculumTagsView, OutlineSyncView, OutlineView, SyncHistoryView

COURSE = "courses/<str:course_id>/"

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
]
