"""
Querysets compiled to SQL once per shape, then run with each request's values: for list pages.

A staff list's page is one SELECT, but building its queryset (filters, joins, annotations) and
compiling it cost more Python than the round trip and the rows together: at 20 rows of a
10,000-question bank, about 60% of the page's time went to rebuilding the same SQL text on every
request. A :class:`QueryTemplate` is the queryset built once with a :class:`Slot` wherever a
request's value goes (a filter's right-hand side), compiled by the ORM on the database it will
run on, and kept with the converters the ORM would apply to its rows. Each run fills the slots
(through the field's own ``get_db_prep_value``), adds the page's ``LIMIT``/``OFFSET`` as the
backend writes them, and runs through Django's cursor, so the statement is still counted, logged
and wrapped in Django's errors, and its rows come back as ``values()`` would give them.

Only the *shape* is cached: which filters apply, never their values. The ORM still writes every
statement: vendor differences, quoting, pattern escaping of ``icontains`` and subqueries stay its
own (``row_statements`` is the same idea for single rows, written from ``_meta``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, Field, QuerySet

Converter = Any  # (value, expression, connection) -> value, as Django's compilers call them


class Slot(Expression):
    """
    A request's value in a template, by name: compiled as one placeholder whose parameter is the
    slot itself, filled at each run through ``field``'s ``get_db_prep_value`` (the slot's
    ``output_field``). A lookup does not prepare an expression on its right-hand side, so the
    value is converted once, there, as the lookup would have converted it.
    """

    def __init__(self, name: str, field: Field[Any, Any]) -> None:
        super().__init__(output_field=field)
        self.name = name

    def as_sql(self, compiler: Any, connection: BaseDatabaseWrapper) -> Any:
        return "%s", [self]  # the slot stands for its parameter until a run fills it


@dataclass(frozen=True)
class QueryTemplate:
    """
    A ``values()`` queryset's SQL with its slots, the names of its columns, and the converters of
    the columns that have any (by position), for one connection.
    """

    sql: str
    params: tuple[Any, ...]
    names: tuple[str, ...]
    converters: tuple[tuple[int, tuple[Converter, ...], Any], ...]
    connection: BaseDatabaseWrapper

    @classmethod
    def compile(cls, queryset: QuerySet[Any, dict[str, Any]], connection: BaseDatabaseWrapper) -> QueryTemplate:
        """
        Compile ``queryset`` (a ``values()`` queryset, ordered, not sliced) for ``connection``:
        its columns are named as ``ValuesIterable`` names them.
        """
        query = queryset.query
        assert not query.is_sliced, "the page is added at each run"
        compiler = query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        selected = getattr(query, "selected", None)  # Django 5.2 keeps values()'s order in it
        names = list(selected) if selected else [*query.extra_select, *query.values_select, *query.annotation_select]
        expressions = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = tuple(
            (position, tuple(converters), expression)
            for position, (converters, expression) in compiler.get_converters(expressions).items()
        )
        return cls(sql, tuple(params), tuple(names), converters, connection)

    def statement(self, values: Mapping[str, Any], *, offset: int, limit: int) -> tuple[str, list[Any]]:
        """The SQL and parameters of one page: every slot filled from ``values``, by name."""
        connection = self.connection
        params = [
            param.output_field.get_db_prep_value(values[param.name], connection) if isinstance(param, Slot) else param
            for param in self.params
        ]
        return f"{self.sql} {connection.ops.limit_offset_sql(offset, offset + limit)}", params

    def rows(self, values: Mapping[str, Any], *, offset: int, limit: int) -> list[dict[str, Any]]:
        """One page of rows as ``values()`` dicts, read in one statement."""
        sql, params = self.statement(values, offset=offset, limit=limit)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            fetched: Sequence[Sequence[Any]] = cursor.fetchall()
        names, connection = self.names, self.connection
        rows = []
        for stored in fetched:
            row = list(stored)
            for position, converters, expression in self.converters:
                value = row[position]
                for convert in converters:
                    value = convert(value, expression, connection)
                row[position] = value
            rows.append(dict(zip(names, row, strict=True)))
        return rows
