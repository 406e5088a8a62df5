"""
What authors and staff see of a ``ve_timed_assessment`` block: the Studio editor and its save, the
author view, and the rows of the staff sessions list.

A blueprint the bank cannot satisfy is refused on save with the rows that fall short, and shown
as a warning in the author view, so no learner ever meets it at Start.
"""

from __future__ import annotations

import json
from typing import Any

from ve_edu_plugin.assessments import api as assessments_api
from ve_edu_plugin.errors import NotFoundError
from ve_edu_plugin.questions import api as questions_api
from xblocks import compat, fragments, settings_form
from xblocks.settings_form import InvalidSettingError, _

PLAIN = (
    "display_name",
    "time_limit_minutes",
    "grace_seconds",
    "shuffle_questions",
    "shuffle_choices",
    "attempts_allowed",
    "show_results",
    "weight",
    "preset",
)


def resolve_question_ids(block: Any) -> list[int]:
    """The fixed questions by id: numbers are ids, text is a bank external id (as OLX names them)."""
    course_key = compat.course_key_of(block)
    resolved = []
    for ref in block.question_ids or []:
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            resolved.append(int(ref))
        else:
            resolved.append(questions_api.question_id_for_ref(course_key, str(ref)))
    return resolved


def shortfall_messages(block: Any, rows: list[assessments_api.BlueprintRow]) -> list[str]:
    """One line per blueprint row the course's published questions cannot fill."""
    gettext = block.ugettext
    return [
        gettext(_("Row {row} asks for {wanted} questions; the bank has {available} that fit.")).format(
            row=item.row + 1, wanted=item.wanted, available=item.available
        )
        for item in assessments_api.blueprint_shortfalls(compat.course_key_of(block), rows)
    ]


def author_view(block: Any) -> Any:
    gettext = block.ugettext
    rows, _errors = assessments_api.parse_blueprint(block.blueprint or [])
    warnings = [] if block.question_ids else shortfall_messages(block, rows)
    if not block.question_ids and not rows:
        warnings.append(
            gettext(_("No questions chosen yet: set fixed questions, a blueprint or the mock-paper preset."))
        )
    lines = [
        block.display_name,
        gettext(_("{count} questions, {minutes} minutes (+{grace} s grace), {attempts} attempt(s)")).format(
            count=block.question_count(),
            minutes=block.time_limit_minutes,
            grace=block.grace_seconds,
            attempts=block.attempts_allowed,
        ),
        gettext(_("Results: {when}")).format(
            when=settings_form.choice_label(block.fields["show_results"], block.show_results, gettext)
        ),
    ]
    return fragments.summary_fragment(block, lines, warnings=warnings)


def studio_view(block: Any) -> Any:
    gettext = block.ugettext
    rows, _errors = assessments_api.parse_blueprint(block.blueprint or [])
    short = [] if block.question_ids else shortfall_messages(block, rows)
    notes = [{"name": "blueprint_shortfall", "type": "warning", "text": " ".join(short)}] if short else []
    fields = [
        settings_form.editor_field(block, "display_name", gettext),
        settings_form.editor_field(block, "time_limit_minutes", gettext),
        settings_form.editor_field(block, "grace_seconds", gettext),
        settings_form.editor_field(
            block, "question_ids", gettext, type="text", value=", ".join(str(ref) for ref in block.question_ids)
        ),
        settings_form.editor_field(
            block, "blueprint", gettext, type="textarea", value=json.dumps(block.blueprint) if block.blueprint else ""
        ),
        *(settings_form.editor_field(block, name, gettext) for name in PLAIN[3:]),
    ]
    return fragments.studio_fragment(block, notes + fields)


def _refs(value: Any) -> list[int | str]:
    if value in (None, ""):
        return []
    items = value if isinstance(value, list) else str(value).replace("\n", ",").split(",")
    refs: list[int | str] = []
    for item in items:
        text = str(item).strip()
        if text:
            refs.append(int(text) if text.isdigit() else text[:255])
    if len(refs) > 200:
        raise InvalidSettingError(_("At most {count} questions."), count=200)
    return refs


def _blueprint(value: Any) -> list[dict[str, Any]]:
    if value in (None, "", []):
        return []
    try:
        data = json.loads(value) if isinstance(value, str) else value
    except ValueError as exc:
        raise InvalidSettingError(_("Not valid JSON.")) from exc
    if not isinstance(data, list):
        raise InvalidSettingError(_("Must be a list of rows."))
    _rows, errors = assessments_api.parse_blueprint(data)
    if errors:
        raise InvalidSettingError(
            "{problems}", problems="; ".join(f"{name}: {' '.join(text)}" for name, text in sorted(errors.items()))
        )
    return [dict(row) for row in data]


def save_settings(block: Any, values: Any) -> dict[str, Any]:
    """Check every value (ranges from the fields), the questions against the bank, then set them."""
    gettext = block.ugettext
    validators = {name: settings_form.validator_for(block.fields[name]) for name in PLAIN}
    validators.update(question_ids=_refs, blueprint=_blueprint)
    cleaned = settings_form.validate(values, validators, gettext)
    course_key = compat.course_key_of(block)
    if cleaned.get("preset") == "mock_paper":
        cleaned["blueprint"] = [
            {key: value for key, value in vars(row).items() if value not in (None, "")}
            for row in assessments_api.mock_paper_rows(course_key)
        ]
        cleaned["question_ids"] = []
    errors: dict[str, list[str]] = {}
    for ref in cleaned.get("question_ids", []):
        try:
            if isinstance(ref, int):
                questions_api.question_snapshot(course_key, ref)
            else:
                questions_api.question_id_for_ref(course_key, ref)
        except NotFoundError:
            errors.setdefault("question_ids", []).append(
                gettext(_("Not a question of this course: {ref}.")).format(ref=ref)
            )
    if not cleaned.get("question_ids", block.question_ids) and "blueprint" in cleaned:
        rows, _errors = assessments_api.parse_blueprint(cleaned["blueprint"])
        if not rows:
            errors["blueprint"] = [gettext(_("Set fixed questions or at least one blueprint row."))]
        short = shortfall_messages(block, rows)
        if short:
            errors["blueprint"] = short
    if errors:
        raise settings_form.invalid(errors, gettext)
    for name, value in cleaned.items():
        setattr(block, name, value)
    return {"saved": True, "question_count": block.question_count()}
