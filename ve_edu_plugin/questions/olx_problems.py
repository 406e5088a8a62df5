"""
Read existing Open edX problems (capa OLX) into question bodies.

Courses moving to VE-EDU already have problems written for Open edX; this turns each
``<problem>`` into a body for :func:`~ve_edu_plugin.questions.schemas.validate_body`, keeping the
question text (HTML before the response, ``<label>``, ``<description>``), choices and their
hints, compound hints, tolerances and ranges, text alternatives and their options, formula
samples, demand hints and the solution. What cannot be carried over is never dropped silently:
a problem that cannot be imported at all is an :class:`UnsupportedProblem` with the reason, and
a detail that is left out is a warning on the :class:`ParsedProblem`.

Pure: the caller reads the file (from a course export, a library, an upload) and decides what to
do with the results. Parsing refuses entities, DTDs and network access.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from lxml import etree

from ve_edu_plugin.i18n import gettext
from ve_edu_plugin.olx.sources import hardened_parser
from ve_edu_plugin.olx.xml import escape_text, inner_html, remove_keeping_tail
from ve_edu_plugin.questions.body_errors import BodyValidationError
from ve_edu_plugin.questions.sanitize import plain_text
from ve_edu_plugin.questions.schemas import validate_body
from ve_edu_plugin.questions.transfer_data import ParsedProblem, UnsupportedProblem

_SUPPORTED = ("multiplechoiceresponse", "choiceresponse", "numericalresponse", "stringresponse", "formularesponse")
_PROBLEM_LEVEL_SKIP = frozenset({"demandhint", "solution", "solutionset", "script", "style"})
#: Elements inside a response that are question text rather than answer machinery.
_HTML_INSIDE_RESPONSE = frozenset(
    {
        "p", "div", "span", "img", "table", "ul", "ol", "dl", "pre", "blockquote", "figure", "math",
        "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "b", "i", "code", "br", "hr",
    }
)  # fmt: skip
_SAMPLES = re.compile(r"^\s*(?P<names>[^@]+)@(?P<lows>[^:]+):(?P<highs>[^#]+)#\s*(?P<count>\d+)\s*$")


#: The start of the reason given for a file that is not XML at all (a reader error, not a skip).
NOT_WELL_FORMED = "not well-formed XML"


def parse_problem_olx(olx: str | bytes) -> list[ParsedProblem | UnsupportedProblem]:
    """
    Every ``<problem>`` in ``olx`` (a problem file, or a unit/library with inline problems), in order.

    Broken XML gives a single UnsupportedProblem saying so.
    """
    try:
        root = etree.fromstring(olx.encode() if isinstance(olx, str) else olx, parser=hardened_parser())
    except etree.XMLSyntaxError as exc:
        return [UnsupportedProblem(title="", reason=f"{NOT_WELL_FORMED}: {exc}")]
    problems = [root] if root.tag == "problem" else list(root.iter("problem"))
    if not problems:
        return [UnsupportedProblem(title="", reason="no <problem> element found")]
    return [item for problem in problems for item in _parse_problem_parts(problem)]


# --- one problem ------------------------------------------------------------------------------


class _UnsupportedError(Exception):
    """Raised inside a converter to abandon a problem with a reason."""


@dataclass
class _Context:
    warnings: list[str]

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def _responses(problem: etree._Element) -> list[etree._Element]:
    """The response elements (``<...response>``, not a bare ``<response>``) in document order."""
    return [element for element in problem.iter() if _is_response(element.tag)]


def _parse_problem_parts(problem: etree._Element) -> list[ParsedProblem | UnsupportedProblem]:
    """
    One item per question of the problem. A problem with several response elements (common in
    Studio: "part a, part b") becomes one question per response, each keeping the problem's shared
    text, hints and solution, with ``part`` set so an importer can give each a stable id.
    """
    count = len(_responses(problem))
    if count <= 1:
        return [_parse_problem(problem)]
    title = (problem.get("display_name") or "").strip() or "Untitled problem"
    parts: list[ParsedProblem | UnsupportedProblem] = []
    for index in range(count):
        single = copy.deepcopy(problem)
        for other, response in enumerate(_responses(single)):
            if other != index:
                remove_keeping_tail(response)
        single.set("display_name", f"{title} ({index + 1}/{count})")
        item = _parse_problem(single)
        note = f"split from a problem holding {count} questions (this is part {index + 1})"
        if isinstance(item, ParsedProblem):
            parts.append(replace(item, warnings=(*item.warnings, note), part=index + 1))
        else:
            parts.append(replace(item, part=index + 1))
    return parts


def _parse_problem(problem: etree._Element) -> ParsedProblem | UnsupportedProblem:
    problem = copy.deepcopy(problem)  # converters strip what they have read
    url_name = problem.get("url_name")
    responses = _responses(problem)
    title = (problem.get("display_name") or "").strip()
    if not responses:
        return UnsupportedProblem(title or "Untitled problem", "it has no question (no response element)", url_name)
    response = responses[0]
    context = _Context(warnings=[])
    try:
        question_type, answer_key = _CONVERTERS.get(response.tag, _unsupported_response)(response, context)
        _check_scripts(problem, response, context)
        body = {**_common_fields(problem, response, context), **answer_key}
        if not title:
            title = plain_text(body["text"])[:80] or "Untitled problem"
        if not plain_text(body["text"]):
            body["text"] = f"<p>{title}</p>"
            context.warn("the problem has no question text; its title is used instead")
        canonical = validate_body(question_type, body).to_dict()
    except _UnsupportedError as exc:
        return UnsupportedProblem(title or "Untitled problem", str(exc), url_name)
    except BodyValidationError as exc:
        return UnsupportedProblem(title or "Untitled problem", f"it does not make a valid question: {exc}", url_name)
    return ParsedProblem(title, question_type, canonical, tuple(context.warnings), url_name)


def _is_response(tag: object) -> bool:
    return isinstance(tag, str) and tag.endswith("response") and tag != "response"


def _unsupported_response(response: etree._Element, context: _Context) -> tuple[str, dict[str, Any]]:
    raise _UnsupportedError(
        gettext("<%(tag)s> problems are not supported; supported: %(supported)s")
        % {"tag": response.tag, "supported": ", ".join(_SUPPORTED)}
    )


def _check_scripts(problem: etree._Element, response: etree._Element, context: _Context) -> None:
    scripts = problem.findall(".//script")
    if not scripts:
        return
    if any("$" in (value or "") for value in response.attrib.values()):
        raise _UnsupportedError(
            gettext("its answer is computed by a Python script (randomised problems are not supported)")
        )
    context.warn("a <script> in the problem was ignored")


def _common_fields(problem: etree._Element, response: etree._Element, context: _Context) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": _question_text(problem, response)}
    hints = [inner_html(hint) for hint in problem.findall("./demandhint/hint")]
    if hints := [hint for hint in hints if hint]:
        fields["hints"] = hints
    solutions = problem.findall(".//solution")
    if solutions:
        fields["solution"] = _solution_html(solutions[0])
        if len(solutions) > 1:
            context.warn("only the first <solution> was kept")
    return fields


def _question_text(problem: etree._Element, response: etree._Element) -> str:
    """Problem-level HTML around the response, with the response's label and description in place."""
    parts: list[str] = []
    seen_text: set[str] = set()

    def add(html: str) -> None:
        if html.strip():
            parts.append(html.strip())
            seen_text.add(plain_text(html))

    def walk(container: etree._Element) -> None:
        if container.text and container.text.strip():
            add(escape_text(container.text))
        for child in container:
            if not isinstance(child.tag, str):
                continue
            if child is response:
                _response_text(response, add, seen_text)
            elif response in child.iterdescendants():
                walk(child)
            elif child.tag not in _PROBLEM_LEVEL_SKIP:
                add(etree.tostring(child, encoding="unicode", with_tail=False))
            if child.tail and child.tail.strip():
                add(escape_text(child.tail))

    walk(problem)
    return "\n".join(parts)


