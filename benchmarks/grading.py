"""
Our graders against Open edX capa's on equivalent problems.

Targets (grading issue): grading a choice or text answer >= 10x faster than capa's grade call,
a numeric or formula answer >= 100x faster, and identical verdicts (correct, partially correct
with the same credit, or incorrect) on every case below. A verdict that differs is a missed
target whatever the speed.

Both sides grade in this process. capa: ``LoncapaProblem.grade_answers``, the call
``ProblemBlock.submit_problem`` makes, on a problem built once; the LMS also rebuilds the problem
from its XML on each request, which is left out, so the baseline is capa's cost at its lowest.
Ours: ``grade_answer`` (verdict plus progressive feedback) on a body validated once, as
production keeps bodies cached per question version. Timings are medians per call; the figure
per question type is the median over its cases.

capa is the ``xblocks-contrib`` package's copy, installed by ``requirements/bench.txt`` (it needs
``setuptools<81``, so it lives in a virtualenv of its own). Without it the benchmark says so and
returns no rows.
"""

from __future__ import annotations

import gettext
import importlib
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from benchmarks.harness import Row, print_table

#: Speed-up each question type must reach, by the name of its row.
TARGETS: Mapping[str, float] = {
    "single choice": 10.0,
    "checkboxes": 10.0,
    "text": 10.0,
    "numeric with tolerance": 100.0,
    "formula": 100.0,
}
#: Timing rounds per case, and capa calls per round (one call is microseconds for choices and text,
#: milliseconds for numeric, a third of a second for formula). Each round also times one batch of
#: our calls, so both sides are measured under the same load on a shared machine.
ROUNDS: Mapping[str, tuple[int, int]] = {
    "single choice": (30, 10),
    "checkboxes": (30, 10),
    "text": (30, 10),
    "numeric with tolerance": (15, 2),
    "formula": (5, 1),
}
#: Our calls per timed batch (one call takes about a microsecond, near the clock's resolution).
OUR_BATCH = 200
#: New expressions graded for the "first time this expression is seen" figure.
FRESH_EXPRESSIONS = 200
_CAPA_MODULE = "xblocks_contrib.problem.capa.capa_problem"


@dataclass(frozen=True)
class Case:
    """One answer, as our grader receives it and as capa's form posts it."""

    label: str
    answer: object
    capa_answer: str | list[str]


@dataclass(frozen=True)
class Problem:
    """
    One question written twice: our JSON body and the capa OLX an author would write for it.

    ``fresh`` formats a new expression for each ``n`` that grades as correct: the cost of a
    learner's expression the grader has not seen before (ours caches compiled expressions).
    """

    kind: str
    question_type: str
    body: Mapping[str, Any]
    capa_xml: str
    cases: tuple[Case, ...]
    fresh: str | None = None


@dataclass(frozen=True)
class CaseResult:
    """Timings and verdicts of one case; a verdict is ``(correctness, credit)``."""

    problem: Problem
    case: Case
    ours_us: float
    verdict_us: float
    capa_us: float
    ours_verdict: tuple[str, float]
    capa_verdicts: frozenset[tuple[str, float]] = field(default_factory=frozenset)

    @property
    def agrees(self) -> bool:
        return self.capa_verdicts == {self.ours_verdict}


def _single(label: str, choice_id: str) -> Case:
    """Our ids a, b, c, ... are capa's choice_0, choice_1, ... (capa numbers choices in document order)."""
    return Case(label, choice_id, _capa_choice_name(choice_id))


def _ticks(label: str, *choice_ids: str) -> Case:
    return Case(label, list(choice_ids), [_capa_choice_name(choice_id) for choice_id in choice_ids])


def _capa_choice_name(choice_id: str) -> str:
    return f"choice_{ord(choice_id) - ord('a')}"


def _same(label: str, answer: str) -> Case:
    return Case(label, answer, answer)


def _choices(correct: str, count: int) -> list[dict[str, Any]]:
    return [
        {"id": chr(ord("a") + index), "text": f"Option {index + 1}", "correct": chr(ord("a") + index) in correct}
        for index in range(count)
    ]


def _capa_choices(correct: str, count: int) -> str:
    return "".join(
        f'<choice correct="{str(chr(ord("a") + index) in correct).lower()}">Option {index + 1}</choice>'
        for index in range(count)
    )


