"""
Checks of the operator's ``VE_EDU_*`` values, run whenever Tutor loads its configuration.

A bad value would otherwise surface much later and far away: as a Python syntax error when the
LMS starts, as a failed image build, or as learners who can never reach mastery. Tutor loads the
full configuration in ``tutor config save`` (and every command that renders or runs something), so
checking it there reports the mistake to the person who made it, naming the key and the fix.

Pure functions over a mapping: no Tutor import, so they are tested without a project root.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, TypeGuard

from tutorve_edu.config import DEFAULTS, OUTLINE_READERS

#: Celery queue names go into ``--queues=...`` and a Python string: no separators, quotes or spaces.
_QUEUE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$")

#: Characters that would break the single-quoted ``RUN ... install '<requirement>'`` line.
_UNSAFE_REQUIREMENT_CHARS = ("'", '"', "\\", "\n", "\r")

#: Prefixes of a host path, which the image build cannot see.
_LOCAL_PATH_PREFIXES = ("/", "./", "../", "~", "file:")


def config_errors(config: Mapping[str, Any]) -> list[str]:
    """Every problem with the ``VE_EDU_*`` values in ``config``, one message each, naming the key."""
    checks = (
        _check_version,
        _check_pip_requirement,
        _check_queue,
        _check_threshold,
        _check_debounce,
        _check_outline_reader,
        _check_enable_worker,
        _check_offer_chichewa,
    )
    errors: list[str] = []
    for check in checks:
        message = check(config)
        if message:
            errors.append(message)
    return errors


def format_errors(errors: Iterable[str]) -> str:
    """One message listing every problem, so the operator fixes them all in one go."""
    lines = "\n".join(f"  - {error}" for error in errors)
    return f"Invalid configuration for the ve-edu plugin:\n{lines}"


def unconsumed_queue_warning(config: Mapping[str, Any], consumed_queues: Iterable[str]) -> str | None:
    """
    A warning when no worker will ever take the plugin's tasks off their queue.

    Not an error: the operator may run a worker for that queue outside Tutor.
    """
    queue = config.get("VE_EDU_CELERY_QUEUE")
    if config.get("VE_EDU_ENABLE_WORKER") is True or not isinstance(queue, str):
        return None
    if queue in set(consumed_queues):
        return None
    return (
        f"VE_EDU_CELERY_QUEUE is {queue!r}, which no Tutor worker consumes, and VE_EDU_ENABLE_WORKER is false: "
        "the plugin's tasks (course outline syncs) will wait in the queue. "
        "Run `tutor config save --set VE_EDU_ENABLE_WORKER=true`, or run a worker for that queue yourself."
    )


def worker_command_queues(command: Iterable[str]) -> set[str]:
    """The queue names a ``celery worker`` command line consumes (``--queues=a,b``, ``--queues a,b``, ``-Q a,b``)."""
    queues: set[str] = set()
    arguments = list(command)
    for index, argument in enumerate(arguments):
        if argument.startswith("--queues="):
            value = argument.split("=", 1)[1]
        elif argument in ("--queues", "-Q") and index + 1 < len(arguments):
            value = arguments[index + 1]
        else:
            continue
        queues.update(name.strip() for name in value.split(",") if name.strip())
    return queues


def _fix(key: str) -> str:
    """How to put ``key`` back to its default, appended to every message."""
    default = DEFAULTS[key][0]
    shown = str(default).lower() if isinstance(default, bool) else str(default)
    return f"Fix it with `tutor config save --set {key}=...` (default: {shown}) or `tutor config save --unset {key}`."


def _is_number(value: Any) -> TypeGuard[float]:
    """Whether ``value`` is an int or float; YAML ``true`` is a bool, which Python counts as an int."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_version(config: Mapping[str, Any]) -> str | None:
    key = "VE_EDU_VERSION"
    value = config.get(key)
    if isinstance(value, str) and value.strip():
        return None
    return (
        f"{key} must be a version string such as \"0.1.0\", got {value!r}. YAML reads 0.10 as the number 0.1, "
        f"so quote it: `tutor config save --set '{key}=\"0.10\"'`. {_fix(key)}"
    )


def _check_pip_requirement(config: Mapping[str, Any]) -> str | None:
    key = "VE_EDU_PIP_REQUIREMENT"
    value = config.get(key)
    if not isinstance(value, str):
        return f"{key} must be a pip requirement string (or empty), got {value!r}. {_fix(key)}"
    if any(char in value for char in _UNSAFE_REQUIREMENT_CHARS):
        return f"{key} must not contain quotes, backslashes or line breaks, got {value!r}. {_fix(key)}"
    if value.strip().startswith(_LOCAL_PATH_PREFIXES):
        return (
            f"{key} is a local path ({value!r}), which the image build cannot see. To install a checkout, "
            "run `tutor mounts add /path/to/ve-edu-plugin` and set it to an empty string: "
            f"`tutor config save --set {key}=`."
        )
    return None


def _check_queue(config: Mapping[str, Any]) -> str | None:
    key = "VE_EDU_CELERY_QUEUE"
    value = config.get(key)
    if isinstance(value, str) and _QUEUE_NAME.match(value):
        return None
    return (
        f"{key} must be one Celery queue name (letters, digits, '.', '_', ':', '-'; no spaces or commas), "
        f"got {value!r}. {_fix(key)}"
    )


def _check_threshold(config: Mapping[str, Any]) -> str | None:
    key = "VE_EDU_MASTERY_THRESHOLD"
    value = config.get(key)
    if _is_number(value) and 0 < value < 1:
        return None
    return (
        f"{key} must be a probability strictly between 0 and 1 (0 would count every skill as mastered, "
        f"1 can never be reached), got {value!r}. {_fix(key)}"
    )


def _check_debounce(config: Mapping[str, Any]) -> str | None:
    key = "VE_EDU_SYNC_DEBOUNCE_SECONDS"
    value = config.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None
    return f"{key} must be a whole number of seconds, 0 or more, got {value!r}. {_fix(key)}"


def _check_outline_reader(config: Mapping[str, Any]) -> str | None:
    key = "VE_EDU_OUTLINE_READER"
    value = config.get(key)
    if value in OUTLINE_READERS:
        return None
    choices = ", ".join(OUTLINE_READERS)
    return f"{key} must be one of: {choices}; got {value!r}. {_fix(key)}"


def _check_enable_worker(config: Mapping[str, Any]) -> str | None:
    return _check_switch(config, "VE_EDU_ENABLE_WORKER")


def _check_offer_chichewa(config: Mapping[str, Any]) -> str | None:
    return _check_switch(config, "VE_EDU_OFFER_CHICHEWA")


def _check_switch(config: Mapping[str, Any], key: str) -> str | None:
    value = config.get(key)
    if isinstance(value, bool):
        return None
    return f"{key} must be true or false, got {value!r}. {_fix(key)}"
