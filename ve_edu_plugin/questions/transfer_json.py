"""
The plugin's own JSON format for a course's question bank (what ``export`` writes)::

    {"format": "ve-edu-questions", "version": 1, "course_id": "course-v1:...",
     "questions": [{"id": "...", "type": "numeric", "subtopic": "block-v1:...+type@sequential+block@...",
                    "difficulty": 3, "status": "published", "tags": ["algebra"], "exam_level": "MSCE",
                    "form": 3, "subject_code": "MATH", "body": {...}}]}

``body`` is the canonical body of the question type (``schemas.py``). On import only ``type`` and
``body`` are required; a key left out keeps the question's current value (or the default for a new
question), while ``null`` clears ``subtopic`` and ``form``. Validation is strict (unknown keys are
errors) for the same reason bodies are: a misspelt key must not be ignored silently.

Pure: no database; ``transfer.py`` checks the result against the course and writes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ve_edu_plugin.errors import MalformedRequestError
from ve_edu_plugin.i18n import gettext, gettext_lazy
from ve_edu_plugin.json_input import load_json
from ve_edu_plugin.questions.transfer_data import (
    FIELD_NAMES,
    MAX_EXTERNAL_ID_LENGTH,
    IncomingQuestion,
    ReadResult,
    checked_body,
)

FORMAT_NAME = "ve-edu-questions"
FORMAT_VERSION = 1

_TOP_LEVEL = frozenset({"format", "version", "course_id", "questions"})
_QUESTION_KEYS = frozenset({"id", "type", "body", *FIELD_NAMES})
_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "subtopic": (str, int, type(None)),
    "difficulty": (int,),
    "status": (str,),
    "tags": (list,),
    "exam_level": (str,),
    "form": (int, type(None)),
    "subject_code": (str,),
}
_FIELD_HINTS = {
    "subtopic": gettext_lazy("a subsection usage key, a subtopic id or null"),
    "difficulty": gettext_lazy("a whole number from 1 to 5"),
    "status": gettext_lazy("draft, published or retired"),
    "tags": gettext_lazy("a list of strings"),
    "exam_level": gettext_lazy("MSCE, JCE or an empty string"),
    "form": gettext_lazy("a whole number from 1 to 4, or null"),
    "subject_code": gettext_lazy("a string"),
}


def export_document(course_id: str, questions: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The export document around the question entries (see :func:`question_entry`)."""
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "course_id": course_id, "questions": list(questions)}


def question_entry(
    *,
    external_id: str,
    question_type: str,
    subtopic: str | None,
    difficulty: int,
    status: str,
    tags: Sequence[str],
    exam_level: str,
    form: int | None,
    subject_code: str,
    body: Mapping[str, Any],
) -> dict[str, Any]:
    """One exported question, keys in the documented order."""
    return {
        "id": external_id,
        "type": question_type,
        "subtopic": subtopic,
        "difficulty": difficulty,
        "status": status,
        "tags": sorted(tags),
        "exam_level": exam_level,
        "form": form,
        "subject_code": subject_code,
        "body": dict(body),
    }


def read_json(data: bytes | Mapping[str, Any]) -> ReadResult:
    """Read an export document (raw bytes, or already parsed as by a REST JSON body)."""
    result = ReadResult()
    document: object = data
    if isinstance(data, bytes):
        try:
            document = load_json(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            result.error("file", gettext("is not UTF-8 text"))
            return result
        except MalformedRequestError as exc:  # not JSON, too deep, NaN or a lone surrogate
            result.error("file", gettext("is not valid JSON (%(detail)s)") % {"detail": exc.detail})
            return result
    if not isinstance(document, Mapping):
        result.error("file", gettext("must be a JSON object with format, version and questions"))
        return result
    if not _check_header(document, result):
        return result
    for index, item in enumerate(document["questions"]):
        incoming = _question(item, f"questions[{index}]", result)
        if incoming is not None:
            result.questions.append(incoming)
    return result


def _check_header(document: Mapping[str, Any], result: ReadResult) -> bool:
    for key in document:
        if key not in _TOP_LEVEL:
            result.error(str(key), gettext("unknown field"))
    if document.get("format") != FORMAT_NAME:
        result.error("format", gettext("must be %(format_name)s") % {"format_name": repr(FORMAT_NAME)})
    version = document.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        result.error(
            "version",
            gettext("must be %(format_version)s (the only version this plugin reads)")
            % {"format_version": FORMAT_VERSION},
        )
    if not isinstance(document.get("course_id", ""), str):
        result.error("course_id", gettext("must be a course id string"))
    if not isinstance(document.get("questions"), list):
        result.error("questions", gettext("required: a list of questions"))
    return not result.errors


def _question(item: object, location: str, result: ReadResult) -> IncomingQuestion | None:
    if not isinstance(item, Mapping):
        result.error(location, gettext("must be an object"))
        return None
    before = len(result.errors)
    for key in item:
        if key not in _QUESTION_KEYS:
            result.error(f"{location}.{key}", gettext("unknown field"))
    external_id = item.get("id")
    if external_id is not None and (
        not isinstance(external_id, str) or not external_id.strip() or len(external_id) > MAX_EXTERNAL_ID_LENGTH
    ):
        result.error(
            f"{location}.id",
            gettext("must be a non-empty string of at most %(max_external_id_length)s characters")
            % {"max_external_id_length": MAX_EXTERNAL_ID_LENGTH},
        )
    question_type = item.get("type")
    if not isinstance(question_type, str):
        result.error(f"{location}.type", gettext("required: the question type"))
        question_type = ""
    fields: dict[str, Any] = {}
    for name in FIELD_NAMES:
        if name not in item:
            continue
        value = item[name]
        if not isinstance(value, _FIELD_TYPES[name]) or isinstance(value, bool):
            result.error(f"{location}.{name}", gettext("must be %(field_hints)s") % {"field_hints": _FIELD_HINTS[name]})
        elif isinstance(value, list) and not all(isinstance(tag, str) for tag in value):
            result.error(f"{location}.tags", gettext("must be a list of strings"))
        else:
            fields[name] = str(value) if name == "subtopic" and value is not None else value
    body = checked_body(question_type, item.get("body"), location=location, result=result) if question_type else None
    return IncomingQuestion(
        location=location,
        external_id=external_id.strip() if isinstance(external_id, str) and external_id.strip() else None,
        question_type=question_type,
        body=body or {},
        fields=fields,
        rejected=body is None or len(result.errors) > before,
    )
