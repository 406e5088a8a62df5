"""Studio host urls: admin plus the plugin's urls, as ``cms/urls.py`` adds plugin urls."""

from django.contrib import admin
from django.urls import path
from edx_api_doc_tools import make_docs_urls

from tests.host.openapi import HOST_API_INFO
from tests.host.own_plugin import own_plugin_url_patterns

urlpatterns = [path("admin/", admin.site.urls)]
urlpatterns.extend(own_plugin_url_patterns("cms.djangoapp"))
# As the platform's urls do: /api-docs/ (and /swagger.json|yaml) describe every /api/ view.
urlpatterns += make_docs_urls(HOST_API_INFO)
