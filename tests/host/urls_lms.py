"""LMS host urls: admin plus every plugin's urls, as ``lms/urls.py`` adds them."""

from django.contrib import admin
from django.urls import path
from edx_django_utils.plugins import get_plugin_url_patterns

urlpatterns = [path("admin/", admin.site.urls)]
urlpatterns.extend(get_plugin_url_patterns("lms.djangoapp"))
