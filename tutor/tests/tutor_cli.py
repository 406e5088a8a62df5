"""
Running the real ``tutor`` command line against a throwaway project root, without Docker.

``tutor plugins enable``, ``tutor config save`` and ``tutor mounts add`` only render files, so a
temporary ``TUTOR_ROOT`` is all they need. Each command runs in its own Python process: Tutor keeps
its hooks, its loaded plugins and its CLI's "project root ready" flag in module-level state, and a
plugin's hooks are registered only when its module is first imported, so a fresh process per
command is what guarantees that no test sees another test's plugin state.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: How the tests start Tutor: the same entry function as the ``tutor`` console script.
_TUTOR_MAIN = "from tutor.commands.cli import main; main()"

#: Rendered settings modules that must carry the plugin's settings: LMS and Studio, prod and dev.
SETTINGS_FILES = (
    "apps/openedx/settings/lms/production.py",
    "apps/openedx/settings/lms/development.py",
    "apps/openedx/settings/cms/production.py",
    "apps/openedx/settings/cms/development.py",
)


@dataclass(frozen=True)
class TutorProject:
    """A Tutor project root plus an empty plugins root, and helpers to run Tutor and read ``env/``."""

    root: Path
    plugins_root: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``tutor <args>`` in a new process; the caller checks the exit status."""
        return self.python(_TUTOR_MAIN, *args)

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess[str]:
        """
        Run Python ``code`` in a new process that sees only this project and its empty plugins root.

        Also used for checks of Tutor hooks, which must not be loaded into the test process.
        """
        env = {name: value for name, value in os.environ.items() if not name.startswith("TUTOR_")}
        env["TUTOR_ROOT"] = str(self.root)
        env["TUTOR_PLUGINS_ROOT"] = str(self.plugins_root)
        return subprocess.run(
            [sys.executable, "-c", code, *args],
            env=env,
            cwd=self.plugins_root,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def ok(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run ``tutor <args>`` and fail the test, showing Tutor's output, unless it succeeds."""
        result = self.run(*args)
        assert result.returncode == 0, f"tutor {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result

    def rendered(self, relative_path: str) -> str:
        """The text of one rendered file under ``env/``."""
        return (self.root / "env" / relative_path).read_text(encoding="utf-8")


def ve_edu_assignments(settings_source: str) -> dict[str, Any]:
    """
    The ``VE_EDU_* = <literal>`` assignments of a rendered settings module, evaluated.

    Parsing the whole module also proves the patch left it valid Python.
    """
    values: dict[str, Any] = {}
    for node in ast.walk(ast.parse(settings_source)):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id.startswith("VE_EDU_"):
                values[target.id] = ast.literal_eval(node.value)
    return values


def new_project(base: Path) -> TutorProject:
    """A project under ``base`` whose root does not exist yet, with its own empty plugins root."""
    plugins_root = base / "tutor-plugins"
    plugins_root.mkdir(parents=True)
    return TutorProject(root=base / "tutor-root", plugins_root=plugins_root)
