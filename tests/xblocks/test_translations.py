"""The blocks' JavaScript messages are in the English and Chichewa catalogues, and served in Chichewa."""

from __future__ import annotations

import gettext
import importlib.util
import json
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from tests.learning_fixtures import HandlerClient

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "ve_edu_plugin" / "conf" / "locale"
_MESSAGE = re.compile(r"""\b_\(\s*'((?:[^'\\]|\\.)*)'\s*\)""")


def _js_msgids() -> set[str]:
    ids: set[str] = set()
    for script in (ROOT / "xblocks" / "static" / "js").glob("*.js"):
        source = script.read_text(encoding="utf-8")
        ids.update(json.loads('"' + match.replace("\\'", "'") + '"') for match in _MESSAGE.findall(source))
    return ids


def _po_msgids(language: str) -> set[str]:
    """The message ids of ``language``'s djangojs.po (English leaves every translation empty)."""
    text = (LOCALE / language / "LC_MESSAGES" / "djangojs.po").read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:".*"\n)+)msgstr', text, re.MULTILINE)
    return {"".join(re.findall(r'"(.*)"', entry)).replace('\\"', '"') for entry in entries} - {""}


def _catalogue(language: str) -> dict[str, str]:
    with open(LOCALE / language / "LC_MESSAGES" / "djangojs.mo", "rb") as compiled:
        # The parsed catalogue is an attribute the typeshed stubs leave out.
        parsed: dict[str, str] = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in parsed.items() if key}


def test_every_message_of_the_blocks_scripts_is_in_both_catalogues_and_translated_to_chichewa():
    ids = _js_msgids()
    assert len(ids) > 40, ids
    assert ids <= _po_msgids("en"), ids - _po_msgids("en")
    assert ids <= _po_msgids("ny"), ids - _po_msgids("ny")
    chichewa = _catalogue("ny")
    untranslated = {msgid for msgid in ids if not chichewa.get(msgid) or chichewa[msgid] == msgid}
    assert not untranslated, untranslated


def test_the_served_chichewa_catalogue_is_the_compiled_one():
    spec = importlib.util.spec_from_file_location("translations_script", ROOT / "scripts" / "translations.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    served = (ROOT / "xblocks" / "static" / "js" / "translations" / "ny.js").read_text(encoding="utf-8")
    assert served == script.js_catalogue("ny"), "run `make translations`"


@pytest.mark.django_db
@pytest.mark.parametrize("xml", ["<ve_question/>", "<ve_adaptive_practice/>"])
def test_a_learner_view_in_chichewa_links_the_chichewa_catalogue_and_english_links_none(xml):
    block = HandlerClient(xml).block
    with translation.override("ny"):
        urls = [resource.data for resource in block.student_view({}).resources]
    catalogue = [url for url in urls if "/static/js/translations/ny.js" in url]
    assert len(catalogue) == 1, urls
    served = Client().get(catalogue[0])
    assert served.status_code == 200 and "Tumizani" in served.content.decode(), "Submit, in Chichewa"
    assert urls.index(catalogue[0]) < next(i for i, url in enumerate(urls) if "ve_common.js" in url)
    with translation.override("en"):
        assert not any("/translations/" in resource.data for resource in block.student_view({}).resources)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("xml", "english"),
    [
        ("<ve_question/>", "This question has not been set up yet."),
        ("<ve_adaptive_practice/>", "This practice has not been set up yet."),
    ],
)
def test_a_block_tells_a_chichewa_learner_in_chichewa_through_the_i18n_service(xml, english):
    block = HandlerClient(xml).block
    with translation.override("ny"):
        data = block.student_view_data()
    message = data["error"]["message"]
    assert message and message != english and "setup" not in message and "yet" not in message, message