PROBLEMS: tuple[Problem, ...] = (
    Problem(
        "single choice",
        "single_choice",
        {"text": "<p>Which pair solves \\(x^2 + 2x - 24 = 0\\)?</p>", "choices": _choices("b", 4)},
        "<problem><multiplechoiceresponse><label>Which pair solves x^2 + 2x - 24 = 0?</label>"
        f'<choicegroup type="MultipleChoice">{_capa_choices("b", 4)}</choicegroup>'
        "</multiplechoiceresponse></problem>",
        (
            _single("right choice", "b"),
            _single("wrong choice", "a"),
            _single("last choice (wrong)", "d"),
        ),
    ),
    Problem(
        "checkboxes",
        "multiple_choice",
        {
            "text": "<p>Which are factors of \\(x^2 - 9\\)?</p>",
            "choices": _choices("ac", 4),
            "partial_credit": "every_decision_counts",
        },
        '<problem><choiceresponse partial_credit="EDC"><label>Which are factors of x^2 - 9?</label>'
        f"<checkboxgroup>{_capa_choices('ac', 4)}</checkboxgroup></choiceresponse></problem>",
        (
            _ticks("EDC: exactly the right boxes", "a", "c"),
            _ticks("EDC: one box missed (partial)", "a"),
            _ticks("EDC: every decision wrong", "b", "d"),
        ),
    ),
    Problem(
        "checkboxes",
        "multiple_choice",
        {
            "text": "<p>Which numbers are prime?</p>",
            "choices": _choices("abd", 5),
            "partial_credit": "halves",
        },
        '<problem><choiceresponse partial_credit="halves"><label>Which numbers are prime?</label>'
        f"<checkboxgroup>{_capa_choices('abd', 5)}</checkboxgroup></choiceresponse></problem>",
        (
            _ticks("halves: exactly the right boxes", "a", "b", "d"),
            _ticks("halves: one error (partial)", "a", "b"),
            _ticks("halves: two errors (partial)", "a", "b", "c"),
            _ticks("halves: three errors", "c", "d"),
        ),
    ),
    Problem(
        "text",
        "text",
        {"text": "<p>Name the capital of Malawi.</p>", "alternatives": ["Lilongwe", "LL"], "case_sensitive": False},
        '<problem><stringresponse answer="Lilongwe" type="ci"><label>Name the capital of Malawi.</label>'
        '<additional_answer answer="LL"/><textline size="20"/></stringresponse></problem>',
        (
            _same("case-insensitive match", "  lilongwe "),
            _same("additional answer", "LL"),
            _same("wrong answer", "Blantyre"),
        ),
    ),
    Problem(
        "text",
        "text",
        {
            "text": "<p>Solve \\(2x + 1 = 7\\); write \\(x = \\dots\\).</p>",
            "alternatives": [r"x\s*=\s*3(\.0+)?"],
            "regexp": True,
        },
        r'<problem><stringresponse answer="x\s*=\s*3(\.0+)?" type="regexp ci"><label>Solve 2x + 1 = 7.</label>'
        '<textline size="20"/></stringresponse></problem>',
        (
            _same("regexp match", "x = 3"),
            _same("regexp match, other case and form", "X=3.00"),
            _same("regexp no match", "x = 4"),
        ),
    ),
    Problem(
        "numeric with tolerance",
        "numeric",
        {"text": "<p>Height of the tree, in metres.</p>", "value": "25*tan(38*pi/180)", "tolerance": 0.05},
        '<problem><numericalresponse answer="25*tan(38*pi/180)"><label>Height of the tree, in metres.</label>'
        '<responseparam type="tolerance" default="0.05"/><formulaequationinput/></numericalresponse></problem>',
        (
            _same("within the tolerance", "19.5"),
            _same("expression, exact", "25*tan(38*pi/180)"),
            _same("outside the tolerance", "19.6"),
            _same("another number", "20"),
        ),
        fresh="{n}*25*tan(38*pi/180)/{n}",
    ),
    Problem(
        "numeric with tolerance",
        "numeric",
        {"text": "<p>A number of litres between 5 and 10.</p>", "value": 7.5, "tolerance": "2%"},
        '<problem><numericalresponse answer="7.5"><label>A number of litres.</label>'
        '<responseparam type="tolerance" default="2%"/><formulaequationinput/></numericalresponse></problem>',
        (
            _same("percent tolerance, inside", "7.6"),
            _same("percent tolerance, outside", "7.7"),
        ),
    ),
    Problem(
        "numeric with tolerance",
        "numeric",
        {"text": "<p>Any value in \\([5, 10)\\).</p>", "range": "[5, 10)"},
        '<problem><numericalresponse answer="[5, 10)"><label>Any value from 5 up to 10.</label>'
        "<formulaequationinput/></numericalresponse></problem>",
        (
            _same("range, closed lower bound", "5"),
            _same("range, open upper bound", "10"),
            _same("range, inside", "7.25"),
        ),
    ),
    Problem(
        "formula",
        "formula",
        {
            "text": "<p>Expand \\(x(x + 2y)\\).</p>",
            "expected": "x^2 + 2*x*y",
            "variables": {"x": [1, 5], "y": [1, 5]},
            "samples": 20,
            "tolerance": "0.001%",
        },
        '<problem><formularesponse type="ci" samples="x,y@1,1:5,5#20" answer="x^2 + 2*x*y">'
        '<label>Expand x(x + 2y).</label><responseparam type="tolerance" default="0.001%"/>'
        "<formulaequationinput/></formularesponse></problem>",
        (
            _same("equivalent form", "x*(x+2*y)"),
            _same("other case (case-insensitive)", "X^2 + 2*X*Y"),
            _same("wrong expression", "x^2 + 2*y"),
        ),
        fresh="x*(x+2*y) + {n} - {n}",
    ),
    Problem(
        "formula",
        "formula",
        {
            "text": "<p>The amount after \\(n\\) years at \\(R\\%\\) compound interest on \\(P\\).</p>",
            "expected": "P*(1 + R/100)^n",
            "variables": {"P": [1000, 5000], "R": [1, 20], "n": [1, 5]},
            "samples": 20,
            "tolerance": "0.001%",
        },
        '<problem><formularesponse type="ci" samples="P,R,n@1000,1,1:5000,20,5#20" answer="P*(1 + R/100)^n">'
        '<label>The compound amount.</label><responseparam type="tolerance" default="0.001%"/>'
        "<formulaequationinput/></formularesponse></problem>",
        (
            _same("equivalent form", "P*(1+0.01*R)^n"),
            _same("simple interest instead", "P + P*R*n/100"),
            _same("rate not divided by 100", "P*(1+R)^n"),
        ),
    ),
)


