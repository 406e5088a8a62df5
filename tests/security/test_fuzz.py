"""
Property-based fuzzing of every REST endpoint and every block JSON handler: no input makes a 5xx.

Hypothesis generates JSON bodies (deep, odd types, unicode with lone surrogates, huge integers,
``NaN``/``Infinity``), raw bytes, query strings and headers, and sends them, as course staff and as a
learner, to every URL pattern of ``rest_api/v1/urls.py`` (filled with the ids of a small seeded course)
and to every ``json_handler`` of the three blocks through the workbench runtime, on the real database.
The timed block's ``state``, ``start``, ``save`` and ``submit`` also get well-formed saves (real
question ids, keys and client times of any year and zone) into an open session, so they reach the
database write.
Every REST 4xx must be a problem+json body. CI runs the bounded ``ci`` profile; ``make fuzz`` selects
the ``many`` profile through ``HYPOTHESIS_PROFILE`` to send many more.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import URLPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from webob import Request

from tests.curriculum.olx_builder import COURSE_ID
from tests.learning_fixtures import HandlerClient, LearningCourse
from ve_edu_plugin.rest_api.problems import PROBLEM_CONTENT_TYPE
from ve_edu_plugin.rest_api.v1 import urls as v1_urls
from xblocks import compat

pytestmark = pytest.mark.django_db(transaction=True)

PREFIX = "/api/ve-edu/v1/"
METHODS = ("get", "post", "put", "patch", "delete")
ROLES = ("staff", "learner")
COMMON: dict[str, Any] = {"suppress_health_check": list(HealthCheck), "deadline": None, "derandomize": False}
settings.register_profile("ci", max_examples=120, **COMMON)
settings.register_profile("many", max_examples=5000, **COMMON)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Every request sent and every 5xx seen, per kind, summed over the session (printed with ``-s``).
SENT: Counter[str] = Counter()

#: The names the views and handlers read, so that generated bodies and queries reach past the first check.
KEYS = (
    "question_type", "body", "text", "value", "choices", "answer", "client_key", "client_timestamp",
    "question_id", "subtopic", "topic", "difficulty", "status", "external_id", "values", "display_name",
    "weight", "max_attempts", "inline_type", "inline_body", "curriculum_tags", "tags", "format", "csv",
    "questions", "username", "page", "page_size", "cursor", "since", "dry_run", "reason", "language",
    "answers", "client_time", "extra_minutes", "multiplier", "block", "preset", "blueprint",
)  # fmt: skip

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.sampled_from([2**63, -(2**63) - 1, 10**400, 0, -1])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(codec=None, exclude_categories=()), max_size=40)  # lone surrogates too
    | st.sampled_from(["", "²", "١٢", "1e999", "NaN", "-0", "ℵ", "\u202e", "<script>", "%00", "b", "1"])
)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=25,
)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


RAW_BODIES = st.one_of(
    JSON.map(lambda value: json.dumps(value, allow_nan=True).encode("utf-8", "surrogatepass")),
    st.dictionaries(st.sampled_from(KEYS), JSON, max_size=6).map(
        lambda value: json.dumps(value, allow_nan=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    ),
    st.integers(min_value=1, max_value=4000).map(lambda depth: _deep(depth).encode()),
    st.binary(max_size=200),
)
QUERIES = st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=6), SCALARS.map(str) | st.text(max_size=20), max_size=4
).map(lambda query: urlencode(query, encoding="utf-8", errors="surrogatepass"))
HEADER_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=60)
HEADERS = st.dictionaries(
    st.sampled_from(
        [
            "HTTP_ACCEPT",
            "HTTP_ACCEPT_LANGUAGE",
            "HTTP_X_REQUEST_ID",
            "HTTP_IF_MATCH",
            "HTTP_IF_NONE_MATCH",
            "HTTP_X_FORWARDED_FOR",
            "HTTP_ORIGIN",
            "HTTP_RANGE",
        ]
    ),
    HEADER_TEXT | st.sampled_from(["application/problem+json", "text/csv", "*/*", "application/xml;q=2", "xx-ZZ"]),
    max_size=3,
)
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/json; charset=latin-1", "text/plain", "multipart/form-data", "text/csv", ""]
)


def _view_methods(pattern: URLPattern) -> list[str]:
    view_class = pattern.callback.view_class  # type: ignore[attr-defined]
    return [method for method in METHODS if hasattr(view_class, method)]


def _endpoints(ids: dict[str, int]) -> list[tuple[str, str]]:
    """``(method, path)`` of every method of every URL pattern, the converters filled with the seeded ids."""
    found: list[tuple[str, str]] = []
    for pattern in v1_urls.urlpatterns:
        route = str(pattern.pattern)
        node = ids["topic"] if "topics/" in route else ids["subtopic"]
        path = (
            route.replace("<str:course_id>", COURSE_ID)
            .replace("<int:question_id>", str(ids["question"]))
            .replace("<int:node_id>", str(node))
        )
        # Other ids (analytics runs, assessment sessions) need no seeded row: a missing one is a 404.
        path = re.sub(r"<int:\w+>", "1", path)
        assert "<" not in path, f"a converter the fuzzer does not fill: {route}"
        found.extend((method, PREFIX + path) for method in _view_methods(pattern))
    return found


def _handler_names(block_class: type) -> list[str]:
    return sorted(
        name for name in dir(block_class) if getattr(getattr(block_class, name, None), "_is_xblock_handler", False)
    )


@pytest.fixture
def seeded(learning_course: LearningCourse, course_member, jwt_client, settings) -> dict[str, Any]:
    """The seeded course, a staff and a learner client, and the blocks' handler clients per role."""
    from ve_edu_plugin.curriculum import api as curriculum_api

    settings.VE_EDU_RATE_LIMITS = {}  # the limits answer 429 (a problem) and would hide the rest
    key = learning_course.course_key
    users = {
        "staff": course_member("fuzz_staff", key, "staff"),
        "learner": course_member("fuzz_learner", key, "learner"),
    }
    subtopic = curriculum_api.Subtopic.objects.filter(course_key=key).first()
    assert subtopic is not None
    ids = {"question": learning_course.choice_question, "subtopic": subtopic.id, "topic": subtopic.topic_id}
    practice_ids = json.dumps(learning_course.subtopic_ids[:1])
    timed_ids = [q for ids in learning_course.practice_questions.values() for q in ids][:4]
    blocks = {
        "question": f'<ve_question question_id="{learning_course.choice_question}"/>',
        "practice": f"<ve_adaptive_practice subtopic_ids='{practice_ids}'/>",
        "timed": f"<ve_timed_assessment question_ids='{json.dumps(timed_ids)}' time_limit_minutes='30'/>",
    }
    handlers = {
        (block, role): HandlerClient(xml, student=users[role].username)
        for block, xml in blocks.items()
        for role in ROLES
    }
    return {
        "endpoints": _endpoints(ids),
        "clients": {role: jwt_client(user) for role, user in users.items()},
        "handlers": handlers,
        "timed_ids": timed_ids,
    }


