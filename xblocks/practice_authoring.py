"""
What authors see and change of a ``ve_adaptive_practice`` block: the Studio editor, its save, the author view.

Every setting's label, help and range come from the block's field declarations
(``xblocks.settings_form``); the caller is checked as course staff before a save.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.errors import InvalidValuesError, NotFoundError, VeEduError
from ve_edu_plugin.mastery import api as mastery_api
from xblocks import compat, fragments, settings_form
from xblocks.settings_form import InvalidSettingError, _

#: Settings with a range, in the editor's order (each declared once, on the block's field).
RANGED = ("max_questions", "daily_limit", "repeat_window", "max_attempts", "weight")

#: A mastery policy as an author reads it, by kind.
POLICY_TEXT = {
    "bkt_threshold": _("mastered when the estimated chance of knowing the skill reaches {percent}%"),
    "correct_in_a_row": _("mastered after {count} correct answers in a row"),
    "correct_of_last": _("mastered with {correct} correct of the last {last} answers"),
}

_MISSING = _(
    "Some subtopics of this practice are not in the course outline (removed, or the course was imported "
    "without them). Learners see 'This practice is not available'. Choose the subtopics again."
)
_NOT_SET = _("No subtopics chosen yet: learners see 'This practice has not been set up yet'.")


def describe_policy(policy: Mapping[str, Any] | None, gettext: settings_form.Gettext) -> str:
    """'mastered after 2 correct answers in a row' (or the course policy), never a Python dict."""
    if not policy:
        return gettext(_("the course's mastery policy"))
    template = POLICY_TEXT.get(str(policy.get("kind")))
    if template is None:
        return json.dumps(dict(policy))
    values = dict(policy)
    if "threshold" in values:
        values["percent"] = round(float(values["threshold"]) * 100)
    return gettext(template).format(**values)


def _subtopic_titles(block: Any) -> tuple[list[str], str | None]:
    """The targets by title, in the editor's order, and the warning to show if some cannot be found."""
    if not (block.subtopic_ids or block.subtopic_keys):
        return [], _NOT_SET
    try:
        wanted = block.target_ids()
        topics = curriculum_api.get_outline(compat.course_key_of(block))
    except VeEduError:
        return [], _MISSING
    titles = {sub.id: f"{topic.title} / {sub.title}" for topic in topics for sub in topic.subtopics.all()}
    found = [titles[sub_id] for sub_id in wanted if sub_id in titles]
    return found, None if len(found) == len(wanted) else _MISSING


def author_view(block: Any) -> Any:
    gettext = block.ugettext
    titles, problem = _subtopic_titles(block)
    lines = [block.display_name]
    if titles:
        lines.append(gettext(_("Subtopics: {titles}")).format(titles="; ".join(titles)))
    lines += [
        gettext(_("Mastery: {policy}")).format(policy=describe_policy(block.mastery_policy, gettext)),
        gettext(_("At most {total} questions, {daily} a day")).format(
            total=block.max_questions, daily=block.daily_limit
        ),
        gettext(_("No repeat within {window} questions; {attempts} attempts per question")).format(
            window=block.repeat_window, attempts=block.max_attempts
        ),
    ]
    return fragments.summary_fragment(block, lines, warnings=[gettext(problem)] if problem else [])


def studio_view(block: Any) -> Any:
    gettext = block.ugettext
    try:
        topics = curriculum_api.get_outline(compat.course_key_of(block))
    except NotFoundError:
        topics = []
    options = [
        {"value": sub.id, "label": f"{topic.title} / {sub.title}"}
        for topic in topics
        if not topic.archived
        for sub in topic.subtopics.all()
        if not sub.archived
    ]
    _titles, problem = _subtopic_titles(block)
    notes = [{"name": "subtopics_problem", "type": "warning", "text": gettext(problem)}] if problem else []
    policy = block.mastery_policy
    fields = [
        settings_form.editor_field(block, "display_name", gettext),
        settings_form.editor_field(block, "subtopic_ids", gettext, value=block._chosen_ids(), options=options),
        settings_form.editor_field(block, "mastery_policy", gettext, value=json.dumps(policy) if policy else ""),
        *(settings_form.editor_field(block, name, gettext) for name in RANGED),
    ]
    return fragments.studio_fragment(block, notes + fields)


def _subtopic_list(value: Any) -> list[int]:
    if not isinstance(value, list) or not value:
        raise InvalidSettingError(_("Choose at least one subtopic."))
    if any(isinstance(item, bool) for item in value):
        raise InvalidSettingError(_("Subtopics are chosen by id."))
    try:
        return [int(item) for item in value]
    except (TypeError, ValueError, OverflowError) as exc:
        raise InvalidSettingError(_("Subtopics are chosen by id.")) from exc


def _policy_json(value: Any) -> dict[str, Any]:
    if value in ("", None, {}):
        return {}
    try:
        data = json.loads(value) if isinstance(value, str) else value
        return mastery_api.parse_policy(data).to_dict()
    except (VeEduError, InvalidValuesError) as exc:  # before ValueError: a policy's refusal is one too
        problems = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in sorted((exc.field_errors or {}).items())
        )
        raise InvalidSettingError("{detail} {problems}", detail=exc.detail, problems=problems) from exc
    except (ValueError, RecursionError) as exc:
        raise InvalidSettingError(_("Not valid JSON.")) from exc


def save_settings(block: Any, values: Any) -> dict[str, Any]:
    """Validate every value (ranges from the fields), check the subtopics are the course's, then set them."""
    gettext = block.ugettext
    validators = {name: settings_form.validator_for(block.fields[name]) for name in ("display_name", *RANGED)}
    validators.update(subtopic_ids=_subtopic_list, mastery_policy=_policy_json)
    cleaned = settings_form.validate(values, validators, gettext)
    if "subtopic_ids" in cleaned:
        course_key = compat.course_key_of(block)
        try:
            known = {sub.id for topic in curriculum_api.get_outline(course_key) for sub in topic.subtopics.all()}
        except NotFoundError:
            known = set()
        unknown = [value for value in cleaned["subtopic_ids"] if value not in known]
        if unknown:
            message = gettext(_("Not subtopics of this course: {ids}.")).format(ids=", ".join(map(str, unknown)))
            raise settings_form.invalid({"subtopic_ids": [message]}, gettext)
    for name, value in cleaned.items():
        setattr(block, name, value)
    return {"saved": True}
