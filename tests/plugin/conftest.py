"""Fixtures shared with the question bank tests: a synced course outline."""

from tests.questions.conftest import course_key, synced  # noqa: F401 - fixtures used by this package
