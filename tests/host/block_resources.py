"""
The workbench's block-resource view, cacheable as the LMS's collected static files are.

In production the LMS serves a block's local resources from its collected static files (behind a
CDN, cached for long); the workbench serves them with no caching headers at all, so a browser would
fetch them again on every view. A versioned URL (``?v=``, which the blocks add) is cached for a year;
an unversioned one is revalidated each time.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from workbench.views import package_resource


def cached_package_resource(request: HttpRequest, block_type: str, resource: str) -> HttpResponse:
    """``workbench.views.package_resource`` with the cache headers of a static file."""
    response = package_resource(request, block_type, resource)
    if request.GET.get("v"):
        patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    else:
        patch_cache_control(response, no_cache=True)
    return response
