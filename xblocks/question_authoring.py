"""
What authors see and change of a ``ve_question`` block: the Studio editor, its save, the author view.

Kept apart from the learner handlers. Every setting's label, help and range come from the block's
field declarations (``xblocks.settings_form``); the inline question is written to the bank only
after the caller has been checked as course staff (``settings_form.require_author``).
"""

from __future__ import annotations

import json
from typing import Any

from ve_edu_plugin.curriculum import api as curriculum_api
from ve_edu_plugin.errors import NotFoundError, VeEduError
from ve_edu_plugin.json_input import load_json
from ve_edu_plugin.questions import api as questions_api
from xblocks import compat, fragments, question_editor_field, settings_form
from xblocks.settings_form import _

#: Block settings the editor shows, in order (each declared once, on the block's field).
SETTINGS = (
    "display_name",
    "question_id",
    "question_ref",
    "weight",
    "max_attempts",
    "reveal_early",
    "solution_after",
    "show_answer",
    "show_answer_after",
    "shuffle",
)

#: Author-facing warnings for a block whose question cannot be asked.
AUTHOR_WARNINGS = {
    "not_configured": _("No question chosen yet: set a bank question id or reference, or write a question below."),
    "question_missing": _(
        "The question {question} is not in this course's question bank (deleted, or the course was imported "
        "without its bank). Learners see 'This question is not available'. Choose another question or import "
        "the bank."
    ),
    "question_retired": _(
        "The question {question} is retired. Learners see 'This question is no longer in use'. Choose another "
        "question or publish it again in the bank."
    ),
}
_EARLY_WARNING = _("Learners will be able to copy the solution or answer into an attempt that is still graded.")
_ALWAYS_WARNING = _("The correct answer is shown before the first attempt: learners can copy it and score full marks.")
_NONE = "(none)"


def inline_ref(block: Any) -> str:
    """The external id of the question written in this block's editor."""
    return f"block:{compat.usage_key_string(block)}"


def _question_label(block: Any) -> str:
    if block.question_id:
        return f"#{block.question_id}"
    return repr(str(block.question_ref))


def warning(block: Any, problem: str) -> str:
    return block.ugettext(AUTHOR_WARNINGS[problem]).format(question=_question_label(block))


def describe_question(block: Any, question: Any) -> str:
    """'bank question 17 (reference "alg-1"): Solve ...' as an author reads it."""
    gettext = block.ugettext
    if question.external_id == inline_ref(block):
        head = gettext(_("Question {id} written in this component")).format(id=question.id)
    elif block.question_id:
        head = gettext(_("Bank question {id}")).format(id=question.id)
    else:
        head = gettext(_("Bank question {id} (reference {ref})")).format(id=question.id, ref=block.question_ref)
    title = (question.title or "").strip()
    return f"{head}: {title}" if title else head


def author_view(block: Any) -> Any:
    """Studio's unit page: a readable summary, or a warning when the question cannot be asked."""
    gettext = block.ugettext
    question, problem = block.lookup_question()
    lines = [block.display_name]
    warnings = [warning(block, problem)] if problem else []
    if question is not None:
        lines.append(describe_question(block, question))
    attempts = block.max_attempts or gettext(_("unlimited"))
    lines.append(gettext(_("Attempts: {attempts}; weight {weight}")).format(attempts=attempts, weight=block.weight))
    show = settings_form.choice_label(block.fields["show_answer"], block.show_answer, gettext)
    lines.append(gettext(_("Show answer: {when}")).format(when=show))
    if block.reveal_early:
        lines.append(
            gettext(_("Reveals early: solution after {n} wrong attempts")).format(n=block.solution_after)
            + " - "
            + gettext(_EARLY_WARNING)
        )
    return fragments.summary_fragment(block, lines, warnings=warnings)


