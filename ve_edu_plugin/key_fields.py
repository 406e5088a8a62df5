"""
The opaque-key model fields, typed as the plugin's columns hold them: a key, never None.

edx-opaque-keys declares every ``CourseKeyField``/``UsageKeyField`` read as ``Key | None``,
whatever the column's ``null``: a model instance built without its key, or a row holding ``""``,
reads as None. No plugin row is saved without its key (every column is ``NOT NULL``, every
constructor passes one), so for mypy (django-stubs) the classes below narrow the read type to
the key; a column declared ``null=True`` is still read as ``Key | None`` by the plugin of
django-stubs. At run time these names *are* the edx-opaque-keys classes, so models and
migrations are unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from opaque_keys.edx.django import models as opaque_models

__all__ = ["CourseKeyField", "UsageKeyField"]

if TYPE_CHECKING:
    from opaque_keys.edx.keys import CourseKey, UsageKey

    class CourseKeyField(opaque_models.CourseKeyField):
        _pyi_private_set_type: CourseKey | str
        _pyi_private_get_type: CourseKey

    class UsageKeyField(opaque_models.UsageKeyField):
        _pyi_private_set_type: UsageKey | str
        _pyi_private_get_type: UsageKey

else:
    CourseKeyField = opaque_models.CourseKeyField
    UsageKeyField = opaque_models.UsageKeyField
