"""Fixtures of the curriculum tests: an OLX export registered for the olx reader."""

from __future__ import annotations

import pytest
from opaque_keys.edx.keys import CourseKey

from tests.curriculum.olx_builder import COURSE_ID, grid, write_export


@pytest.fixture
def course_key() -> CourseKey:
    return CourseKey.from_string(COURSE_ID)


@pytest.fixture
def export(tmp_path, settings):
    """A 3x3 export that the ``olx`` reader serves for COURSE_ID; rewrite it with ``export.write``."""

    class Export:
        path = tmp_path / "export"

        def write(self, chapters):
            import shutil

            shutil.rmtree(self.path, ignore_errors=True)
            write_export(self.path, chapters)
            return self

    settings.VE_EDU_OUTLINE_READER = "olx"
    settings.VE_EDU_OLX_EXPORTS = {COURSE_ID: str(tmp_path / "export")}
    return Export().write(grid(3, 3))