def test_the_fuzzer_reaches_every_endpoint_and_handler(seeded: dict[str, Any]) -> None:
    """The enumeration is not silently empty: every URL pattern (at least the first 15), and both blocks' handlers."""
    paths = {path for _method, path in seeded["endpoints"]}
    assert len(paths) == len(v1_urls.urlpatterns) >= 15
    names = {block: _handler_names(type(client.block)) for (block, _role), client in seeded["handlers"].items()}
    assert names["question"] == ["save_settings", "state", "submit"]
    assert names["practice"] == ["next", "save_settings", "state", "submit"]
    assert set(TIMED_HANDLERS) <= set(names["timed"]) <= {*TIMED_HANDLERS, "save_answers", "save_settings", "sessions"}


@settings(PROFILE)
@given(data=st.data())
def test_no_rest_input_makes_a_5xx(seeded: dict[str, Any], data: st.DataObject) -> None:
    method, path = data.draw(st.sampled_from(seeded["endpoints"]), label="endpoint")
    role = data.draw(st.sampled_from(ROLES), label="role")
    query = data.draw(QUERIES, label="query")
    headers = data.draw(HEADERS, label="headers")
    client = seeded["clients"][role]
    url = f"{path}?{query}" if query else path
    body, content_type = b"", "application/octet-stream"
    if method != "get":
        body = data.draw(RAW_BODIES, label="body")
        content_type = data.draw(CONTENT_TYPES, label="content type")
    SENT["rest"] += 1
    response = client.generic(method.upper(), url, data=body, content_type=content_type, **headers)
    if response.status_code >= 500:
        SENT["rest 5xx"] += 1
    assert response.status_code < 500, (method, url, response.status_code, response.content[:300])
    if 400 <= response.status_code < 500:
        assert response["Content-Type"].startswith(PROBLEM_CONTENT_TYPE), (method, url, response.status_code)
        assert response.json()["status"] == response.status_code


