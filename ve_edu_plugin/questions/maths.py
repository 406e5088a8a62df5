"""
LaTeX in question HTML turned into MathML on the server, so maths renders with no script.

Authors write maths as LaTeX between ``\\( \\)`` (inline), ``\\[ \\]`` or ``$$ $$`` (display). Each
such span becomes a ``<math>`` element (latex2mathml), which Chromium and the mobile webviews render
natively: a learner on a metered phone downloads no MathJax. The TeX source is kept as the
element's ``annotation`` (invisible), so an export gives the LaTeX back (``latex_of``) and the
maths can still be edited as LaTeX.

It runs when a body is validated, so both at save (the stored body holds MathML) and when a
question stored before this existed is read (converted then, once per version). A span that
latex2mathml cannot read, or that contains markup, stays as it was.
"""

from __future__ import annotations

import html
import re
from typing import Any

from latex2mathml.converter import convert

_SPAN = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<block>.+?)\\\]|\$\$(?P<dollars>.+?)\$\$", re.DOTALL)
_MATH_ELEMENT = re.compile(r"<math\b.*?</math\s*>", re.DOTALL | re.IGNORECASE)
_CONVERTED = re.compile(
    r'<math display="(?P<display>inline|block)"><semantics>(?:(?!</math>).)*?'
    r'<annotation encoding="application/x-tex">(?P<tex>[^<]*)</annotation></semantics></math>',
    re.DOTALL,
)


def latex_to_mathml(markup: str) -> str:
    """``markup`` with every LaTeX span replaced by MathML; idempotent (MathML has no delimiters left)."""
    if "\\(" not in markup and "\\[" not in markup and "$$" not in markup:
        return markup
    return _SPAN.sub(_converted, markup)


def latex_of(value: Any) -> Any:
    """``value`` (a body, or any JSON value in it) with the MathML made here turned back into LaTeX."""
    if isinstance(value, str):
        return _CONVERTED.sub(_source, value) if "<math" in value else value
    if isinstance(value, list):
        return [latex_of(item) for item in value]
    if isinstance(value, dict):
        return {key: latex_of(item) for key, item in value.items()}
    return value


def without_maths(markup: str) -> str:
    """``markup`` without its ``<math>`` elements: what an author typed, for length limits."""
    return _MATH_ELEMENT.sub("", markup)


def _converted(match: re.Match[str]) -> str:
    source = match.group("inline") or match.group("block") or match.group("dollars") or ""
    if "<" in source or ">" in source or not source.strip():
        return match.group(0)
    tex = html.unescape(source)
    display = "inline" if match.group("inline") is not None else "block"
    try:
        mathml = convert(tex.strip(), display=display)
    except Exception:  # noqa: BLE001 - any unreadable LaTeX stays as the author wrote it
        return match.group(0)
    annotation = f'<annotation encoding="application/x-tex">{html.escape(tex, quote=False)}</annotation>'
    inner = mathml[mathml.index(">") + 1 : mathml.rindex("</math>")]
    return f'<math display="{display}"><semantics><mrow>{inner}</mrow>{annotation}</semantics></math>'


def _source(match: re.Match[str]) -> str:
    opening, closing = ("\\(", "\\)") if match.group("display") == "inline" else ("\\[", "\\]")
    return f"{opening}{match.group('tex')}{closing}"
