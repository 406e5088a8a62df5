"""
The grader for each question type, behind one ``Grader`` protocol.

A registry of small classes rather than ``getattr`` string dispatch: each grader is found by the
body's type, is typed against its own body class, and a new question type is one class plus one
line here. Types other packages add (``ve_edu.question_types`` entry points) are found after these.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ve_edu_plugin.grading.bodies import QuestionType
from ve_edu_plugin.grading.choices import MultipleChoiceGrader, SingleChoiceGrader
from ve_edu_plugin.grading.data import Grader
from ve_edu_plugin.grading.formula import FormulaGrader
from ve_edu_plugin.grading.numeric import NumericGrader
from ve_edu_plugin.grading.question_types import extension_type
from ve_edu_plugin.grading.text import TextGrader

GRADERS: Mapping[str, Grader[Any]] = MappingProxyType(
    {
        QuestionType.SINGLE_CHOICE.value: SingleChoiceGrader(),
        QuestionType.MULTIPLE_CHOICE.value: MultipleChoiceGrader(),
        QuestionType.NUMERIC.value: NumericGrader(),
        QuestionType.TEXT.value: TextGrader(),
        QuestionType.FORMULA.value: FormulaGrader(),
    }
)


def grader_for(question_type: str) -> Grader[Any]:
    """The grader registered for ``question_type`` (built-in, then installed extensions); KeyError if none."""
    grader = GRADERS.get(question_type)
    if grader is not None:
        return grader
    spec = extension_type(question_type)
    if spec is None:
        raise KeyError(question_type)
    return spec.grader
