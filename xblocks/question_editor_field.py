"""
The question editor inside a ``ve_question`` block's Studio editor (``static/js/ve_question_editor.js``).

The editor shows the question the block asks, whether written in the block or taken from the bank,
with per-type fields instead of JSON; a search box picks another bank question. Saving from the
editor writes the bank: an edited bank question gets a new version (every block asking it then
asks the new version; answers already given keep theirs), so the editor says how many blocks
learners have answered it in. The raw JSON fields stay, folded away as "advanced".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.errors import VeEduError
from ve_edu_plugin.questions import api as questions_api
from xblocks import compat, settings_form
from xblocks.settings_form import _

#: Where the platform mounts the plugin's URLs, in the LMS and in Studio (``apps.py``'s url_config).
PLUGIN_ROOT = "/api/ve-edu/"
#: The name of the editor's value in a save, and the prefix of its errors ("inline_question.body.text").
FIELD = "inline_question"
_META = ("subtopic", "difficulty", "exam_level", "form", "tags")


def api_base(block: Any) -> str:
    return f"{PLUGIN_ROOT}v1/courses/{compat.course_key_of(block)}/"


def editor_value(question: Any) -> dict[str, Any] | None:
    """The question as the editor loads it: its body with the author's LaTeX, and where it belongs."""
    if question is None or question.current_version is None:
        return None
    return {
        "question_id": question.id,
        "type": question.current_version.question_type,
        "body": questions_api.body_source(question.current_version.body),
        "subtopic": question.subtopic_id,
        "difficulty": question.difficulty,
        "exam_level": question.exam_level,
        "form": question.form,
        "tags": sorted(tag.tag for tag in question.tags.all()),
    }


def editor_fields(block: Any, question: Any, *, inline: bool, subtopics: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The search, the link to the bank page and the editor, as fields of the Studio form."""
    gettext = block.ugettext
    course_key = compat.course_key_of(block)
    fields: list[dict[str, Any]] = [
        {
            "name": "question_search",
            "type": "question_search",
            "label": gettext(_("Find a question in the bank")),
            "help": gettext(
                _("Search by words of the question and by subtopic; choosing one sets the bank question id.")
            ),
            "api": api_base(block),
            "subtopics": subtopics,
        },
        {
            "name": "bank_link",
            "type": "link",
            "text": gettext(_("Open the course's question bank")),
            "href": f"{PLUGIN_ROOT}bank/{course_key}/",
        },
    ]
    value = editor_value(question)
    note = None
    if value is not None and not inline:
        note = gettext(
            _(
                "This is bank question {id}: saving changes here adds a new version to the bank, which every "
                "block asking it then uses (answers already given keep their version). Learners have answered "
                "it in {count} block(s)."
            )
        ).format(id=question.id, count=attempts_api.blocks_answering(question.id))
    fields.append(
        {
            "name": FIELD,
            "type": "question_editor",
            "label": gettext(_("The question")),
            "value": value,
            "note": note,
            "api": api_base(block),
            "subtopics": subtopics,
        }
    )
    return fields


def check_value(value: Any) -> dict[str, Any] | None:
    """The editor's value as sent: None (nothing written), or ``{type, body, ...}``."""
    if value in (None, ""):
        return None
    if not isinstance(value, Mapping) or not isinstance(value.get("body"), Mapping):
        raise settings_form.InvalidSettingError(_("Must be a question from the editor."))
    return dict(value)


def save(block: Any, value: Mapping[str, Any], *, chosen: int | None, inline: Any, inline_ref: str) -> int | None:
    """
    Write the edited question to the bank; the id the block then asks, or None when the editor's
    question is not the one the block will ask (the author chose another by id: it is left alone).
    """
    loaded = value.get("question_id")
    course_key = compat.course_key_of(block)
    if loaded and loaded == chosen:
        target: int | None = int(loaded)
    elif not loaded and (not chosen or (inline is not None and chosen == inline.id)):
        target = inline.id if inline is not None else None
    else:
        return None
    fields = _question_fields(block, value, new_inline=target is None, inline_ref=inline_ref)
    try:
        if target is not None:
            question = questions_api.update_question(
                target, course_key=course_key, question_type=value.get("type"), body=dict(value["body"]), fields=fields
            )
        else:
            question = questions_api.create_question(
                course_key, question_type=str(value.get("type")), body=dict(value["body"]), fields=fields
            )
    except VeEduError as exc:
        errors = {f"{FIELD}.{name}": list(messages) for name, messages in (exc.field_errors or {}).items()}
        raise settings_form.invalid(errors or {FIELD: [exc.detail]}, block.ugettext) from exc
    return int(question.id)


def _question_fields(block: Any, value: Mapping[str, Any], *, new_inline: bool, inline_ref: str) -> Any:
    meta = {name: value.get(name) for name in _META}
    tags = meta["tags"] if isinstance(meta["tags"], list) else None
    return questions_api.QuestionFields(
        external_id=inline_ref if new_inline else None,
        status=questions_api.PUBLISHED if new_inline else None,
        subtopic_id=meta["subtopic"] or None,
        clear_subtopic=not meta["subtopic"],
        difficulty=meta["difficulty"] or None,
        exam_level=meta["exam_level"] if isinstance(meta["exam_level"], str) else None,
        form=meta["form"] or None,
        clear_form=not meta["form"],
        tags=[str(tag) for tag in tags] if tags is not None else None,
    )
