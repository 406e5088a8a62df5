"""URLs of ``/api/ve-edu/v1/``."""

from django.urls import path

from ve_edu_plugin.rest_api.v1.health_views import HealthView

urlpatterns = [
    path("health/", HealthView.as_view(), name="health"),
]
