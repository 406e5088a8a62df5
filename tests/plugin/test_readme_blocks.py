"""
The docs promise exactly the blocks the package registers.

The README's *Learner blocks* section lists each block as a definition term; it must name the
``xblock.v1`` entry points of ``setup.py``, no more and no fewer. Any block name the README, the
Tutor README or the demo course mentions elsewhere must be one of them too (an author who adds an
unregistered name to the Advanced Module List gets a broken component).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Block names start with ``ve_``; the package, commands and events use ``ve_edu...``.
BLOCK_NAME = re.compile(r"\bve_(?!edu)[a-z_]+\b")
DOCS = [
    "README.rst",
    "tutor/README.rst",
    "ve_edu_plugin/demo/course/course/2026.xml",
    "ve_edu_plugin/demo/course/policies/2026/policy.json",
    "ve_edu_plugin/demo/course/html/exam_teacher_notes_lesson.html",
]


def registered_blocks() -> set[str]:
    """The names in ``setup.py``'s ``xblock.v1`` entry points, read from its source."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "xblock.v1":
                    return {entry.split("=", 1)[0].strip() for entry in ast.literal_eval(value)}
    raise AssertionError("setup.py registers no xblock.v1 entry points")


def readme_block_list() -> set[str]:
    """The definition terms of the README's *Learner blocks* section (a line holding only ````name````)."""
    readme = (ROOT / "README.rst").read_text(encoding="utf-8")
    section = readme.split("\nLearner blocks\n", 1)[1]
    section = re.split(r"\n[^\n]+\n\*{4,}\n", section, maxsplit=1)[0]  # up to the next section heading
    return set(re.findall(r"^``(ve_[a-z_]+)``$", section, flags=re.M))


def test_the_readme_lists_exactly_the_registered_blocks():
    assert "ve_question" in registered_blocks()  # the parser does read setup.py
    assert readme_block_list() == registered_blocks()


def test_the_docs_and_the_demo_course_name_only_registered_blocks():
    registered = registered_blocks()
    for doc in DOCS:
        named = set(BLOCK_NAME.findall((ROOT / doc).read_text(encoding="utf-8")))
        assert named <= registered, f"{doc} names unregistered blocks {sorted(named - registered)}"
