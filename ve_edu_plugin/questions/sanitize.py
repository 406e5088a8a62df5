"""
The one HTML sanitiser for question content (text, choices, feedback, hints, solutions).

Question HTML comes from authors and from imported files, and is shown to every learner, so it
is cleaned once, when a body is validated, with an allow-list: ordinary text markup, tables,
images, and MathML for maths (LaTeX between ``\\( \\)``, ``\\[ \\]`` or ``$$`` becomes MathML
first, ``questions/maths.py``, and is cleaned like the rest). Scripts, styles, event-handler attributes,
``javascript:`` URLs, frames and forms never survive; ``data:`` URLs are kept only for images.
"""

from __future__ import annotations

import html
import re

import nh3

_TEXT_TAGS = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
        "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt",
        "ruby", "s", "samp", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
        "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip

#: Presentation MathML plus ``semantics``/``annotation`` (TeX source as text). ``annotation-xml``
#: is left out on purpose: it may switch the parser back to HTML inside maths.
_MATHML_TAGS = frozenset(
    {
        "math", "maction", "menclose", "merror", "mfenced", "mfrac", "mi", "mlabeledtr", "mmultiscripts",
        "mn", "mo", "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt",
        "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "none",
        "semantics", "annotation",
    }
)  # fmt: skip

_MATHML_ATTRIBUTES = frozenset(
    {
        "accent", "accentunder", "align", "close", "columnalign", "columnlines", "columnspacing", "columnspan",
        "depth", "display", "displaystyle", "encoding", "fence", "form", "frame", "height", "largeop",
        "linethickness", "lspace", "mathvariant", "maxsize", "minsize", "movablelimits", "notation", "open",
        "rowalign", "rowlines", "rowspacing", "rowspan", "rspace", "scriptlevel", "separator", "separators",
        "stretchy", "symmetric", "voffset", "width",
    }
)  # fmt: skip

_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "align", "headers"},
    "th": {"colspan", "rowspan", "align", "scope", "headers"},
    "col": {"span", "align"},
    "colgroup": {"span", "align"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "table": {"summary"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    **{tag: set(_MATHML_ATTRIBUTES) for tag in _MATHML_TAGS},
}

_URL_SCHEMES = {"http", "https", "mailto", "data"}


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """``data:`` URLs only as image sources (inline images in imported content); nowhere else."""
    if value.lstrip()[:5].lower() == "data:" and not (tag == "img" and attribute == "src"):
        return None
    if tag == "img" and attribute == "src" and value.lstrip()[:5].lower() == "data:":
        return value if value.lstrip()[5:11].lower() == "image/" else None
    return value


def sanitize_html(html: str) -> str:
    """The HTML with everything outside the allow-list removed; idempotent."""
    return nh3.clean(
        html,
        tags=set(_TEXT_TAGS | _MATHML_TAGS),
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_keep_attribute,
        url_schemes=_URL_SCHEMES,
        strip_comments=True,
    )


_TAG = re.compile(r"<[^>]*>")
#: MathML that keeps the author's LaTeX in its annotation (how questions store maths).
_MATHS_WITH_SOURCE = re.compile(
    r'<math\b(?:(?!</math>).)*?<annotation encoding="application/x-tex">(?P<tex>[^<]*)</annotation>'
    r"(?:(?!</math>).)*?</math\s*>",
    re.DOTALL,
)


def plain_text(markup: str) -> str:
    """The text of an HTML fragment, tags dropped, entities decoded and whitespace collapsed.

    The one mapping used for question titles, search text and OLX label comparisons. Maths reads
    as the LaTeX the author typed (``x^2``), not as MathML's rendered text followed by its source.
    """
    markup = _MATHS_WITH_SOURCE.sub(lambda match: f" {match['tex']} ", markup)
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())