def _response_text(response: etree._Element, add: Callable[[str], None], seen_text: set[str]) -> None:
    for child in response:
        if not isinstance(child.tag, str):
            continue
        if child.tag in {"label", "description"}:
            html = inner_html(child)
            if plain_text(html) not in seen_text:  # Studio often repeats the question as the label
                add(f"<p>{html}</p>")
        elif child.tag in _HTML_INSIDE_RESPONSE:
            add(etree.tostring(child, encoding="unicode", with_tail=False))


def _solution_html(solution: etree._Element) -> str:
    """The solution's HTML without Studio's "Explanation" heading and wrapper div."""
    container = solution
    detailed = solution.find("./div[@class='detailed-solution']")
    if detailed is not None and len(solution) == 1:
        container = detailed
    children = list(container)
    if children and children[0].tag == "p" and plain_text(inner_html(children[0])).lower() == "explanation":
        container = copy.deepcopy(container)
        first = container[0]
        if first.tail and first.tail.strip():
            container.text = (container.text or "") + first.tail
        container.remove(first)
    return inner_html(container)


# --- choices ----------------------------------------------------------------------------------


def _choice_ids(choices: list[etree._Element]) -> list[str]:
    """Ids a, b, c, ... (choice_26 onwards), stable and readable in JSON and analytics."""
    return [chr(ord("a") + index) if index < 26 else f"choice_{index}" for index in range(len(choices))]


