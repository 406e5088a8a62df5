"""The documentation renders: a malformed table or heading in the README is a failure."""

from __future__ import annotations

import io
from pathlib import Path

import docutils.core
import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [
    "README.rst",
    "CHANGELOG.rst",
    "tutor/README.rst",
    *sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("docs/**/*.rst")),
]


@pytest.mark.parametrize("path", DOCS)
def test_rst_renders_without_warnings(path):
    warnings = io.StringIO()
    docutils.core.publish_string(
        (ROOT / path).read_text(encoding="utf-8"),
        writer="null",
        settings_overrides={"warning_stream": warnings, "report_level": 2, "halt_level": 5},
    )
    assert warnings.getvalue() == ""
