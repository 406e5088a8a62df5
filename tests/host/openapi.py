"""
The plugin's OpenAPI document, as the LMS's ``/api-docs/`` describes it, written to a file.

``python -m tests.host.openapi [PATH]`` (``make openapi``) writes ``docs/openapi.yaml``: the
``/api/`` views the LMS host serves, which are the plugin's, through edx-api-doc-tools' own
generator (``ApiSchemaGenerator``), so the file is what the platform's page lists for them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ve_edu_plugin.rest_api.openapi import API_INFO

#: The host stands in for the LMS, whose ``api_info`` names all Open edX APIs; here there are only the plugin's.
HOST_API_INFO = API_INFO
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"


def openapi_yaml() -> str:
    """The Swagger 2.0 document of the LMS host's ``/api/`` tree, as YAML (stable between runs)."""
    from drf_yasg.codecs import OpenAPICodecYaml
    from edx_api_doc_tools import ApiSchemaGenerator

    generator = ApiSchemaGenerator(info=HOST_API_INFO, urlconf="tests.host.urls_lms")
    document = generator.get_schema(request=None, public=True)
    return OpenAPICodecYaml(validators=[]).encode(document).decode("utf-8")


def main(argv: list[str]) -> int:
    """Write the document to ``argv[0]`` (default ``docs/openapi.yaml``)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.host.settings.lms_test")
    import django

    django.setup()
    target = Path(argv[0]) if argv else DEFAULT_PATH
    target.write_text(openapi_yaml(), encoding="utf-8")
    print(f"Wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