def capa_available() -> str | None:
    """None when capa can be imported here, else why not (the benchmark is then skipped)."""
    try:
        importlib.import_module(_CAPA_MODULE)
    except ImportError as exc:
        return f"capa is not importable ({exc}); install requirements/bench.txt to run this benchmark"
    return None


def run() -> list[Row]:
    reason = capa_available()
    if reason is not None:
        print(f"\nGrading against capa: skipped, {reason}")
        return []
    results = [_measure(problem, case) for problem in PROBLEMS for case in problem.cases]
    fresh = {problem.kind: _fresh_expression_us(problem) for problem in PROBLEMS if problem.fresh}
    rows = [_row(kind, [r for r in results if r.problem.kind == kind], fresh.get(kind)) for kind in TARGETS]
    print_table("Grading one answer: ours against capa's grade call (median per call)", "capa", rows)
    _print_cases(results)
    return rows


# --- ours ---------------------------------------------------------------------------------------


def _body(problem: Problem) -> Any:
    """The problem's body, validated once, as the bank's per-version cache holds it."""
    from ve_edu_plugin.questions.schemas import validate_body

    return validate_body(problem.question_type, problem.body)


def _our_grader(problem: Problem) -> Callable[[object], Any]:
    """``grade_answer``: the verdict plus progressive feedback, what a learner's submission gets."""
    from ve_edu_plugin.grading.api import grade_answer

    body = _body(problem)
    return lambda answer: grade_answer(body, answer)


def _our_judge(problem: Problem) -> Callable[[object], Any]:
    """``judge_answer``: the bare verdict, without feedback; closest to what capa's correct map holds."""
    from ve_edu_plugin.grading.api import judge_answer

    body = _body(problem)
    return lambda answer: judge_answer(body, answer)


def _our_verdict(result: Any) -> tuple[str, float]:
    if result.error is not None:
        return (f"error: {result.error.code}", 0.0)
    if result.correct:
        return ("correct", 1.0)
    return ("partially-correct" if result.partially_correct else "incorrect", float(result.score))


def _batch_seconds_per_call(grade: Callable[[object], Any], answer: object) -> float:
    started = time.perf_counter()
    for _ in range(OUR_BATCH):
        grade(answer)
    return (time.perf_counter() - started) / OUR_BATCH


def _fresh_expression_us(problem: Problem) -> float:
    """Median per call when every answer is an expression this process has not compiled yet."""
    assert problem.fresh is not None
    grade = _our_grader(problem)
    grade(problem.fresh.format(n=0))
    samples = []
    for n in range(1, FRESH_EXPRESSIONS + 1):
        answer = problem.fresh.format(n=n)
        started = time.perf_counter()
        result = grade(answer)
        samples.append(time.perf_counter() - started)
        if not result.correct:
            raise AssertionError(f"{answer!r} should grade as correct")
    return statistics.median(samples) * 1e6


# --- capa ---------------------------------------------------------------------------------------


