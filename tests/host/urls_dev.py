"""Dev host urls: the LMS host plus the XBlock workbench at ``/workbench/``."""

from django.urls import include, path
from django.views.generic import RedirectView

from tests.host.urls_lms import urlpatterns as lms_urlpatterns

urlpatterns = [
    path("", RedirectView.as_view(url="/workbench/", permanent=False)),
    *lms_urlpatterns,
    path("workbench/", include("workbench.urls")),
]
