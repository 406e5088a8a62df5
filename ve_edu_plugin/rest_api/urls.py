"""Root of the plugin's URLs, mounted by the platform at ``^api/ve-edu/``."""

from django.urls import include, path, re_path

from ve_edu_plugin.rest_api.bank_page import bank_asset, bank_page
from ve_edu_plugin.rest_api.fallback_views import UnknownEndpointView

urlpatterns = [
    path("v1/", include("ve_edu_plugin.rest_api.v1.urls")),
    path("bank/static/<path:relative_path>", bank_asset, name="bank-asset"),
    path("bank/<str:course_id>/", bank_page, name="bank"),
    re_path(r"^.*$", UnknownEndpointView.as_view(), name="unknown-endpoint"),
]
