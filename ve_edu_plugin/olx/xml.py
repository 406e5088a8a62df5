"""Small lxml helpers for reading HTML that OLX embeds (problem text, hints, solutions)."""

from __future__ import annotations

from lxml import etree


def inner_html(element: etree._Element) -> str:
    """The element's content as HTML, without the element's own tag."""
    parts = [escape_text(element.text or "")]
    parts.extend(etree.tostring(child, encoding="unicode", with_tail=True) for child in element)
    return "".join(parts).strip()


def remove_keeping_tail(element: etree._Element) -> None:
    """Remove the element but keep the text that follows it (its tail) where it stood."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def escape_text(text: str) -> str:
    """Text as HTML text content (``&``, ``<`` and ``>`` escaped; quotes are fine outside attributes)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