class _BlockStub:
    """The few ProblemBlock attributes capa reads while building and grading these problems."""

    display_name = "bench"
    data = ""
    context_key = None
    usage_key = "bench"

    class runtime:  # noqa: N801 - mirrors the block's attribute name
        @staticmethod
        def publish(block: object, event_type: str, event: object) -> None:
            """capa publishes hint events; nothing listens here."""

    @staticmethod
    def correctness_available() -> bool:
        return True


def _capa_problem(problem: Problem) -> Any:
    """A LoncapaProblem with the minimal LoncapaSystem: no sandbox, no queue, a stub template renderer."""
    from django.conf import settings

    capa_problem = importlib.import_module(_CAPA_MODULE)
    system = capa_problem.LoncapaSystem(
        ajax_url="/bench",
        anonymous_student_id="bench-learner",
        cache=None,
        can_execute_unsafe_code=lambda: False,
        get_python_lib_zip=lambda: None,
        DEBUG=settings.DEBUG,
        i18n=gettext.NullTranslations(),
        render_template=lambda template, context: "<div/>",
        resources_fs=None,
        seed=1,
        xqueue=None,
    )
    return capa_problem.LoncapaProblem(
        problem.capa_xml, id="bench", capa_system=system, capa_block=_BlockStub(), seed=1
    )


def _capa_verdict(correct_map: Any, answer_id: str) -> tuple[str, float]:
    return (str(correct_map.get_correctness(answer_id)), float(correct_map.get_npoints(answer_id)))


def _measure(problem: Problem, case: Case) -> CaseResult:
    grade, judge = _our_grader(problem), _our_judge(problem)
    lcp = _capa_problem(problem)
    (answer_id,) = (answer_id for responder in lcp.responders.values() for answer_id in responder.answer_ids)
    answers = {answer_id: case.capa_answer}
    ours_verdict = _our_verdict(grade(case.answer))  # the first calls fill both sides' caches, untimed
    judge(case.answer)
    verdicts = {_capa_verdict(lcp.grade_answers(answers), answer_id)}
    ours, verdict_only, capa = [], [], []
    rounds, capa_calls = ROUNDS[problem.kind]
    for _ in range(rounds):
        ours.append(_batch_seconds_per_call(grade, case.answer))
        verdict_only.append(_batch_seconds_per_call(judge, case.answer))
        for _ in range(capa_calls):
            lcp.correct_map_history.clear()  # grade_answers appends a copy per call; keep memory flat
            started = time.perf_counter()
            correct_map = lcp.grade_answers(answers)
            capa.append(time.perf_counter() - started)
            verdicts.add(_capa_verdict(correct_map, answer_id))  # every call: capa's formula points are random
    return CaseResult(
        problem,
        case,
        ours_us=statistics.median(ours) * 1e6,
        verdict_us=statistics.median(verdict_only) * 1e6,
        capa_us=statistics.median(capa) * 1e6,
        ours_verdict=ours_verdict,
        capa_verdicts=frozenset(verdicts),
    )


# --- report -------------------------------------------------------------------------------------


def _row(kind: str, results: list[CaseResult], fresh_us: float | None) -> Row:
    ours = statistics.median(result.ours_us for result in results)
    capa = statistics.median(result.capa_us for result in results)
    verdict_only = statistics.median(result.verdict_us for result in results)
    target = TARGETS[kind]
    mismatches = [result.case.label for result in results if not result.agrees]
    note = f"({len(results)} cases, " + (
        f"verdicts differ: {'; '.join(mismatches)})" if mismatches else "verdicts identical)"
    )
    note += f" (verdict without feedback: {verdict_only:.1f} us, {capa / verdict_only:,.0f}x)"
    if fresh_us is not None:
        note += f" (new expression each call: {fresh_us:.1f} us, {capa / fresh_us:,.0f}x)"
    return Row(kind, ours, capa, "us", f">= {target:.0f}x", capa / ours >= target and not mismatches, note=note)


def _print_cases(results: list[CaseResult]) -> None:
    print(f"\n  {'case':<44} {'ours':>10} {'capa':>12}  verdict (ours / capa)")
    kind = None
    for result in results:
        if result.problem.kind != kind:
            kind = result.problem.kind
            print(f"  {kind}")
        capa = " or ".join(f"{name} {credit:g}" for name, credit in sorted(result.capa_verdicts))
        ours = f"{result.ours_verdict[0]} {result.ours_verdict[1]:g}"
        flag = "" if result.agrees else "  MISMATCH"
        print(f"    {result.case.label:<42} {result.ours_us:>8.2f}us {result.capa_us:>10.1f}us  {ours} / {capa}{flag}")
