"""
LMS host urls: admin plus the plugin's urls, as ``lms/urls.py`` adds plugin urls.

The blocks' static files are served at the workbench runtime's resource route (the LMS has its own,
``/xblock/resource/``): the blocks link them rather than inlining them.
"""

from django.contrib import admin
from django.urls import path
from edx_api_doc_tools import make_docs_urls

from tests.host.block_resources import cached_package_resource
from tests.host.openapi import HOST_API_INFO
from tests.host.own_plugin import own_plugin_url_patterns

urlpatterns = [
    path("admin/", admin.site.urls),
    path("workbench/resource/<str:block_type>/<path:resource>", cached_package_resource, name="package_resource"),
]
urlpatterns.extend(own_plugin_url_patterns("lms.djangoapp"))
# As the platform's urls do: /api-docs/ (and /swagger.json|yaml) describe every /api/ view.
urlpatterns += make_docs_urls(HOST_API_INFO)
