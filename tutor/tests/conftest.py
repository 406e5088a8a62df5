"""Fixtures giving each test its own Tutor project root (see :mod:`tutor_cli` for why a process per command)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tutor_cli import TutorProject, new_project


@pytest.fixture
def fresh_project(tmp_path: Path) -> TutorProject:
    """A project root that does not exist yet, as for an operator's first command."""
    return new_project(tmp_path)


@pytest.fixture(scope="session")
def _enabled_template(tmp_path_factory: pytest.TempPathFactory) -> TutorProject:
    """One project with ``ve-edu`` enabled and the environment rendered, copied by :func:`project`."""
    template = new_project(tmp_path_factory.mktemp("ve-edu-template"))
    listing = template.ok("plugins", "list")
    if "ve-edu" not in listing.stdout:
        pytest.fail(
            "Tutor does not see the ve-edu plugin; install the distribution first "
            f"(pip install -e tutor). `tutor plugins list` printed:\n{listing.stdout}"
        )
    template.ok("plugins", "enable", "ve-edu")
    return template


@pytest.fixture
def project(tmp_path: Path, _enabled_template: TutorProject) -> TutorProject:
    """A private copy of a project with ``ve-edu`` enabled and rendered with the default values."""
    copy = new_project(tmp_path)
    shutil.copytree(_enabled_template.root, copy.root)
    return copy