def _choice_text(choice: etree._Element) -> str:
    choice = copy.deepcopy(choice)
    for hint in choice.findall("./choicehint"):
        remove_keeping_tail(hint)
    text_element = choice.find("./text")  # the old <choice><text>...</text></choice> form
    return inner_html(text_element if text_element is not None else choice)


def _multiple_choice_response(response: etree._Element, context: _Context) -> tuple[str, dict[str, Any]]:
    group = response.find("./choicegroup")
    if group is None:
        raise _UnsupportedError(gettext("the multiple choice problem has no <choicegroup>"))
    if group.get("answer-pool"):
        context.warn("answer-pool was ignored: all choices are kept")
    if group.get("shuffle", "").lower() == "true":
        context.warn("shuffle is set per block in VE-EDU (the feedback policy); it was not kept on the question")
    if response.get("partial_credit"):
        context.warn("partial credit points were not kept: only the correct choice earns credit")
    choices = group.findall("./choice")
    result = []
    for choice_id, choice in zip(_choice_ids(choices), choices, strict=True):
        correct = choice.get("correct", "false").strip().lower()
        if correct == "partial":
            context.warn("a choice worth partial credit was imported as incorrect")
        item: dict[str, Any] = {"id": choice_id, "text": _choice_text(choice), "correct": correct == "true"}
        hint = choice.find("./choicehint")
        if hint is not None and inner_html(hint):
            item["feedback"] = inner_html(hint)
        if choice.get("fixed", "").lower() == "true":
            item["fixed"] = True
        result.append(item)
    return "single_choice", {"choices": result}


def _choice_response(response: etree._Element, context: _Context) -> tuple[str, dict[str, Any]]:
    group = response.find("./checkboxgroup")
    if group is None:
        radio = response.find("./radiogroup")
        if radio is None:
            raise _UnsupportedError(gettext("the checkbox problem has no <checkboxgroup>"))
        context.warn("a radio-button choiceresponse was imported as a single choice question")
        return "single_choice", {"choices": _checkbox_choices(radio, context, single=True)}
    credit = (response.get("partial_credit") or "false").strip().lower()
    if credit not in {"false", "edc", "halves"}:
        context.warn(f"partial_credit={credit!r} is not supported; no partial credit is given")
        credit = "false"
    answer_key: dict[str, Any] = {
        "choices": _checkbox_choices(group, context, single=False),
        "partial_credit": {"false": "none", "edc": "every_decision_counts", "halves": "halves"}[credit],
    }
    combinations = _compound_hints(group, context)
    if combinations:
        answer_key["combination_feedback"] = combinations
    return "multiple_choice", answer_key


