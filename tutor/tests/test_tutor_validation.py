"""The checks behind ``tutor config save``'s error messages, on plain mappings (no Tutor project)."""

from __future__ import annotations

from typing import Any

import pytest

from tutorve_edu import validation
from tutorve_edu.config import DEFAULTS

#: The defaults as Tutor hands them to ``CONFIG_LOADED``: templated values already rendered.
RENDERED_DEFAULTS: dict[str, Any] = {key: default for key, (default, _meaning) in DEFAULTS.items()}
RENDERED_DEFAULTS["VE_EDU_PIP_REQUIREMENT"] = f"ve-edu-plugin=={RENDERED_DEFAULTS['VE_EDU_VERSION']}"

TUTOR_QUEUES = {"edx.lms.core.default", "edx.lms.core.high", "edx.cms.core.default"}


def _with(**overrides: Any) -> dict[str, Any]:
    return {**RENDERED_DEFAULTS, **overrides}


def test_the_defaults_are_valid() -> None:
    assert validation.config_errors(RENDERED_DEFAULTS) == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"VE_EDU_MASTERY_THRESHOLD": 0.5},
        {"VE_EDU_MASTERY_THRESHOLD": 0.999},
        {"VE_EDU_SYNC_DEBOUNCE_SECONDS": 0},
        {"VE_EDU_SYNC_DEBOUNCE_SECONDS": 600},
        {"VE_EDU_OUTLINE_READER": "olx"},
        {"VE_EDU_CELERY_QUEUE": "ve_edu.sync-1"},
        {"VE_EDU_ENABLE_WORKER": True},
        {"VE_EDU_PIP_REQUIREMENT": ""},
        {"VE_EDU_PIP_REQUIREMENT": "ve-edu-plugin>=0.1,<0.2"},
        {"VE_EDU_PIP_REQUIREMENT": "git+https://github.com/example/ve-edu-plugin.git@v0.1.0"},
        {"VE_EDU_VERSION": "1.0.0rc1"},
    ],
)
def test_valid_values_pass(overrides: dict[str, Any]) -> None:
    assert validation.config_errors(_with(**overrides)) == []


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("VE_EDU_MASTERY_THRESHOLD", 1.5),
        ("VE_EDU_MASTERY_THRESHOLD", 1),
        ("VE_EDU_MASTERY_THRESHOLD", 0),
        ("VE_EDU_MASTERY_THRESHOLD", -0.2),
        ("VE_EDU_MASTERY_THRESHOLD", True),
        ("VE_EDU_MASTERY_THRESHOLD", "high"),
        ("VE_EDU_SYNC_DEBOUNCE_SECONDS", -1),
        ("VE_EDU_SYNC_DEBOUNCE_SECONDS", 2.5),
        ("VE_EDU_SYNC_DEBOUNCE_SECONDS", False),
        ("VE_EDU_SYNC_DEBOUNCE_SECONDS", "10s"),
        ("VE_EDU_OUTLINE_READER", "learning_sequences"),
        ("VE_EDU_OUTLINE_READER", None),
        ("VE_EDU_CELERY_QUEUE", "a,b"),
        ("VE_EDU_CELERY_QUEUE", "my queue"),
        ("VE_EDU_CELERY_QUEUE", ""),
        ("VE_EDU_CELERY_QUEUE", 'q"; import os'),
        ("VE_EDU_ENABLE_WORKER", "sometimes"),
        ("VE_EDU_ENABLE_WORKER", 1),
        ("VE_EDU_PIP_REQUIREMENT", "/srv/ve-edu-plugin"),
        ("VE_EDU_PIP_REQUIREMENT", "./ve-edu-plugin"),
        ("VE_EDU_PIP_REQUIREMENT", "ve-edu-plugin' && curl evil"),
        ("VE_EDU_PIP_REQUIREMENT", None),
        ("VE_EDU_VERSION", 0.1),
        ("VE_EDU_VERSION", ""),
    ],
)
def test_invalid_values_give_one_message_naming_the_key(key: str, value: Any) -> None:
    errors = validation.config_errors(_with(**{key: value}))

    assert len(errors) == 1
    assert errors[0].startswith(key)
    assert repr(value) in errors[0]


def test_every_message_says_how_to_fix_it() -> None:
    errors = validation.config_errors(_with(VE_EDU_MASTERY_THRESHOLD=2, VE_EDU_OUTLINE_READER="x"))

    assert "tutor config save --unset VE_EDU_MASTERY_THRESHOLD" in errors[0]
    assert "(default: 0.95)" in errors[0]
    assert "modulestore, olx" in errors[1]


def test_all_errors_are_listed_together() -> None:
    message = validation.format_errors(["first problem", "second problem"])

    assert message.splitlines() == [
        "Invalid configuration for the ve-edu plugin:",
        "  - first problem",
        "  - second problem",
    ]


@pytest.mark.parametrize(
    ("command", "queues"),
    [
        (["celery", "worker", "--queues=lms.a,lms.b"], {"lms.a", "lms.b"}),
        (["celery", "worker", "--queues", "a"], {"a"}),
        (["celery", "worker", "-Q", "a, b"], {"a", "b"}),
        (["celery", "worker"], set()),
        (["celery", "worker", "-Q"], set()),
    ],
)
def test_worker_command_queues(command: list[str], queues: set[str]) -> None:
    assert validation.worker_command_queues(command) == queues


def test_no_warning_for_a_queue_tutor_consumes() -> None:
    assert validation.unconsumed_queue_warning(RENDERED_DEFAULTS, TUTOR_QUEUES) is None


def test_no_warning_when_the_dedicated_worker_runs() -> None:
    config = _with(VE_EDU_CELERY_QUEUE="ve_edu", VE_EDU_ENABLE_WORKER=True)

    assert validation.unconsumed_queue_warning(config, TUTOR_QUEUES) is None


def test_warning_for_a_queue_nobody_consumes() -> None:
    warning = validation.unconsumed_queue_warning(_with(VE_EDU_CELERY_QUEUE="ve_edu"), TUTOR_QUEUES)

    assert warning is not None
    assert "VE_EDU_ENABLE_WORKER=true" in warning
