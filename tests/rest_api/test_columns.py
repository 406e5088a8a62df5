"""
Serializers built from model columns (``rest_api/v1/columns.py``) and the list filters declared
once (``QueryFilter``): the fields are the plain ones the API always had, and a filter reads as
it documents.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from ve_edu_plugin import errors
from ve_edu_plugin.attempts import api as attempts_api
from ve_edu_plugin.rest_api.v1.columns import ColumnSerializer, column
from ve_edu_plugin.rest_api.v1.view_bases import QueryFilter


def test_a_column_is_its_model_fields_plain_serializer_field() -> None:
    """Type and nullness come from the model; a foreign key's ``_id`` is an integer."""
    subtopic = column(attempts_api.Attempt, "subtopic_id")
    assert type(subtopic) is serializers.IntegerField and subtopic.allow_null
    created = column(attempts_api.Attempt, "created")
    assert type(created) is serializers.DateTimeField and not created.allow_null
    assert type(column(attempts_api.Attempt, "score")) is serializers.FloatField
    assert type(column(attempts_api.Attempt, "block_usage_key")) is serializers.CharField
    assert type(column(attempts_api.Attempt, "answer")) is serializers.JSONField


def test_declared_fields_take_their_column_and_no_other_place() -> None:
    class Shown(ColumnSerializer):
        model = attempts_api.Attempt
        columns = "id username score"
        username = serializers.CharField(source="user.username")

    assert list(Shown().fields) == ["id", "username", "score"]
    assert Shown().fields["username"].source == "user.username"

    class Misplaced(ColumnSerializer):
        model = attempts_api.Attempt
        columns = "id"
        username = serializers.CharField(source="user.username")

    with pytest.raises(ImproperlyConfigured):
        Misplaced().fields  # noqa: B018


def test_a_filter_reads_what_it_documents() -> None:
    subtopic = QueryFilter("subtopic", int, "Only this subtopic.", keyword="subtopic_id")
    flag = QueryFilter("flag", str, "Only this flag.")
    factory = APIRequestFactory()

    def request(query: str) -> Request:
        return Request(factory.get(f"/?{query}"))

    assert subtopic.parameter.name == "subtopic" and subtopic.parameter.in_ == "query"
    assert subtopic.read(request("subtopic=12")) == 12
    assert subtopic.read(request("subtopic=")) is None
    assert flag.read(request("flag=")) is None
    assert flag.read(request("flag=hard")) == "hard"
    for wrong in ("x", "%C2%B2", "-1", str(2**63)):  # "²": a digit to str.isdigit, not to int()
        with pytest.raises(errors.InvalidRequestError) as raised:
            subtopic.read(request(f"subtopic={wrong}"))
        assert raised.value.field_errors == {"subtopic": ["Must be a whole number."]}
