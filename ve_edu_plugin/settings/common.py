"""
Defaults for every ``VE_EDU_*`` setting, applied for every settings type.

Each default is set only when the operator has not already set the name, so a value from the
platform's YAML config or Tutor patch always wins. The README documents every name here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: name -> (default, one-line meaning). The README table is checked against this mapping in tests.
DEFAULTS: dict[str, tuple[Any, str]] = {
    "VE_EDU_PLATFORM_BACKEND": (
        "platform",
        "Where roles and enrollments come from: ``platform`` (openedx-platform) or ``standalone`` "
        "(the plugin's own course-role table, for the dev host and tests).",
    ),
    "VE_EDU_CELERY_QUEUE": (
        None,
        "Celery queue for the plugin's tasks; ``None`` uses the project's ``CELERY_DEFAULT_QUEUE``.",
    ),
    "VE_EDU_CACHE_ALIAS": ("default", "Cache used for sync locks and debouncing; must be shared by all processes."),
    "VE_EDU_OUTLINE_READER": ("modulestore", "How the published outline is read: ``modulestore`` or ``olx``."),
    "VE_EDU_OLX_EXPORTS": ({}, "With the ``olx`` reader: course id -> path of a course export (directory or .tar.gz)."),
    "VE_EDU_SYNC_DEBOUNCE_SECONDS": (10, "A burst of publishes within this many seconds gives one outline sync."),
    "VE_EDU_SYNC_LOCK_SECONDS": (300, "Time to live of the per-course sync lock (a crashed worker frees it then)."),
    "VE_EDU_SYNC_MAX_RETRIES": (3, "Retries, with exponential backoff, of a sync that failed on a transient error."),
    "VE_EDU_MASTERY_THRESHOLD": (0.95, "Knowledge-tracing probability at which a subtopic counts as mastered."),
    "VE_EDU_BKT_DEFAULTS": (
        {"prior": 0.2, "learn": 0.15, "guess": 0.2, "slip": 0.1, "forget": 0.0},
        "Knowledge-tracing parameters of a subtopic until fitted ones are stored for it.",
    ),
    "VE_EDU_ANALYTICS_DEBOUNCE_SECONDS": (
        300,
        "After answers, a course's analytics are recomputed at most once in this many seconds.",
    ),
    "VE_EDU_ANALYTICS_MIN_LEARNERS": (
        20,
        "First answers a question needs before it is flagged or its measured difficulty is used in practice.",
    ),
    "VE_EDU_ANALYTICS_FIT_BOUNDS": (
        {"max_guess": 0.3, "max_slip": 0.3, "min_learners": 20, "min_answers": 200},
        "Bounds of fitted knowledge-tracing parameters and the evidence a fit needs to be accepted.",
    ),
    "VE_EDU_ANALYTICS_MAX_ANSWER_SECONDS": (
        600,
        "Item analysis times an answer from the learner's previous answer in the subtopic; a longer gap is a "
        "break, and that answer's time counts as unknown.",
    ),
    "VE_EDU_ANALYTICS_FIT_FORGET": (False, "Fit a forgetting probability too (classic BKT has none)."),
    "VE_EDU_PRACTICE_DAY_TIMEZONE": ("Africa/Blantyre", "Time zone in which adaptive practice's daily limit resets."),
    "VE_EDU_RATE_LIMITS": (
        {"answer": [30, 60], "staff_write": [120, 60], "import": [10, 60]},
        "Per-user limits, ``[count, seconds]`` per scope, counted in ``VE_EDU_CACHE_ALIAS``: answers "
        "submitted to the blocks, staff writes to the REST API, imports; a scope set to ``None`` is unlimited.",
    ),
    "VE_EDU_IMPORT_TASK_BYTES": (
        1024 * 1024,
        "A question import whose file holds more bytes (inflated) runs as a Celery task: the REST API "
        "answers 202 with a status URL; ``None``: always in the request.",
    ),
    "VE_EDU_MATHJAX_URL": (
        "",
        "MathJax 3 script the blocks load when their page has no MathJax; empty: never load one (the "
        "LMS and Studio pages have the platform's).",
    ),
}


def plugin_settings(settings: Any) -> None:
    """Set each ``VE_EDU_*`` default on ``settings`` unless the operator already set it."""
    for name, (default, _meaning) in DEFAULTS.items():
        if not hasattr(settings, name):
            setattr(settings, name, _fresh_copy(default))
    _add_locale_path(settings)
    _add_mako_templates(settings)


def _add_locale_path(settings: Any) -> None:
    """
    Let Django find the plugin's compiled catalogues (``conf/locale``), after the platform's own.

    The blocks' messages go through the XBlock i18n service, which is Django's translation in the
    LMS and Studio; without this path a Chichewa learner would read them in English.
    """
    locale = str(Path(__file__).resolve().parents[1] / "conf" / "locale")
    current: Any = getattr(settings, "LOCALE_PATHS", None)
    calculate = getattr(current, "calculate_value", None)
    if callable(calculate):
        # openedx-platform master computes LOCALE_PATHS after every settings file has run
        # (``Derived(_make_locale_paths)``, resolved by ``derive_settings``): wrap the calculation
        # in one of the same kind, so the plugin's path is added to what it returns.
        settings.LOCALE_PATHS = type(current)(lambda module: _with_path(calculate(module), locale))
        return
    settings.LOCALE_PATHS = _with_path(current, locale)


def _with_path(paths: Any, locale: str) -> list[Any]:
    """``paths`` (a list, a tuple or nothing) with ``locale`` last, listed once."""
    listed = list(paths or [])
    return listed if locale in [str(path) for path in listed] else [*listed, locale]


def _add_mako_templates(settings: Any) -> None:
    """Put the plugin's mako templates (the instructor-dashboard tab) on the platform's lookup path."""
    directories = getattr(settings, "MAKO_TEMPLATE_DIRS_BASE", None)
    own = Path(__file__).resolve().parent.parent / "templates"
    if isinstance(directories, list) and own not in directories:
        directories.append(own)


def _fresh_copy(value: Any) -> Any:
    """Give each settings module its own mutable default, so one project cannot alter another's."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value
