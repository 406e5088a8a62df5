"""LMS host urls: admin plus the plugin's urls, as ``lms/urls.py`` adds plugin urls."""

from django.contrib import admin
from django.urls import path

from tests.host.own_plugin import own_plugin_url_patterns

urlpatterns = [path("admin/", admin.site.urls)]
urlpatterns.extend(own_plugin_url_patterns("lms.djangoapp"))