def _subtopic_options(block: Any) -> list[dict[str, Any]]:
    try:
        topics = curriculum_api.get_outline(compat.course_key_of(block))
    except NotFoundError:
        topics = []
    options: list[dict[str, Any]] = [{"value": None, "label": block.ugettext(_("(none)"))}]
    for topic in topics:
        if topic.archived:
            continue
        options += [
            {"value": sub.id, "label": f"{topic.title} / {sub.title}"}
            for sub in topic.subtopics.all()
            if not sub.archived
        ]
    return options


def studio_view(block: Any) -> Any:
    """The editor: the question in use (and any problem with it), the block's settings, the inline question."""
    gettext = block.ugettext
    question, problem = block.lookup_question()
    notes: list[dict[str, Any]] = []
    if problem:
        notes.append({"name": "question_problem", "type": "warning", "text": warning(block, problem)})
    elif question is not None:
        notes.append({"name": "question_in_use", "type": "info", "text": describe_question(block, question)})
    inline = question if question is not None and question.external_id == inline_ref(block) else None
    version = inline.current_version if inline is not None else None
    fields = [settings_form.editor_field(block, name, gettext) for name in SETTINGS]
    for field in fields:
        if field["name"] == "reveal_early":
            field["warning"] = {"when": True, "text": gettext(_EARLY_WARNING)}
        elif field["name"] == "show_answer":
            field["warning"] = {"when": "always", "text": gettext(_ALWAYS_WARNING)}
    type_options = [{"value": name, "label": name.replace("_", " ")} for name in questions_api.question_types()]
    subtopics = _subtopic_options(block)
    editing = question if problem != "question_missing" else None
    fields += question_editor_field.editor_fields(block, editing, inline=inline is not None, subtopics=subtopics)
    advanced = [
        {
            "name": "inline_type",
            "label": gettext(_("Question type (question written here)")),
            "type": "select",
            "value": version.question_type if version is not None else "single_choice",
            "options": type_options,
        },
        {
            "name": "inline_body",
            "label": gettext(_("Question body (JSON, question written here)")),
            "type": "textarea",
            "value": json.dumps(version.body, indent=2, ensure_ascii=False) if version is not None else "",
            "help": gettext(_("The body as in the bank's JSON format; saved as a published bank question.")),
        },
        {
            "name": "inline_subtopic",
            "label": gettext(_("Subtopic (question written here)")),
            "type": "select",
            "value": inline.subtopic_id if inline is not None else None,
            "options": subtopics,
            "help": gettext(_("The subtopic whose mastery this question is evidence of.")),
        },
        {
            "name": "inline_difficulty",
            "label": gettext(_("Difficulty, 1 to 5 (question written here)")),
            "type": "number",
            "value": inline.difficulty if inline is not None else None,
            "help": gettext(_("Used by adaptive practice to fit questions to the learner; empty if unknown.")),
        },
    ]
    # The JSON form of the question written here, folded away ("advanced") behind the editor.
    fields += [{**field, "advanced": True} for field in advanced]
    return fragments.studio_fragment(block, notes + fields)


def _optional_id(value: Any) -> int | None:
    if value in (None, "", _NONE):
        return None
    if isinstance(value, bool):
        raise settings_form.InvalidSettingError(_("Must be a whole number."))
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise settings_form.InvalidSettingError(_("Must be a whole number.")) from exc


def _body_text(value: Any) -> str:
    if value in (None, ""):
        return ""
    if not isinstance(value, str):
        raise settings_form.InvalidSettingError(_("Must be text."))
    return value