@settings(PROFILE)
@given(data=st.data())
def test_no_handler_input_makes_a_5xx(seeded: dict[str, Any], data: st.DataObject) -> None:
    block = data.draw(st.sampled_from(["question", "practice", "timed"]), label="block")
    role = data.draw(st.sampled_from(ROLES), label="role")
    client = seeded["handlers"][(block, role)]
    handler = data.draw(st.sampled_from(_handler_names(type(client.block))), label="handler")
    body = data.draw(RAW_BODIES, label="body")
    SENT["handler"] += 1
    response = client.runtime.handle(client.block, handler, Request.blank("/", method="POST", body=body))
    if response.status_code >= 500:
        SENT["handler 5xx"] += 1
    assert response.status_code < 500, (block, handler, response.status_code, response.body[:300])
    assert isinstance(json.loads(response.body), dict)


TIMED_HANDLERS = ("state", "start", "save", "submit")
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=12))])
CLIENT_TIMES = st.datetimes(timezones=ZONES).map(datetime.isoformat) | st.sampled_from(
    ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2026-01-01T00:00:00", "2026-13-01T00:00:00Z", ""]
)


def _timed_bodies(question_ids: list[int]) -> st.SearchStrategy[bytes]:
    """Saves shaped as the page sends them (most reach the write), saves of odd items, and anything else."""
    well_formed = st.fixed_dictionaries(
        {
            "question_id": st.sampled_from(question_ids),
            "answer": JSON.filter(lambda value: value is not None),
            "client_key": st.text(min_size=8, max_size=64),
        },
        optional={"client_time": CLIENT_TIMES},
    )
    odd = st.fixed_dictionaries(
        {"question_id": st.sampled_from(question_ids) | SCALARS, "answer": JSON, "client_key": SCALARS},
        optional={"client_time": CLIENT_TIMES | SCALARS},
    )
    answers = st.lists(well_formed, min_size=1, max_size=4) | st.lists(well_formed | odd, min_size=1, max_size=4)
    saves = st.fixed_dictionaries({"answers": answers | JSON})
    encoded = saves.map(
        lambda value: json.dumps(value, allow_nan=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    )
    return encoded | RAW_BODIES


def _reopen(client: HandlerClient) -> None:
    """Let the learner start again when the fuzzer submitted (staff's reset), so saves keep reaching a session."""
    from ve_edu_plugin.assessments import api as assessments_api

    user = compat.current_user(client.block)
    session = assessments_api.current_session(user, compat.usage_key_string(client.block))
    if session is not None and session.status != assessments_api.AssessmentSession.OPEN:
        assessments_api.reset_learner(session.pk)


@settings(PROFILE)
@given(data=st.data())
def test_no_timed_handler_input_makes_a_5xx(seeded: dict[str, Any], data: st.DataObject) -> None:
    """Learner and staff, started or not: every generated body to the four handlers is a 2xx or a 4xx."""
    role = data.draw(st.sampled_from(ROLES), label="role")
    client = seeded["handlers"][("timed", role)]
    _reopen(client)
    if data.draw(st.integers(0, 3), label="started") > 0:  # mostly into an open session
        client.call("start", {})
    handler = data.draw(st.sampled_from(TIMED_HANDLERS), label="handler")
    body = data.draw(_timed_bodies(seeded["timed_ids"]), label="body")
    SENT["timed handler"] += 1
    response = client.runtime.handle(client.block, handler, Request.blank("/", method="POST", body=body))
    if response.status_code >= 500:
        SENT["timed handler 5xx"] += 1
    assert response.status_code < 500, (handler, response.status_code, body[:200], response.body[:300])
    answer = json.loads(response.body)
    assert isinstance(answer, dict)
    if handler == "save" and response.status_code == 200:
        SENT["timed saves stored"] += answer["stored"]


def teardown_module() -> None:
    """The totals, for ``make fuzz`` (shown with ``-s``)."""
    print(f"\nfuzz: {dict(SENT)}")
