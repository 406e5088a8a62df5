"""
``make translations``: extract the messages, compile the catalogues, write the blocks' JS catalogues.

The catalogues live in ``ve_edu_plugin/conf/locale/<language>/LC_MESSAGES`` (the layout the Open edX
translation pipeline, atlas, reads and writes): ``django.po`` for Python and templates, ``djangojs.po``
for the blocks' JavaScript. English is the source language; Chichewa (``ny``) is translated here.
The compiled ``djangojs.mo`` of each language is also written as ``xblocks/static/js/translations/
<language>.js``, which the blocks serve with their other static files (``xblocks/fragments.py``).
"""

from __future__ import annotations

import gettext
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "ve_edu_plugin" / "conf" / "locale"
JS_CATALOGUES = ROOT / "xblocks" / "static" / "js" / "translations"
LANGUAGES = ("en", "ny")
IGNORED = [".venv*", ".dev", ".tox", "build", "dist", "tests", "benchmarks", "tutor", "platform_check", "scripts"]


def _django() -> None:
    import django
    from django.conf import settings

    settings.configure(LOCALE_PATHS=[str(LOCALE)], USE_I18N=True, INSTALLED_APPS=[])
    django.setup()


def js_catalogue(language: str) -> str:
    """The JavaScript that registers ``language``'s compiled djangojs catalogue for the blocks."""
    with open(LOCALE / language / "LC_MESSAGES" / "djangojs.mo", "rb") as compiled:
        catalogue = {key: value for key, value in gettext.GNUTranslations(compiled)._catalog.items() if key and value}
    body = json.dumps(dict(sorted(catalogue.items())), ensure_ascii=False, indent=0, sort_keys=True)
    return (
        f"/* The blocks' messages in '{language}', from conf/locale ({Path(__file__).name} writes this file). */\n"
        f"window.VeEduCatalogue = {body};\n"
    )


def main() -> int:
    from django.core.management import call_command

    _django()
    os.chdir(ROOT)
    for domain in ("django", "djangojs"):
        call_command(
            "makemessages",
            domain=domain,
            locale=list(LANGUAGES),
            ignore_patterns=IGNORED,
            no_location=True,
            verbosity=0,
        )
    call_command("compilemessages", locale=list(LANGUAGES), verbosity=0)
    JS_CATALOGUES.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        if language != "en":
            (JS_CATALOGUES / f"{language}.js").write_text(js_catalogue(language), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
