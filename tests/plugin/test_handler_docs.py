"""docs/xblock-handlers.rst names exactly the keys of the typed shapes the handlers return."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ve_edu_plugin.attempts.data import MasteryChange, QuestionView
from ve_edu_plugin.grading import api as grading_api

DOC = (Path(__file__).resolve().parents[2] / "docs" / "xblock-handlers.rst").read_text(encoding="utf-8")


def _block(title: str) -> str:
    """The literal block after the paragraph starting with ``title``."""
    start = DOC.index(f"``{title}`` (")
    body = DOC[DOC.index("::\n", start) + 3 :]
    lines = []
    for line in body.splitlines():
        if line and not line.startswith("    "):
            break
        lines.append(line)
    return "\n".join(lines)


def _top_level_keys(block: str) -> set[str]:
    """Keys of the outer object only: text inside nested objects ({"code": ...}) is left out."""
    depth, outer = 0, []
    for char in re.sub(r"#.*", "", block):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 1:
            outer.append(char)
    return set(re.findall(r'"(\w+)":', "".join(outer)))


@pytest.mark.parametrize(
    ("title", "shape"),
    [("result", grading_api.AnswerResult), ("question", QuestionView), ("mastery", MasteryChange)],
)
def test_each_documented_shape_has_the_keys_of_its_type(title, shape):
    assert _top_level_keys(_block(title)) == set(shape.__annotations__)


def test_the_documented_error_codes_are_the_grade_error_codes():
    block = _block("result")
    listed = DOC.split("``error.code`` is one of", 1)[1].split("\n\n", 1)[0]
    codes = set(re.findall(r"``(\w+)``", listed)) | set(re.findall(r'"code": "(\w+)"', block))
    assert codes == {code.value for code in grading_api.GradeErrorCode}