def save_settings(block: Any, values: Any) -> dict[str, Any]:
    """Validate everything, write the inline question if one was given, then set the block's fields."""
    gettext = block.ugettext
    validators = {name: settings_form.validator_for(block.fields[name]) for name in SETTINGS}
    validators.update(
        inline_type=settings_form.one_of(*questions_api.question_types()),
        inline_body=_body_text,
        inline_subtopic=_optional_id,
        inline_difficulty=_optional_id,
        inline_question=question_editor_field.check_value,
    )
    cleaned = settings_form.validate(values, validators, gettext)
    course_key = compat.course_key_of(block)
    edited = cleaned.pop("inline_question", None)
    inline_body = cleaned.pop("inline_body", "")
    inline_type = cleaned.pop("inline_type", "single_choice")
    subtopic_id = cleaned.pop("inline_subtopic", None)
    difficulty = cleaned.pop("inline_difficulty", None)
    chosen = cleaned.get("question_id", block.question_id)
    existing = questions_api.list_questions(course_key).filter(external_id=inline_ref(block)).first()
    saved = None
    if edited is not None:
        chosen_id = _optional_id(chosen) or _ref_id(course_key, cleaned.get("question_ref", block.question_ref))
        saved = question_editor_field.save(
            block, edited, chosen=chosen_id, inline=existing, inline_ref=inline_ref(block)
        )
        if saved is not None and saved != chosen_id:
            cleaned["question_id"] = saved
    if saved is None:  # the editor wrote nothing: the JSON fields, or the question chosen by id or reference
        if inline_body and (not chosen or (existing is not None and chosen == existing.id)):
            cleaned["question_id"] = _save_inline(
                block,
                existing,
                question_type=inline_type,
                body_json=inline_body,
                subtopic_id=subtopic_id,
                difficulty=difficulty,
            )
        elif chosen:
            try:
                questions_api.get_question(course_key, int(chosen))
            except NotFoundError as exc:
                message = gettext(_("No question {id} in this course's bank.")).format(id=chosen)
                raise settings_form.invalid({"question_id": [message]}, gettext) from exc
        elif cleaned.get("question_ref", block.question_ref):
            ref = cleaned.get("question_ref", block.question_ref)
            try:
                questions_api.question_id_for_ref(course_key, ref)
            except NotFoundError as exc:
                message = gettext(_("No question with reference {ref} in this course's bank.")).format(ref=ref)
                raise settings_form.invalid({"question_ref": [message]}, gettext) from exc
    for name, value in cleaned.items():
        setattr(block, name, value)
    return {"saved": True, "question_id": block.question_id}


def _ref_id(course_key: Any, ref: str) -> int | None:
    """The id of the bank question a block names by reference (None: no reference, or none found)."""
    if not ref:
        return None
    try:
        return questions_api.question_id_for_ref(course_key, ref)
    except NotFoundError:
        return None


#: Bank field errors shown on the editor's inline fields.
_FIELD_OF = {"subtopic": "inline_subtopic", "difficulty": "inline_difficulty"}


def _save_inline(
    block: Any, existing: Any, *, question_type: str, body_json: str, subtopic_id: int | None, difficulty: int | None
) -> int:
    gettext = block.ugettext
    try:
        body = load_json(body_json)
    except VeEduError as exc:  # not JSON, too deep, NaN or a lone surrogate
        raise settings_form.invalid({"inline_body": [gettext(_("Not valid JSON."))]}, gettext) from exc
    course_key = compat.course_key_of(block)
    fields = questions_api.QuestionFields(
        external_id=inline_ref(block),
        status=questions_api.PUBLISHED,
        subtopic_id=subtopic_id,
        difficulty=difficulty,
        clear_subtopic=subtopic_id is None,
    )
    try:
        if existing is not None:
            question = questions_api.update_question(
                existing.id, course_key=course_key, question_type=question_type, body=body, fields=fields
            )
        else:
            question = questions_api.create_question(course_key, question_type=question_type, body=body, fields=fields)
    except VeEduError as exc:
        errors: dict[str, list[str]] = {}
        for name, messages in (exc.field_errors or {"inline_body": [exc.detail]}).items():
            if name.startswith("body"):  # "body.choices[0].text": keep the path, on the body field
                errors.setdefault("inline_body", []).extend(f"{name}: {message}" for message in messages)
            else:
                errors.setdefault(_FIELD_OF.get(name, name), []).extend(messages)
        raise settings_form.invalid(errors, gettext) from exc
    return int(question.id)
