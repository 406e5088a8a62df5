"""
Dev host urls: the LMS host, the XBlock workbench at ``/workbench/``, and a plain login page.

``/login/`` is for every demo user: Django admin's login admits staff only, so ``teacher`` and
``learner`` could not get a session there to call the REST API from the browser.
"""

from django.contrib.auth.views import LoginView, LogoutView
from django.urls import include, path
from django.views.generic import RedirectView

from tests.host.plugins.analytics_page import analytics_page
from tests.host.urls_lms import urlpatterns as lms_urlpatterns

urlpatterns = [
    path("", RedirectView.as_view(url="/workbench/", permanent=False)),
    path("login/", LoginView.as_view(template_name="host/login.html"), name="host_login"),
    path("logout/", LogoutView.as_view(next_page="/login/"), name="host_logout"),
    path("analytics/<str:course_id>/", analytics_page, name="host_analytics"),
    *lms_urlpatterns,
    path("workbench/", include("workbench.urls")),
]