def _checkbox_choices(group: etree._Element, context: _Context, *, single: bool) -> list[dict[str, Any]]:
    choices = group.findall("./choice")
    result = []
    for choice_id, choice in zip(_choice_ids(choices), choices, strict=True):
        item: dict[str, Any] = {
            "id": choice_id,
            "text": _choice_text(choice),
            "correct": choice.get("correct", "false").strip().lower() == "true",
        }
        for hint in choice.findall("./choicehint"):
            selected = (hint.get("selected") or "").strip().lower()
            html = inner_html(hint)
            if not html:
                continue
            if selected == "true" or (single and not selected):
                item["feedback"] = html
            elif selected == "false" and not single:
                item["feedback_unselected"] = html
            else:
                context.warn('a <choicehint> without selected="true"/"false" was not kept (capa never shows it)')
        result.append(item)
    return result


def _compound_hints(group: etree._Element, context: _Context) -> list[dict[str, Any]]:
    """capa names choices for compound hints by their id attribute, else A, B, C... by position."""
    choices = group.findall("./choice")
    by_capa_id = {
        (choice.get("id") or chr(ord("A") + index)).upper(): choice_id
        for index, (choice_id, choice) in enumerate(zip(_choice_ids(choices), choices, strict=True))
    }
    result = []
    for hint in group.findall("./compoundhint"):
        selectors = (hint.get("value") or "").upper().split()
        ids = [by_capa_id.get(selector) for selector in selectors]
        html = inner_html(hint)
        if not selectors or None in ids or not html:
            context.warn(f"a <compoundhint value={hint.get('value')!r}> names unknown choices and was not kept")
            continue
        result.append({"choices": [choice_id for choice_id in ids if choice_id], "feedback": html})
    return result


# --- numeric, text, formula -------------------------------------------------------------------


def _tolerance(response: etree._Element) -> str | None:
    for param in response.findall(".//responseparam"):
        if param.get("type") == "tolerance" and param.get("default") is not None:
            return str(param.get("default")).strip()
    return None


def _correct_hint_as_explanation(response: etree._Element, answer_key: dict[str, Any]) -> None:
    hint = response.find("./correcthint")
    if hint is not None and inner_html(hint):
        answer_key["explanation"] = inner_html(hint)


def _numerical_response(response: etree._Element, context: _Context) -> tuple[str, dict[str, Any]]:
    answer = (response.get("answer") or "").strip()
    if not answer:
        raise _UnsupportedError(gettext("the numerical problem has no answer"))
    answer_key: dict[str, Any]
    if answer[0] in "[(" and answer[-1] in "])":
        answer_key = {"range": answer}
        if _tolerance(response) is not None:
            context.warn("the tolerance of a range answer was ignored (capa ignores it too)")
    else:
        answer_key = {"value": answer}
        tolerance = _tolerance(response)
        if tolerance is not None:
            answer_key["tolerance"] = tolerance
    if response.findall("./additional_answer"):
        context.warn("additional answers of a numerical problem were not kept")
    if response.get("partial_credit"):
        context.warn("partial credit of a numerical problem was not kept")
    _correct_hint_as_explanation(response, answer_key)
    return "numeric", answer_key


def _string_response(response: etree._Element, context: _Context) -> tuple[str, dict[str, Any]]:
    answer = response.get("answer")
    if answer is None or not answer.strip():
        raise _UnsupportedError(gettext("the text problem has no answer"))
    types = (response.get("type") or "").lower().split()
    alternatives = [part.strip() for part in answer.split("_or_")] if "_or_" in answer.lower() else [answer.strip()]
    for additional in response.findall("./additional_answer"):
        value = additional.get("answer")
        if value is None:  # the pre-2015 form keeps the answer as the element's text
            value = additional.text or ""
        elif additional.find("./correcthint") is not None:
            context.warn("feedback on an additional answer was not kept")
        if value.strip():
            alternatives.append(value.strip())
    if response.findall("./stringequalhint") or response.findall("./regexphint"):
        context.warn("feedback for specific wrong answers was not kept")
    answer_key: dict[str, Any] = {
        "alternatives": alternatives,
        "case_sensitive": "ci" not in types,
        "regexp": "regexp" in types,
    }
    _correct_hint_as_explanation(response, answer_key)
    return "text", answer_key


