"""Every message id of the Python code and the templates is in the English and Chichewa catalogues."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "ve_edu_plugin" / "conf" / "locale"
PACKAGES = ("ve_edu_plugin", "xblocks")
#: The names Django's makemessages extracts from Python (``--keyword`` defaults).
MARKERS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy", "pgettext", "npgettext"}
_TRANS = re.compile(r"""{%\s*trans(?:late)?\s+(["'])(.*?)\1\s*(?:noop\s*)?%}""")


def _called_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def python_msgids() -> set[str]:
    """The literal first argument of every translation marker in the packages' Python code."""
    ids: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and _called_name(node) in MARKERS and node.args:
                    first = node.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        ids.add(first.value)
    return ids


def template_msgids() -> set[str]:
    """The ``{% trans "..." %}`` messages of the packages' templates."""
    ids: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("templates/**/*.html"):
            ids.update(match[1] for match in _TRANS.findall(path.read_text(encoding="utf-8")))
    return ids


def catalogue(language: str, domain: str = "django") -> dict[str, str]:
    """The compiled catalogue of ``language`` (what the platform loads), header left out."""
    with open(LOCALE / language / "LC_MESSAGES" / f"{domain}.mo", "rb") as compiled:
        # The parsed catalogue is an attribute the typeshed stubs leave out.
        parsed: dict[str, str] = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    return {key: value for key, value in parsed.items() if key}


def po_msgids(language: str, domain: str = "django") -> set[str]:
    """The message ids written in ``language``'s ``.po`` source (English leaves translations empty)."""
    text = (LOCALE / language / "LC_MESSAGES" / f"{domain}.po").read_text(encoding="utf-8")
    entries = re.findall(r'^msgid ((?:".*"\n)+)msgstr', text, re.MULTILINE)
    return {ast.literal_eval(" ".join(re.findall(r'^(".*")$', e, re.MULTILINE)) or '""') for e in entries} - {""}


def test_the_code_marks_messages_and_the_templates_too():
    assert len(python_msgids()) > 40
    assert template_msgids(), "the blocks' templates go through {% trans %}"


def test_every_python_and_template_message_is_in_both_catalogues_and_translated_to_chichewa():
    ids = python_msgids() | template_msgids()
    assert not ids - po_msgids("en"), sorted(ids - po_msgids("en"))
    assert not ids - po_msgids("ny"), sorted(ids - po_msgids("ny"))
    chichewa = catalogue("ny")
    untranslated = sorted(msgid for msgid in ids if not chichewa.get(msgid) or chichewa[msgid] == msgid)
    assert not untranslated, untranslated


def test_the_error_titles_a_handler_may_show_are_all_marked_for_translation():
    from ve_edu_plugin import errors
    from xblocks.errors import TITLES

    classes = [errors.VeEduError]
    titles = set()
    while classes:
        cls = classes.pop()
        titles.add(cls.title)
        classes.extend(cls.__subclasses__())
    assert titles - {"Error"} <= set(TITLES), sorted(titles - set(TITLES))


def test_the_graders_messages_are_all_marked_for_translation():
    from xblocks.errors import GRADING_MESSAGES

    literal: set[str] = set()
    for path in (ROOT / "ve_edu_plugin" / "grading").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            if _called_name(node) == "failed" and len(node.args) == 2:
                messages = [node.args[1]]
            elif _called_name(node) == "typed_answer":  # the messages of a refused typed answer
                messages = [keyword.value for keyword in node.keywords]
            else:
                continue
            literal.update(m.value for m in messages if isinstance(m, ast.Constant) and isinstance(m.value, str))
    assert len(literal) > 10
    assert literal <= set(GRADING_MESSAGES), sorted(literal - set(GRADING_MESSAGES))
