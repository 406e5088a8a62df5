"""
Building the blocks' fragments from their static files (shared by every view).

The CSS and JavaScript are linked, not inlined: each file is served by the runtime as the block's
local resource (``runtime.local_resource_url``, the platform's ``/xblock/resource/`` or its collected
static copy), so a learner's browser fetches it once and reuses it on every later view. A learner on
a metered phone then pays for the template and the handler calls only (issue "few bytes").
"""

from __future__ import annotations

import json
from typing import Any

from web_fragments.fragment import Fragment

from xblocks.resources import read, version

#: Where the served files live in the ``xblocks`` package: the blocks' ``public_dir``.
PUBLIC_DIR = "static"


def asset_url(block: Any, relative_path: str) -> str:
    """
    The runtime's URL of ``xblocks/static/<relative_path>``, tagged with the file's content version.

    The version query makes a changed file a new URL, so the file can be cached for long without a
    learner ever running an old script against a new template.
    """
    url = str(block.runtime.local_resource_url(block, f"{PUBLIC_DIR}/{relative_path}"))
    return f"{url}{'&' if '?' in url else '?'}v={version(f'{PUBLIC_DIR}/{relative_path}')}"


def catalogue_path(language: str | None) -> str | None:
    """The blocks' JS catalogue of ``language`` (``js/translations/<code>.js``), None for English or none."""
    from importlib import resources

    for code in dict.fromkeys([(language or "").lower(), (language or "").lower().split("-")[0]]):
        if code and code != "en":
            path = f"js/translations/{code}.js"
            if resources.files("xblocks").joinpath(PUBLIC_DIR, path).is_file():
                return path
    return None


def add_catalogue(block: Any, fragment: Fragment) -> None:
    """Link the catalogue of the request's language, so the blocks' script speaks it (``ve_common.js``)."""
    from django.utils import translation

    path = catalogue_path(translation.get_language())
    if path is not None:
        fragment.add_javascript_url(asset_url(block, path))


def render_template(template: str) -> str:
    """
    ``xblocks/templates/<template>`` rendered by Django, so its ``{% trans %}`` words are in the learner's language.

    A standalone engine (built-in tags only): the blocks' templates need nothing from the host's settings.
    """
    from django.template import Context, Engine

    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    return engine.from_string(read(f"templates/{template}")).render(Context({}))


def learner_fragment(block: Any, template: str, script: str, init: str, init_args: dict[str, Any]) -> Fragment:
    """
    Template + the shared scripts (helpers, question view) + the block's script + the learner CSS,
    initialised with ``init_args``.

    ``mathjax_url`` (``VE_EDU_MATHJAX_URL``) goes with every learner view: ``ve_maths.js`` loads it
    only when the page has no MathJax of its own, to typeset the authors' LaTeX.
    """
    from ve_edu_plugin.conf import setting

    fragment = Fragment(render_template(template))
    fragment.add_css_url(asset_url(block, "css/ve_blocks.css"))
    fragment.add_javascript_url(asset_url(block, "js/ve_maths.js"))
    add_catalogue(block, fragment)
    fragment.add_javascript_url(asset_url(block, "js/ve_common.js"))
    fragment.add_javascript_url(asset_url(block, "js/ve_question_view.js"))
    fragment.add_javascript_url(asset_url(block, f"js/{script}"))
    fragment.initialize_js(init, json_args={**init_args, "mathjax_url": str(setting("VE_EDU_MATHJAX_URL") or "")})
    return fragment


def studio_fragment(block: Any, fields: list[dict[str, Any]]) -> Fragment:
    """The generic Studio editor form for ``fields`` (posted to the block's ``save_settings``)."""
    fragment = Fragment(render_template("ve_studio_editor.html"))
    fragment.add_css_url(asset_url(block, "css/ve_blocks.css"))
    fragment.add_css_url(asset_url(block, "css/ve_studio_editor.css"))
    add_catalogue(block, fragment)
    fragment.add_javascript_url(asset_url(block, "js/ve_common.js"))
    fragment.add_javascript_url(asset_url(block, "js/ve_question_editor.js"))
    fragment.add_javascript_url(asset_url(block, "js/ve_studio_editor.js"))
    fragment.initialize_js("VeStudioEditor", json_args={"fields": json.loads(json.dumps(fields, default=str))})
    return fragment


def summary_fragment(block: Any, lines: list[str], *, warnings: list[str] | None = None) -> Fragment:
    """A plain author-view summary (Studio's unit page), warnings first."""
    from html import escape

    alerts = "".join(f'<p class="ve-warning" role="alert">{escape(text)}</p>' for text in warnings or ())
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    fragment = Fragment(f'<div class="ve-block ve-author-summary">{alerts}<ul>{items}</ul></div>')
    fragment.add_css_url(asset_url(block, "css/ve_blocks.css"))
    return fragment
