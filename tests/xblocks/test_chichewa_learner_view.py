"""
A Chichewa learner's view of each block holds no English of the plugin's own.

The question is written in Chichewa by its author (its words are the author's, not the plugin's), so
any English left in what the learner receives (the block's HTML and every handler answer the
block's script renders) is a message the plugin failed to translate.
"""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from django.utils import translation

from tests.learning_fixtures import HandlerClient
from tests.xblocks.test_message_catalogues import po_msgids
from ve_edu_plugin.questions import api as questions_api

pytestmark = pytest.mark.django_db

CHICHEWA_CHOICE = {
    "text": "<p>Ndi nambala iti imene ikukwaniritsa \\(x + 2 = 5\\)?</p>",
    "choices": [
        {"id": "a", "text": "2", "correct": False, "feedback": "<p>Onani: 2 + 2 si 5.</p>"},
        {"id": "b", "text": "3", "correct": True},
        {"id": "c", "text": "7", "correct": False},
    ],
    "hints": ["<p>Chotsani 2 mbali zonse ziwiri.</p>"],
    "solution": "<p>\\(x = 5 - 2 = 3\\).</p>",
}
CHICHEWA_NUMERIC = {
    "text": "<p>Lembani nambala 12.</p>",
    "value": 12,
    "tolerance": "1%",
    "hints": ["<p>Ikopereni.</p>"],
    "solution": "<p>Yankho ndi 12.</p>",
}
#: Everyday English words no Chichewa sentence holds, to catch English that is not (yet) a message id.
ENGLISH_WORDS = {
    *("the", "your", "you", "is", "of", "to", "not", "must", "be", "this", "please", "and", "with", "invalid"),
    *("request", "answer", "question", "practice", "adaptive", "correct", "wrong", "try", "again", "submit", "hint"),
}


def _english_phrases() -> set[str]:
    """The literal parts (two words or more) of every English message of both catalogues."""
    phrases: set[str] = set()
    for domain in ("django", "djangojs"):
        for msgid in po_msgids("en", domain):
            for piece in re.split(r"\{[^}]*\}|%\(\w+\)s|%s|%d", msgid):
                part = piece.strip(" .:;,…'\"()")
                if len(part.split()) >= 2:
                    phrases.add(part)
    return phrases


def _words_shown(value: Any) -> list[str]:
    """The human text in a handler answer or HTML: string values holding a space, tags stripped."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in _words_shown(item)]
    if isinstance(value, list):
        return [text for item in value for text in _words_shown(item)]
    if isinstance(value, str) and " " in value.strip():
        return [unescape(re.sub(r"<[^>]+>", " ", value))]
    return []


def _assert_no_english(shown: list[str]) -> None:
    assert shown, "nothing rendered"
    text = "\n".join(shown)
    left = sorted(phrase for phrase in _english_phrases() if phrase in text)
    assert not left, left
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
    assert not words & ENGLISH_WORDS, (sorted(words & ENGLISH_WORDS), text)


def test_the_english_phrases_are_found_where_they_are_left():
    """The check can fail: the English view of a block is caught by it."""
    with pytest.raises(AssertionError):
        _assert_no_english(_words_shown({"html": "<p>Loading question…</p>", "message": "Choose an answer first."}))


def test_the_question_block_in_chichewa_with_a_chichewa_question(learning_course, course_member):
    question = questions_api.create_question(
        learning_course.course_key,
        question_type="single_choice",
        body=CHICHEWA_CHOICE,
        fields=questions_api.QuestionFields(subtopic_id=learning_course.subtopic_ids[0], status="published"),
    )
    client = HandlerClient(f'<ve_question question_id="{question.id}" max_attempts="3" solution_after="1"/>')
    with translation.override("ny"):
        shown = _words_shown(client.block.student_view({}).content)
        shown += _words_shown(client.block.student_view_data())
        status, state = client.call("state", {})
        assert status == 200, state
        shown += _words_shown(state)
        shown += _words_shown(client.submit("a"))  # wrong: feedback, a hint and the solution
        unreadable = client.submit({"no": "such"})  # not an attempt: the grader's message says why
        assert unreadable["result"]["error"]["code"] == "malformed_answer", unreadable
        shown += _words_shown(unreadable["result"]["error"]["message"])
        shown += _words_shown(unreadable)
        shown += _words_shown(client.submit("b"))
    _assert_no_english(shown)


def test_the_practice_block_in_chichewa_with_a_chichewa_question(learning_course):
    subtopic = learning_course.subtopic_ids[2]  # no questions of the fixture: only the Chichewa one
    questions_api.create_question(
        learning_course.course_key,
        question_type="numeric",
        body=CHICHEWA_NUMERIC,
        fields=questions_api.QuestionFields(subtopic_id=subtopic, status="published"),
    )
    policy = json.dumps({"kind": "correct_in_a_row", "count": 1})
    client = HandlerClient(f"<ve_adaptive_practice subtopic_ids='[{subtopic}]' mastery_policy='{policy}'/>")
    with translation.override("ny"):
        shown = _words_shown(client.block.student_view({}).content)
        shown += _words_shown(client.block.student_view_data())
        status, state = client.call("state", {})
        assert status == 200 and state["status"] == "question", state
        status, bad = client.call("submit", {"answer": "x", "client_key": "short"})
        assert status == 400 and bad["error"]["code"] == "invalid_request", bad
        shown += _words_shown(bad["error"]["message"])
        shown += _words_shown(state)
        shown += _words_shown(client.submit("3"))  # wrong
        shown += _words_shown(client.submit("12"))
        status, state = client.call("state", {})
        shown += _words_shown(state)
    _assert_no_english(shown)
