"""
One-row reads and writes whose SQL is written once per model and shape, for the answer path.

An answer reads and writes a few single rows (ADR 0003). Through the query API each statement
cost about 350 us of Python besides its round trip (building and compiling the query, then the
model's save or the queryset's iteration), three times the round trip itself; that, not the
database, put a submit at 4x the bare view. These helpers build each statement's text once per
process (table and column names from the model's ``_meta``, every value a placeholder) and run
it on the model's database through Django's cursor, so statements are still counted, logged and
wrapped in Django's errors. Values go in through the fields' own ``pre_save`` and
``get_db_prep_save`` and come back through the converters the ORM applies, as model instances:
the model stays the one description of its table, and no JSON or time is encoded or decoded by
hand. :func:`select_together` reads (and locks) several rows by their keys in one statement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)

Converter = Any  # (value, expression, connection) -> value, as Django's compilers call them


def _connection(model: type[Model], *, write: bool = True) -> BaseDatabaseWrapper:
    """
    The model's database as the ORM picks it: the writer for saves and ``select_for_update``, the
    router's reader for a plain read (the platform's read-replica router may send it elsewhere).
    """
    return connections[router.db_for_write(model) if write else router.db_for_read(model)]


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.concrete, f"{model.__name__}.{name} is not a column"
    return field


def _column(connection: BaseDatabaseWrapper, field: Field[Any, Any]) -> str:
    """The field's column name, quoted for the database."""
    assert field.column is not None, f"{field} has no column"
    return str(connection.ops.quote_name(field.column))


@dataclass(frozen=True)
class _Read:
    """The fields a read returns of one model, in column order, with each one's converters."""

    fields: tuple[Field[Any, Any], ...]
    converters: tuple[list[Converter], ...]


@lru_cache(maxsize=64)
def _read(model: type[Model], columns: tuple[str, ...], connection: BaseDatabaseWrapper) -> _Read:
    """
    Worked out once per model, columns and connection: keyed by the connection object (each thread
    has its own) because the backend's converters are its bound methods.
    """
    wanted = {_field(model, name).attname for name in columns}
    # In the model's column order, which ``Model.from_db`` expects of a partial row.
    fields = [field for field in model._meta.concrete_fields if field.primary_key or field.attname in wanted]
    converters = tuple(
        connection.ops.get_db_converters(field.cached_col) + field.get_db_converters(connection) for field in fields
    )
    return _Read(tuple(fields), converters)


def _instance(model: type[M], read: _Read, row: Sequence[Any], connection: BaseDatabaseWrapper) -> M:
    """The model instance of a row read by ``read``: each value through the ORM's converters."""
    values = []
    for stored, field, converters in zip(row, read.fields, read.converters, strict=True):
        value = stored
        for convert in converters:
            value = convert(value, field.cached_col, connection)
        values.append(value)
    return model.from_db(connection.alias, [field.attname for field in read.fields], values)


@dataclass(frozen=True)
class Lookup(Generic[M]):
    """One row to read by its unique key: the model, the columns wanted, and the key's values."""

    model: type[M]
    columns: tuple[str, ...]
    key: tuple[tuple[str, Any], ...]

    @classmethod
    def of(cls, model: type[M], columns: Sequence[str], /, **where: Any) -> Lookup[M]:
        """The lookup of ``model``'s row whose columns equal ``where`` (a unique key), reading ``columns``."""
        return cls(model, tuple(columns), tuple(where.items()))


#: A lookup without its values: the model, the columns read and the key's column names.
_Shape = tuple[type[Model], tuple[str, ...], tuple[str, ...]]


@lru_cache(maxsize=64)
def _select_together(
    shapes: tuple[_Shape, ...], lock: bool, connection: BaseDatabaseWrapper
) -> tuple[str, tuple[_Read, ...]]:
    """
    One statement reading rows, each by its unique key: every lookup is a LEFT JOIN onto a one-row
    table, so a missing row reads as NULLs and the others still come back.
    """
    parts = tuple(_read(model, columns, connection) for model, columns, _where in shapes)
    quote = connection.ops.quote_name
    selected, joins = [], []
    for number, ((model, _columns, where), part) in enumerate(zip(shapes, parts, strict=True)):
        alias = quote(f"r{number}")
        selected += [f"{alias}.{_column(connection, field)}" for field in part.fields]
        conditions = " AND ".join(f"{alias}.{_column(connection, _field(model, name))} = %s" for name in where)
        joins.append(f"LEFT JOIN {quote(model._meta.db_table)} {alias} ON {conditions}")
    sql = f"SELECT {', '.join(selected)} FROM (SELECT 1 AS one) {quote('one_row')} {' '.join(joins)}"  # noqa: S608
    if lock and connection.features.has_select_for_update:
        sql += " " + connection.ops.for_update_sql()
    return sql, parts


