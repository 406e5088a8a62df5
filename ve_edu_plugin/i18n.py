"""
The plugin's one door to Django's translation, so the pure-Python cores can word their messages.

The cores (schemas, graders, readers, knowledge tracing...) import no Django (``.importlinter``):
they run and are tested without it. Their messages still reach a reader in the reader's language:
these functions look Django's translation up when it is installed and configured, and answer the
English message otherwise. ``make translations`` extracts the calls by their names (``gettext``,
``gettext_lazy``, ``ngettext``), wherever they are imported from.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def _translation() -> ModuleType | None:
    """``django.utils.translation`` when Django is installed, configured and its apps are loaded."""
    conf, apps = _module("django.conf"), _module("django.apps")
    if conf is None or apps is None or not conf.settings.configured or not apps.apps.ready:
        return None
    return _module("django.utils.translation")


def gettext(message: str) -> str:
    """``message`` in the active language (the request's, in a request or handler)."""
    translation = _translation()
    return str(translation.gettext(message)) if translation is not None else message


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, in the active language."""
    translation = _translation()
    if translation is None:
        return singular if count == 1 else plural
    return str(translation.ngettext(singular, plural, count))


class LazyMessage:
    """
    A message translated each time it is shown (``str``), in the language active then.

    The cores' class attributes and constants are made at import time, before any request, and
    must not import Django (Django's own lazy strings would): this keeps the English text and
    asks :func:`gettext` when it is turned into text. It compares and hashes as that text.
    """

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __repr__(self) -> str:
        return f"LazyMessage({self.message!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (str, LazyMessage)):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))


def gettext_lazy(message: str) -> LazyMessage:
    """``message`` translated when it is shown (class attributes, module constants)."""
    return LazyMessage(message)