def _formula_response(response: etree._Element, context: _Context) -> tuple[str, dict[str, Any]]:
    answer = (response.get("answer") or "").strip()
    samples = response.get("samples") or ""
    if not answer:
        raise _UnsupportedError(gettext("the formula problem has no answer"))
    match = _SAMPLES.match(samples)
    if match is None:
        raise _UnsupportedError(
            gettext("its samples attribute %(samples)s is not of the form 'x,y@1,2:3,4#20'")
            % {"samples": repr(samples)}
        )
    names = [name.strip() for name in match["names"].split(",")]
    try:
        lows = [float(value) for value in match["lows"].split(",")]
        highs = [float(value) for value in match["highs"].split(",")]
    except ValueError as exc:
        raise _UnsupportedError(
            gettext("its samples attribute %(samples)s has a bound that is not a number") % {"samples": repr(samples)}
        ) from exc
    if not len(names) == len(lows) == len(highs):
        raise _UnsupportedError(
            gettext("its samples attribute %(samples)s does not give one range per variable")
            % {"samples": repr(samples)}
        )
    types = (response.get("type") or "").split(",")
    answer_key: dict[str, Any] = {
        "expected": answer,
        "variables": {name: [low, high] for name, low, high in zip(names, lows, highs, strict=True)},
        "samples": int(match["count"]),
        "case_sensitive": "cs" in types and "ci" not in types,
    }
    tolerance = _tolerance(response)
    if tolerance is not None:
        answer_key["tolerance"] = tolerance
    if response.find(".//formulahint") is not None:
        context.warn("formula hints were not kept (use the question's hints)")
    return "formula", answer_key


def _option_response(response: etree._Element, context: _Context) -> tuple[str, dict[str, Any]]:
    """A dropdown (capa ``optionresponse``) becomes a single choice question."""
    inputs = response.findall(".//optioninput")
    if len(inputs) != 1:
        raise _UnsupportedError(gettext("a dropdown problem with several dropdowns is not supported"))
    optioninput = inputs[0]
    context.warn("a dropdown problem was imported as a single choice question")
    options = optioninput.findall("./option")
    if options:
        choices = []
        for choice_id, original in zip(_choice_ids(options), options, strict=True):
            option = copy.deepcopy(original)
            hint = option.find("./optionhint")
            feedback = inner_html(hint) if hint is not None else ""
            if hint is not None:
                remove_keeping_tail(hint)
            item: dict[str, Any] = {
                "id": choice_id,
                "text": inner_html(option),
                "correct": option.get("correct", "false").strip().lower() == "true",
            }
            if feedback:
                item["feedback"] = feedback
            choices.append(item)
        return "single_choice", {"choices": choices}
    try:
        values = ast.literal_eval(optioninput.get("options") or "")
    except (ValueError, SyntaxError) as exc:
        raise _UnsupportedError(gettext("its dropdown options could not be read")) from exc
    if isinstance(values, str):
        values = (values,)
    correct = (optioninput.get("correct") or "").strip()
    labels = [str(value) for value in values]
    return "single_choice", {
        "choices": [
            {"id": choice_id, "text": escape_text(label), "correct": label.strip() == correct}
            for choice_id, label in zip(_choice_ids(labels), labels, strict=True)
        ]
    }


_CONVERTERS: dict[str, Callable[[etree._Element, _Context], tuple[str, dict[str, Any]]]] = {
    "multiplechoiceresponse": _multiple_choice_response,
    "choiceresponse": _choice_response,
    "numericalresponse": _numerical_response,
    "stringresponse": _string_response,
    "formularesponse": _formula_response,
    "optionresponse": _option_response,
}
