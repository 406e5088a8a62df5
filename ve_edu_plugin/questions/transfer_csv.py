r"""
Questions from a spreadsheet: one question per row of a CSV file (UTF-8, comma-separated, a header row).

Authors who keep their questions in a spreadsheet can import them without writing JSON. Rows are
numbered as a spreadsheet numbers them: the header is row 1, the first question row 2. A row whose
cells are all empty is ignored. Columns may come in any order; only ``type`` and ``text`` are
required, and a column that is not in the file at all leaves that field of an updated question as
it is (an empty cell means the default). Unknown and repeated columns are an error, so a misspelt
header is not ignored silently; the rows are still read, so the same report lists every row's
errors too (without a required column the rows cannot be read, and only the header is reported).

Lists in one cell are separated by ``|``; write ``\|`` for a ``|`` inside an item (``|x|``) and
``\\`` for a backslash. Booleans are ``true``/``false`` (also ``yes``/``no``, ``1``/``0``); empty is
false.

=================  ========================================================================
column             meaning
=================  ========================================================================
``id``             external id: a later import with the same id updates that question
                   (empty: every import adds a new question)
``type``           ``single_choice``, ``multiple_choice``, ``numeric``, ``text`` or ``formula``
``subtopic``       the subsection's usage key (``block-v1:...+type@sequential+block@...``) or
                   the subtopic id; empty: none
``difficulty``     1 (easy) to 5 (hard); empty: 3
``status``         ``draft``, ``published`` or ``retired``; empty: ``draft``
``tags``           free tags, ``|``-separated (letters, digits, ``. : + - _``)
``exam_level``     ``MSCE``, ``JCE`` or empty
``form``           1 to 4, or empty
``subject_code``   e.g. ``MATH``
``text``           the question (HTML or plain text); required
``choices``        choice questions: the choices, ``|``-separated; their ids are a, b, c, ...
``correct``        choice questions: the correct choices, ``|``-separated, as letters (``b``,
                   ``a|c``) or 1-based positions (``2``, ``1|3``)
``feedback``       choice questions: feedback shown when a choice is selected, ``|``-separated in
                   the order of ``choices`` (an empty item: none for that choice)
``partial_credit`` multiple choice: ``none`` (default), ``every_decision_counts`` or ``halves``
``answer``         numeric: the value (``42``, ``2*pi``) or a range (``[1.5, 2.5)``); text: the
                   accepted answers, ``|``-separated; formula: the expected expression
``tolerance``      numeric and formula: an absolute tolerance (``0.01``) or a percentage (``1%``)
``case_sensitive`` text and formula answers; default false
``regexp``         text: the accepted answers are regular expressions; default false
``variables``      formula: ``name=low:high`` per variable, ``|``-separated (``x=1:5|y=-2:2``)
``samples``        formula: number of sample points; empty: 20
``hints``          hints shown one more after each new wrong answer, ``|``-separated
``solution``       the worked solution (HTML)
``explanation``    shown once the learner is right or the answer is revealed (HTML)
=================  ========================================================================

A column that does not apply to the row's type must be empty. Pure: no database.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping
from typing import Any

from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.questions.transfer_data import (
    MAX_EXTERNAL_ID_LENGTH,
    IncomingQuestion,
    ReadResult,
    checked_body,
)

COLUMNS = (
    "id", "type", "subtopic", "difficulty", "status", "tags", "exam_level", "form", "subject_code", "text",
    "choices", "correct", "feedback", "partial_credit", "answer", "tolerance", "case_sensitive", "regexp",
    "variables", "samples", "hints", "solution", "explanation",
)  # fmt: skip
REQUIRED_COLUMNS = ("type", "text")
_COMMON = frozenset({"id", "type", "subtopic", "difficulty", "status", "tags", "exam_level", "form", "subject_code"})
_COMMON_BODY = frozenset({"text", "hints", "solution", "explanation"})
#: The body columns each type reads (besides the common ones).
_TYPE_COLUMNS: dict[str, frozenset[str]] = {
    "single_choice": frozenset({"choices", "correct", "feedback"}),
    "multiple_choice": frozenset({"choices", "correct", "feedback", "partial_credit"}),
    "numeric": frozenset({"answer", "tolerance"}),
    "text": frozenset({"answer", "case_sensitive", "regexp"}),
    "formula": frozenset({"answer", "tolerance", "case_sensitive", "variables", "samples"}),
}
#: Where a body field comes from, to name the column in an error.
_COLUMN_OF_BODY_FIELD = {
    "question_type": "type",
    "choices": "choices",
    "partial_credit": "partial_credit",
    "value": "answer",
    "range": "answer",
    "alternatives": "answer",
    "expected": "answer",
    "tolerance": "tolerance",
    "variables": "variables",
    "samples": "samples",
    "case_sensitive": "case_sensitive",
    "regexp": "regexp",
    "hints": "hints",
    "solution": "solution",
    "explanation": "explanation",
    "text": "text",
}
_TRUE, _FALSE = frozenset({"true", "yes", "1"}), frozenset({"false", "no", "0", ""})
_FIELD = re.compile(r"^(?P<field>[a-z_]+)(?:\[(?P<index>\d+)\])?(?:\.(?P<sub>[a-z_]+))?")


#: Bounds checked before the work: a bank file has a few dozen columns; files above a few thousand
#: rows are imported by a Celery task (``VE_EDU_IMPORT_TASK_BYTES``).
MAX_COLUMNS = 100
MAX_ROWS = 100_000


def read_csv(data: bytes) -> ReadResult:
    """Read every row; rows with errors are reported, never half-imported."""
    result = ReadResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.error("file", gettext("is not UTF-8 text (save the spreadsheet as 'CSV UTF-8')"))
        return result
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            result.error("file", gettext("is empty: a header row is required"))
            return result
        if len(header) > MAX_COLUMNS:  # checked before the header is read (the file had 50,000)
            result.error(
                "columns",
                gettext("the header has %(header)s columns; at most %(max_columns)s are read")
                % {"header": len(header), "max_columns": MAX_COLUMNS},
            )
            return result
        columns = [name.strip().lower() for name in header]
        readable = _check_header(columns, result)
        if readable is None:
            return result
        for row_number, cells in enumerate(reader, start=2):
            if row_number > MAX_ROWS + 1:
                result.error(
                    "file",
                    gettext("has more than %(max_rows)s rows; split it into several imports") % {"max_rows": MAX_ROWS},
                )
                break
            if not any(cell.strip() for cell in cells):
                continue
            location = f"row {row_number}"
            if len(cells) > len(columns):
                result.error(
                    location,
                    gettext("has %(cells)s cells but the header has %(columns)s columns")
                    % {"cells": len(cells), "columns": len(columns)},
                )
                continue
            padded = [*cells, *[""] * (len(columns) - len(cells))]
            row = {columns[index]: padded[index] for index in readable}
            result.questions.append(_row(row, location, result))
    except csv.Error as exc:
        result.error("file", gettext("is not a readable CSV file (%(exc)s)") % {"exc": exc})
    return result


def split_list(cell: str) -> list[str]:
    r"""Split a cell at ``|``; ``\|`` is a literal bar and ``\\`` a backslash. Items are stripped."""
    items: list[str] = []
    current: list[str] = []
    characters = iter(cell)
    for character in characters:
        if character == "\\":
            following = next(characters, "")
            current.append(following if following in "|\\" and following else "\\" + following)
        elif character == "|":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(character)
    items.append("".join(current).strip())
    return items


def _check_header(header: list[str], result: ReadResult) -> list[int] | None:
    """
    The positions of the columns the rows are read from, after reporting every header error.

    An unknown or repeated column fails the import but does not stop the rows from being read (the
    unknown column's cells and the later copies of a repeated one are left out), so the author sees
    every row's errors in the same report. Without a required column the rows cannot be read at
    all: None.
    """
    for name in header:
        if name not in COLUMNS:
            result.error(
                "columns",
                gettext("unknown column %(name)s; the columns are: %(columns)s")
                % {"name": repr(name), "columns": ", ".join(COLUMNS)},
            )
    duplicates = sorted({name for name in header if header.count(name) > 1})
    if duplicates:
        result.error("columns", gettext("repeated columns: %(duplicates)s") % {"duplicates": ", ".join(duplicates)})
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    for name in missing:
        result.error("columns", gettext("missing required column %(name)s") % {"name": repr(name)})
    if missing:
        return None
    return [index for index, name in enumerate(header) if name in COLUMNS and header.index(name) == index]


def _row(row: Mapping[str, str], location: str, result: ReadResult) -> IncomingQuestion:
    before = len(result.errors)
    question_type = row["type"].strip()
    used = _TYPE_COLUMNS.get(question_type)
    if used is None:
        result.error(
            f"{location}.type", gettext("must be one of %(type_columns)s") % {"type_columns": ", ".join(_TYPE_COLUMNS)}
        )
        used = frozenset(COLUMNS)
    for name, value in row.items():
        if value.strip() and name not in _COMMON | _COMMON_BODY | used:
            result.error(
                f"{location}.{name}",
                gettext("not used by %(question_type)s questions; leave it empty") % {"question_type": question_type},
            )
    external_id = row.get("id", "").strip() or None
    if external_id is not None and len(external_id) > MAX_EXTERNAL_ID_LENGTH:
        result.error(
            f"{location}.id",
            gettext("must be at most %(max_external_id_length)s characters")
            % {"max_external_id_length": MAX_EXTERNAL_ID_LENGTH},
        )
    fields = _fields(row, location, result)
    canonical = None
    if question_type in _TYPE_COLUMNS:
        body = _body(question_type, row, location, result)
        canonical = checked_body(question_type, body, location=location, result=result, path_of=_column_of)
    return IncomingQuestion(
        location=location,
        external_id=external_id,
        question_type=question_type,
        body=canonical or {},
        fields=fields,
        rejected=canonical is None or len(result.errors) > before,
    )


def _fields(row: Mapping[str, str], location: str, result: ReadResult) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if "subtopic" in row:
        fields["subtopic"] = row["subtopic"].strip() or None
    if "difficulty" in row:
        fields["difficulty"] = _whole(row["difficulty"], default=3, path=f"{location}.difficulty", result=result)
    if "status" in row:
        fields["status"] = row["status"].strip().lower() or "draft"
    if "tags" in row:
        fields["tags"] = [tag for tag in split_list(row["tags"]) if tag]
    if "exam_level" in row:
        fields["exam_level"] = row["exam_level"].strip().upper()
    if "form" in row:
        fields["form"] = _whole(row["form"], default=None, path=f"{location}.form", result=result)
    if "subject_code" in row:
        fields["subject_code"] = row["subject_code"].strip()
    return fields


def _body(question_type: str, row: Mapping[str, str], location: str, result: ReadResult) -> dict[str, Any]:
    body: dict[str, Any] = {"text": row["text"]}
    if row.get("hints", "").strip():
        body["hints"] = split_list(row["hints"])
    for name in ("solution", "explanation"):
        if row.get(name, "").strip():
            body[name] = row[name]
    if question_type in {"single_choice", "multiple_choice"}:
        body["choices"] = _choices(row, location, result)
        if question_type == "multiple_choice" and row.get("partial_credit", "").strip():
            body["partial_credit"] = row["partial_credit"].strip()
    elif question_type == "numeric":
        answer = row.get("answer", "").strip()
        if answer[:1] in {"[", "("} and answer[-1:] in {"]", ")"}:
            body["range"] = answer
        else:
            body["value"] = _number_or_expression(answer)
        if row.get("tolerance", "").strip():
            body["tolerance"] = row["tolerance"].strip()
    elif question_type == "text":
        body["alternatives"] = split_list(row["answer"]) if row.get("answer", "").strip() else []
        body["case_sensitive"] = _flag(row, "case_sensitive", location, result)
        body["regexp"] = _flag(row, "regexp", location, result)
    else:
        body["expected"] = row.get("answer", "")
        body["variables"] = _variables(row.get("variables", ""), f"{location}.variables", result)
        body["samples"] = _whole(row.get("samples", ""), default=20, path=f"{location}.samples", result=result)
        body["case_sensitive"] = _flag(row, "case_sensitive", location, result)
        if row.get("tolerance", "").strip():
            body["tolerance"] = row["tolerance"].strip()
    return body


def _choices(row: Mapping[str, str], location: str, result: ReadResult) -> list[dict[str, Any]]:
    texts = split_list(row["choices"]) if row.get("choices", "").strip() else []
    ids = [chr(ord("a") + index) if index < 26 else f"choice_{index}" for index in range(len(texts))]
    correct: set[str] = set()
    for item in split_list(row.get("correct", "")):
        if not item:
            continue
        number = item.isascii() and item.isdigit()  # "²".isdigit() is true, int("²") fails
        choice_id = ids[int(item) - 1] if number and 1 <= int(item) <= len(ids) else item.lower()
        if choice_id not in ids:
            result.error(
                f"{location}.correct",
                gettext("%(item)s is not a choice (use a, b, c... or 1, 2, 3...)") % {"item": repr(item)},
            )
        correct.add(choice_id)
    if not correct and texts:
        result.error(f"{location}.correct", gettext("required: the correct choice(s)"))
    feedback = split_list(row["feedback"]) if row.get("feedback", "").strip() else []
    if len(feedback) > len(texts):
        result.error(
            f"{location}.feedback",
            gettext("has %(feedback)s items for %(texts)s choices") % {"feedback": len(feedback), "texts": len(texts)},
        )
    choices: list[dict[str, Any]] = []
    for index, (choice_id, text) in enumerate(zip(ids, texts, strict=True)):
        choice: dict[str, Any] = {"id": choice_id, "text": text, "correct": choice_id in correct}
        if index < len(feedback) and feedback[index]:
            choice["feedback"] = feedback[index]
        choices.append(choice)
    return choices


def _variables(cell: str, path: str, result: ReadResult) -> dict[str, list[float]]:
    variables: dict[str, list[float]] = {}
    for item in split_list(cell) if cell.strip() else []:
        name, _, interval = item.partition("=")
        low, _, high = interval.partition(":")
        try:
            bounds = [float(low), float(high)]
        except ValueError:
            result.error(
                path, gettext("%(item)s is not of the form name=low:high (for example x=1:5)") % {"item": repr(item)}
            )
            continue
        variables[name.strip()] = bounds
    return variables


def _number_or_expression(text: str) -> float | str:
    """A plain decimal number stays a number (as JSON would have it); anything else is an expression."""
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) and "_" not in text else text


def _whole(text: str, *, default: int | None, path: str, result: ReadResult) -> int | None:
    text = text.strip()
    if not text:
        return default
    try:
        return int(text)
    except ValueError:
        result.error(path, gettext("must be a whole number"))
        return default


def _flag(row: Mapping[str, str], name: str, location: str, result: ReadResult) -> bool:
    value = row.get(name, "").strip().lower()
    if value not in _TRUE | _FALSE:
        result.error(f"{location}.{name}", gettext("must be true or false"))
    return value in _TRUE


def _column_of(body_path: str) -> str:
    match = _FIELD.match(body_path)
    if match is None:
        return "text"
    name = match["field"]
    if name == "choices" and match["sub"] in {"feedback", "feedback_unselected"}:
        return "feedback"
    return _COLUMN_OF_BODY_FIELD.get(name, name)
