"""
The platform's own test settings, loaded unchanged except for duplicate INSTALLED_APPS entries.

Some platform checkouts (forks in particular) list an app twice, e.g. once in ``common.py`` and
again in ``test.py``; Django then refuses to start ("Application labels aren't unique"). The
smoke suite drops the later duplicates, prints what it dropped, and changes nothing else.
"""

from __future__ import annotations

import sys

#: The entries ``unique_apps`` dropped, shown in the smoke suite's report header.
DROPPED_APPS: list[str] = []


def unique_apps(installed_apps: list[str], settings_module: str) -> list[str]:
    """``installed_apps`` without repeated entries (first one kept); records and prints each drop."""
    seen: set[str] = set()
    unique = []
    for app in installed_apps:
        if app in seen:
            DROPPED_APPS.append(app)
            print(f"platform_check: {settings_module} lists {app} twice; the duplicate is dropped", file=sys.stderr)
            continue
        seen.add(app)
        unique.append(app)
    return unique
