"""
One structured log line per background-sized run (outline sync, question import), and the same
fields as monitoring attributes, so an operator can find, count and time runs without a debugger.

The line is ``ve_edu.run kind=<kind> key=value ...`` (logfmt: values quoted only when they hold
spaces), on the ``ve_edu_plugin.runs`` logger at INFO.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from edx_django_utils.monitoring import set_custom_attribute

log = logging.getLogger("ve_edu_plugin.runs")


def _value(value: Any) -> str:
    text = str(value)
    return f'"{text}"' if (" " in text or not text) else text


@contextmanager
def logged_run(kind: str, **fields: Any) -> Iterator[dict[str, Any]]:
    """
    Time the block and log one line when it ends, ``status=ok`` or ``status=failed`` with the
    error's class; fields added to the yielded dict (counts, ids) are part of the line.
    """
    started = time.perf_counter()
    fields = dict(fields)
    try:
        yield fields
        fields.setdefault("status", "ok")
    except Exception as exc:
        fields["status"] = "failed"
        fields["error"] = getattr(exc, "code", exc.__class__.__name__)
        raise
    finally:
        fields["duration_ms"] = int((time.perf_counter() - started) * 1000)
        log.info("ve_edu.run kind=%s %s", kind, " ".join(f"{name}={_value(v)}" for name, v in fields.items()))
        for name, value in fields.items():
            set_custom_attribute(f"ve_edu_{kind}_{name}", value if isinstance(value, (int, float)) else str(value))
