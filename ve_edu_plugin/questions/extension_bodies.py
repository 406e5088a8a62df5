"""
Bodies of question types other packages add (``ve_edu.question_types`` entry points).

The type's own ``validate`` checks its schema; the shared HTML fields are then checked and
sanitised here with the built-in rules, so templates can trust an extension's body as much as a
built-in one, and a sloppy extension check that raises is still a 400 listing the problem.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from ve_edu_plugin.grading.question_types import QuestionTypeSpec
from ve_edu_plugin.questions.bodies import BaseBody
from ve_edu_plugin.questions.body_errors import BodyValidationError

_COMMON_HTML = ("text", "solution", "explanation")


def extension_body(
    spec: QuestionTypeSpec, body: Mapping[str, Any], common: Callable[[Mapping[str, Any]], dict[str, Any]]
) -> BaseBody:
    """
    The validated body of ``spec``'s type; ``common`` checks and sanitises the shared fields.

    Raises BodyValidationError listing the problems.
    """
    try:
        result = spec.validate(body)
    except BodyValidationError:
        raise
    except (TypeError, ValueError, KeyError) as exc:  # an extension's sloppy check is still a 400, never a 500
        raise BodyValidationError([("", f"the body is not valid: {exc}")]) from exc
    if not isinstance(result, BaseBody) or result.question_type != spec.name:
        raise BodyValidationError([("", f"the {spec.name} type did not return a {spec.name} body")])
    shared = {key: getattr(result, key) for key in _COMMON_HTML} | {"hints": list(result.hints)}
    return dataclasses.replace(result, **common(shared))
