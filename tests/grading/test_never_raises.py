"""Whatever a client sends, grading answers with a result, never an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.grading.helpers import formula, multiple_choice, numeric, single_choice, text
from ve_edu_plugin.grading.api import AttemptHistory, FeedbackPolicy, GradeResult, grade_answer
from ve_edu_plugin.grading.bodies import QuestionBody

BODIES: list[QuestionBody] = [
    single_choice(),
    multiple_choice([True, False, True], partial_credit="every_decision_counts"),
    numeric(value=9.81, tolerance="1%"),
    numeric(range="[1, 2)"),
    text(["Lilongwe"]),
    text(["li.*"], regexp=True),
    formula("x^2 + y", {"x": [1, 3], "y": [-1, 1]}),
]

json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=True, allow_infinity=True),
        st.text(),
        st.text(alphabet="0123456789.eE+-*/^()%|xyXY_{}' ,pi", max_size=30),
        st.sampled_from(["a", "b", "choice_0", "choice_2", "Lilongwe", "x^2+y", "9.8", "[1,2]"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(BODIES) - 1), answer=json_values, seed=st.one_of(st.none(), st.integers()))
def test_grading_never_raises(index: int, answer: object, seed: int | None) -> None:
    body = BODIES[index]
    history = AttemptHistory.from_pairs([("a", False)])
    result = grade_answer(body, answer, history, FeedbackPolicy(max_attempts=5), seed=seed)
    assert isinstance(result, GradeResult)
    assert 0.0 <= result.score <= 1.0
    if result.error is not None:
        assert not result.correct and result.score == 0.0 and result.attempts_used == 1
    else:
        assert result.attempts_used == 2
