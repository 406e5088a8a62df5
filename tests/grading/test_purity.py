"""The grading core and the question schemas run without Django: no settings, no database, no app registry."""

from __future__ import annotations

import subprocess
import sys

PURE_MODULES = [
    "ve_edu_plugin.grading.api",
    "ve_edu_plugin.questions.schemas",
    "ve_edu_plugin.questions.olx_problems",
    "ve_edu_plugin.questions.sanitize",
    "ve_edu_plugin.analytics.items",
    "ve_edu_plugin.analytics.bkt_fit",
]


def test_pure_modules_import_no_framework() -> None:
    script = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in PURE_MODULES)
        + "loaded = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework', 'celery'})\n"
        + "print(','.join(loaded))\n"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == ""
