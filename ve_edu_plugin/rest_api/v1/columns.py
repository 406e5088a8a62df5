"""
Serializers whose plain fields are read from the model's own declarations.

A stored row's column already says its type and whether it may be null; repeating that as a
serializer field per column let the two drift (a column made nullable, its field not). A
``ColumnSerializer`` names its columns in order and builds each field from the model field; the
fields it declares itself (a renamed or related value, a JSON column with the type of its
elements) take their place by name. The fields built are the plain ones the API always used
(``IntegerField()``, ``FloatField(allow_null=True)``...), so the document and the JSON are as before.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from rest_framework import serializers

#: DRF's own choice of serializer field per model field class, but every integer width is the plain
#: ``IntegerField`` the API always used (newer DRF makes big ones ``BigIntegerField``, which its
#: ``COERCE_BIGINT_TO_STRING`` setting turns into strings); ``models.Field`` itself has no plain field.
_SHOWN_AS: dict[type, type[serializers.Field]] = {
    **{
        kind: shown
        for kind, shown in serializers.ModelSerializer.serializer_field_mapping.items()
        if kind is not models.Field
    },
    models.BigIntegerField: serializers.IntegerField,
    models.BigAutoField: serializers.IntegerField,
}


def column(model: type[models.Model], name: str) -> serializers.Field:
    """
    The serializer field of ``model``'s column ``name`` (a foreign key's ``<name>_id`` is its id).

    Only the type and nullness are read (not lengths, choices or help texts, which the API never
    showed); a JSON column is any JSON unless its serializer declares the type of its elements.
    """
    field = model._meta.get_field(name)
    shown = field.target_field if isinstance(field, models.ForeignKey) else field
    for kind in type(shown).__mro__:
        if kind in _SHOWN_AS:
            return _SHOWN_AS[kind](allow_null=True) if field.null else _SHOWN_AS[kind]()
    raise ImproperlyConfigured(f"{model.__name__}.{name} is not a column; declare its field.")


class ColumnSerializer(serializers.Serializer):
    """
    A read serializer of ``model``'s ``columns``, in that order; declared fields override by name.

    ``columns`` are names separated by white space, as ``namedtuple`` takes its fields: a row of
    ten columns reads as one line, not ten.
    """

    model: ClassVar[type[models.Model]]
    columns: ClassVar[str]

    def get_fields(self) -> dict[str, Any]:
        declared = super().get_fields()
        names = self.columns.split()
        unplaced = set(declared) - set(names)
        if unplaced:
            raise ImproperlyConfigured(f"{type(self).__name__} declares {sorted(unplaced)} outside its columns.")
        return {name: declared[name] if name in declared else column(self.model, name) for name in names}
