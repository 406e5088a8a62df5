"""
The plugin's JSON parser: any body a client can send is parsed or refused with a 4xx, never a 500.

DRF's own parser lets through what the layers behind it cannot take (see ``json_input``). Bodies
over Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` are refused with a 413 before they are read whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils.translation import gettext
from rest_framework.parsers import JSONParser

from ve_edu_plugin import errors
from ve_edu_plugin.json_input import load_json


def body_limit() -> int | None:
    """Django's limit on a body read into memory (``None``: no limit)."""
    limit = getattr(settings, "DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
    return int(limit) if limit is not None else None


class StrictJSONParser(JSONParser):
    """DRF's JSON parser with the plugin's limits: size (413), depth, constants and surrogates (400)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None) -> Any:
        limit = body_limit()
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise errors.PayloadTooLargeError(
                gettext("The request body is larger than %(limit)s bytes.") % {"limit": limit}
            )
        return load_json(raw)