def select_together(*lookups: Lookup[Any], lock: bool = False) -> list[Any]:
    """
    The rows of ``lookups`` in one statement (``None`` for each that does not exist), with the
    columns asked for loaded (the others deferred), locked ``FOR UPDATE`` together when ``lock``
    and the database can: one round trip for them all. The models must share a database.
    """
    connection = _connection(lookups[0].model, write=lock)
    shapes = tuple((lookup.model, lookup.columns, tuple(name for name, _value in lookup.key)) for lookup in lookups)
    sql, parts = _select_together(shapes, lock, connection)
    params = [
        _field(lookup.model, name).get_db_prep_value(value, connection)
        for lookup in lookups
        for name, value in lookup.key
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    assert row is not None, "a join onto a one-row table returns one row"
    found: list[Any] = []
    start = 0
    for lookup, part in zip(lookups, parts, strict=True):
        values = row[start : start + len(part.fields)]
        start += len(part.fields)
        key_at = next(index for index, field in enumerate(part.fields) if field.primary_key)
        found.append(None if values[key_at] is None else _instance(lookup.model, part, values, connection))
    return found


def select_one(model: type[M], columns: Sequence[str], /, *, lock: bool = False, **where: Any) -> M | None:
    """The row of ``model`` whose ``where`` columns match (a unique key), as :func:`select_together` reads it."""
    row: M | None = select_together(Lookup.of(model, columns, **where), lock=lock)[0]
    return row


@lru_cache(maxsize=64)
def _insert(model: type[Model], alias: str) -> tuple[str, tuple[Field[Any, Any], ...], bool]:
    """The INSERT of every column but the automatic key, and whether it returns the key (as the ORM does)."""
    connection = connections[alias]
    fields = tuple(field for field in model._meta.local_concrete_fields if field is not model._meta.auto_field)
    columns = ", ".join(_column(connection, field) for field in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    # MySQL and SQLite report the new key in the statement's reply (``lastrowid``): cheaper than
    # the result set a RETURNING clause adds. Others return it as the ORM does.
    returning = bool(connection.features.can_return_columns_from_insert)
    returning = returning and connection.vendor not in ("mysql", "sqlite")
    if returning:
        sql += f" RETURNING {_column(connection, model._meta.pk)}"
    return sql, fields, returning


def insert_row(row: M, /) -> M:
    """
    Insert ``row`` (a new instance) as ``save(force_insert=True)`` would, without its signals:
    each field's ``pre_save`` (``auto_now``, defaults) then ``get_db_prep_save``. Sets its key.
    """
    model = type(row)
    connection = _connection(model)
    sql, fields, returning = _insert(model, connection.alias)
    params = [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
    row._state.adding = False
    row._state.db = connection.alias
    return row


@lru_cache(maxsize=64)
def _update(model: type[Model], columns: tuple[str, ...], added: tuple[str, ...], alias: str) -> str:
    """Written once per model, the columns set, the columns added to, and database."""
    connection = connections[alias]
    assignments = [f"{_column(connection, _field(model, name))} = %s" for name in columns] + [
        f"{column} = {column} + %s" for column in (_column(connection, _field(model, name)) for name in added)
    ]
    return (
        f"UPDATE {connection.ops.quote_name(model._meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
        f"WHERE {_column(connection, model._meta.pk)} = %s"
    )


def update_row(
    model: type[Model], pk: Any, values: Mapping[str, Any], /, *, add: Mapping[str, int] | None = None
) -> int:
    """
    ``UPDATE`` one row by key: ``values`` set as given (through each field's ``get_db_prep_save``)
    and ``add`` added to the stored numbers in the statement (``F(name) + n``). The rows changed.
    """
    added = add or {}
    connection = _connection(model)
    sql = _update(model, tuple(values), tuple(added), connection.alias)
    params = [_field(model, name).get_db_prep_save(value, connection) for name, value in values.items()]
    params += [*added.values(), pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)
