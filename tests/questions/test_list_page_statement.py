"""
The staff list's page statement, written once per set of filters (``query_templates``): every page
it reads is the page the ORM reads for the same filters, values converted as the ORM converts them.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from opaque_keys.edx.keys import CourseKey

from tests.curriculum.olx_builder import COURSE_ID
from tests.questions.conftest import CHOICE_BODY, NUMERIC_BODY
from ve_edu_plugin.questions import api, listing

pytestmark = pytest.mark.django_db

OTHER = CourseKey.from_string("course-v1:VE-EDU+OTHER+2026")


@pytest.fixture
def bank(course_key, synced) -> dict[str, Any]:
    """27 questions of varied fields and tags, titles with LIKE's wildcards, and another course's."""
    subtopics = sorted(synced.values())
    for n in range(27):
        title = ("50% of a cake", "a_b", "plain")[n % 3] + f" {n}"  # a title is its body's text
        api.create_question(
            course_key,
            question_type="numeric" if n % 2 else "single_choice",
            body={**(NUMERIC_BODY if n % 2 else CHOICE_BODY), "text": f"<p>{title}</p>"},
            fields=api.QuestionFields(
                subtopic_id=subtopics[n % 4] if n % 5 else None,
                difficulty=1 + n % 5,
                status=("draft", "published", "retired")[n % 3 // 2 + n % 2],
                tags=[f"t{n % 4}", "shared"] if n % 2 else [],
                exam_level=("JCE", "MSCE")[n % 2],
                form=1 + n % 4,
            ),
        )
    api.create_question(OTHER, question_type="numeric", body=NUMERIC_BODY, fields=api.QuestionFields(tags=["t1"]))
    return {"subtopic": subtopics[1]}


def _orm_page(course_key: CourseKey, start: int, stop: int, **filters: Any) -> list[dict[str, Any]]:
    """The same page read through the queryset the statement was compiled from."""
    questions = listing.filtered_questions(course_key, **filters)
    return list(listing._rows_of(questions, vendor=connection.vendor)[start:stop])


FILTERS: dict[str, tuple[Any, ...]] = {
    "subtopic_id": ("subtopic",),
    "question_type": ("numeric", "single_choice"),
    "difficulty": (1, 4),
    "status": ("published", "retired"),
    "tag": ("t1", "shared", "missing"),
    "exam_level": ("MSCE",),
    "form": (2,),
    "search": ("50%", "a_b", "%", "_", "CAKE", "plain 1"),
}


def _cases(bank: dict[str, Any]) -> list[dict[str, Any]]:
    """Every filter alone with each of its values, every pair with its first values, and all at once."""
    resolved = {name: tuple(bank.get(value, value) for value in values) for name, values in FILTERS.items()}
    cases: list[dict[str, Any]] = [{}]
    cases += [{name: value} for name, values in resolved.items() for value in values]
    cases += [{a: resolved[a][0], b: resolved[b][0]} for a, b in itertools.combinations(resolved, 2)]
    cases.append({name: values[0] for name, values in resolved.items()})
    return cases


def test_every_page_equals_the_orms_page_for_every_filter(course_key, bank):
    seen_rows = 0
    for filters in _cases(bank):
        rows = api.question_list_rows(course_key, **filters)
        for start, stop in ((0, 5), (5, 25), (20, 40)):
            page = rows[start:stop]
            assert page == _orm_page(course_key, start, stop, **filters), filters
            seen_rows += len(page)
    assert seen_rows > 200, "the cases matched too few rows to tell anything"


def test_wildcards_in_a_search_are_plain_characters(course_key, bank):
    titles = [row["title"] for row in api.question_list_rows(course_key, search="50%")[0:100]]
    assert titles and all("50%" in title for title in titles)
    assert [row["title"] for row in api.question_list_rows(course_key, search="a_b")[0:100]] == [
        f"a_b {n}" for n in range(27) if n % 3 == 1
    ]


def test_values_that_apply_nothing_are_no_filter(course_key, bank):
    everything = api.question_list_rows(course_key)[0:100]
    assert len(everything) == 27
    assert api.question_list_rows(course_key, status="", tag=None, search="", difficulty=None)[0:100] == everything


def test_a_page_is_one_statement_compiled_once_per_set_of_filters(course_key, bank):
    listing._page_template.cache_clear()
    with CaptureQueriesContext(connection) as captured:
        first = api.question_list_rows(course_key, tag="t1", difficulty=2)[0:20]
        second = api.question_list_rows(course_key, tag="t3", difficulty=4)[20:40]
        other = api.question_list_rows(OTHER, tag="t1")[0:20]
    assert len(captured.captured_queries) == 3
    assert first and not second and len(other) == 1
    info = listing._page_template.cache_info()
    assert (info.misses, info.hits) == (2, 1)
    assert api.question_list_rows(course_key)[3:3] == []


def test_the_paginated_endpoint_reads_one_page_statement(jwt_client, staff, course_key, bank):
    with CaptureQueriesContext(connection) as captured:
        response = jwt_client(staff).get(f"/api/ve-edu/v1/courses/{COURSE_ID}/questions/?tag=shared&page=2&page_size=5")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["count"] == 13 and len(body["results"]) == 5
    expected = _orm_page(course_key, 5, 10, tag="shared")
    assert [row["id"] for row in body["results"]] == [row["id"] for row in expected]
    pages = [query["sql"] for query in captured.captured_queries if "LIMIT 5 OFFSET 5" in query["sql"]]
    assert len(pages) == 1, captured.captured_queries
