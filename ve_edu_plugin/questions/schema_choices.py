"""
The body rules of the two choice types, ``single_choice`` and ``multiple_choice``: their choices
(ids, text, which are correct, per-choice feedback), partial credit and combination feedback.

Kept apart from :mod:`ve_edu_plugin.questions.schemas` (the entry point, :func:`validate_body`, and
the types whose answer is a value: numeric, text, formula); both build on the checks every type
shares in :mod:`ve_edu_plugin.questions.schema_fields`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ve_edu_plugin.grading.bodies import (
    Choice,
    CombinationFeedback,
    MultipleChoiceBody,
    PartialCredit,
    SingleChoiceBody,
)
from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions.schema_fields import (
    COMMON_FIELDS,
    Issues,
    bool_field,
    common_fields,
    html_field,
    unknown_fields,
)

MAX_CHOICES = 26 * 2

_CHOICE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_PARTIAL_CREDIT_NAMES = {
    "none": PartialCredit.NONE,
    "false": PartialCredit.NONE,
    "every_decision_counts": PartialCredit.EVERY_DECISION_COUNTS,
    "edc": PartialCredit.EVERY_DECISION_COUNTS,
    "halves": PartialCredit.HALVES,
}


def _choices(body: Mapping[str, Any], issues: Issues, *, allow_unselected_feedback: bool) -> tuple[Choice, ...]:
    raw_choices = body.get("choices")
    if not isinstance(raw_choices, list):
        issues.add(
            "choices",
            gettext("required: a list of choices") if raw_choices is None else gettext("must be a list of choices"),
        )
        return ()
    if not 2 <= len(raw_choices) <= MAX_CHOICES:
        issues.add("choices", gettext("must have between 2 and %(max_choices)s choices") % {"max_choices": MAX_CHOICES})
    allowed = {"id", "text", "correct", "feedback", "fixed"}
    if allow_unselected_feedback:
        allowed.add("feedback_unselected")
    seen: set[str] = set()
    choices: list[Choice] = []
    for index, raw in enumerate(raw_choices):
        path = f"choices[{index}]"
        if not isinstance(raw, Mapping):
            issues.add(path, gettext("must be an object"))
            continue
        before = issues.count
        unknown_fields(raw, frozenset(allowed), issues, prefix=f"{path}.")
        choice_id = raw.get("id")
        if not isinstance(choice_id, str) or not _CHOICE_ID.fullmatch(choice_id):
            issues.add(f"{path}.id", gettext("required: 1-64 letters, digits, '_' or '-'"))
        elif choice_id in seen:
            issues.add(f"{path}.id", gettext("duplicate id %(choice_id)s") % {"choice_id": repr(choice_id)})
        else:
            seen.add(choice_id)
        text = html_field(raw.get("text"), f"{path}.text", issues, required=True)
        correct = raw.get("correct")
        if not isinstance(correct, bool):
            issues.add(f"{path}.correct", gettext("required: true or false"))
        feedback = html_field(raw.get("feedback"), f"{path}.feedback", issues, required=False)
        unselected = html_field(raw.get("feedback_unselected"), f"{path}.feedback_unselected", issues, required=False)
        fixed = bool_field(raw, "fixed", issues, default=False, prefix=f"{path}.")
        if issues.count == before:
            choices.append(
                Choice(
                    id=str(choice_id),
                    text=text or "",
                    correct=bool(correct),
                    feedback=feedback,
                    feedback_unselected=unselected,
                    fixed=fixed,
                )
            )
    return tuple(choices)


def single_choice(body: Mapping[str, Any], issues: Issues) -> SingleChoiceBody | None:
    unknown_fields(body, COMMON_FIELDS | {"choices"}, issues)
    common = common_fields(body, issues)
    choices = _choices(body, issues, allow_unselected_feedback=False)
    if choices and sum(choice.correct for choice in choices) != 1:
        issues.add("choices", gettext("exactly one choice must be correct"))
    if issues.count:
        return None
    return SingleChoiceBody(choices=choices, **common)


def multiple_choice(body: Mapping[str, Any], issues: Issues) -> MultipleChoiceBody | None:
    unknown_fields(body, COMMON_FIELDS | {"choices", "partial_credit", "combination_feedback"}, issues)
    common = common_fields(body, issues)
    choices = _choices(body, issues, allow_unselected_feedback=True)
    if choices and not any(choice.correct for choice in choices):
        issues.add("choices", gettext("at least one choice must be correct (an empty selection is never graded)"))
    raw_credit = body.get("partial_credit", "none")
    partial_credit = _PARTIAL_CREDIT_NAMES.get(raw_credit.strip().lower()) if isinstance(raw_credit, str) else None
    if partial_credit is None:
        issues.add("partial_credit", gettext("must be one of none, every_decision_counts, halves"))
    combinations = _combination_feedback(body.get("combination_feedback", []), {c.id for c in choices}, issues)
    if issues.count or partial_credit is None:
        return None
    return MultipleChoiceBody(
        choices=choices, partial_credit=partial_credit, combination_feedback=combinations, **common
    )


def _combination_feedback(raw: object, choice_ids: set[str], issues: Issues) -> tuple[CombinationFeedback, ...]:
    if not isinstance(raw, list):
        issues.add("combination_feedback", gettext("must be a list of {choices, feedback}"))
        return ()
    items: list[CombinationFeedback] = []
    seen: set[frozenset[str]] = set()
    for index, entry in enumerate(raw):
        path = f"combination_feedback[{index}]"
        if not isinstance(entry, Mapping):
            issues.add(path, gettext("must be an object"))
            continue
        unknown_fields(entry, frozenset({"choices", "feedback"}), issues, prefix=f"{path}.")
        ids = entry.get("choices")
        if not isinstance(ids, list) or not ids or not all(isinstance(item, str) for item in ids):
            issues.add(f"{path}.choices", gettext("required: a non-empty list of choice ids"))
            continue
        unknown = [item for item in ids if item not in choice_ids]
        if unknown:
            issues.add(f"{path}.choices", gettext("unknown choice ids: %(unknown)s") % {"unknown": ", ".join(unknown)})
            continue
        key = frozenset(ids)
        if key in seen:
            issues.add(f"{path}.choices", gettext("the same combination appears twice"))
        seen.add(key)
        feedback = html_field(entry.get("feedback"), f"{path}.feedback", issues, required=True)
        if feedback is not None:
            items.append(CombinationFeedback(choice_ids=key, feedback=feedback))
    return tuple(items)
