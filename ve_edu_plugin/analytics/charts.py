"""
Small charts as inline SVG strings (pure; no chart library, nothing loaded from another host).

Every text that reaches the SVG is escaped here, so callers may pass titles as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

WIDTH = 480
BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 170
COLOURS = {"mastered": "#2e7d32", "in_progress": "#f9a825", "not_started": "#9e9e9e", "bar": "#1565c0"}


def stacked_bars(rows: Sequence[tuple[str, int, int, int]], *, title: str) -> str:
    """One horizontal bar per row: mastered / in progress / not started, as shares of the row's learners."""
    height = max(1, len(rows)) * (BAR_HEIGHT + GAP) + 24
    plot = WIDTH - LABEL_WIDTH - 10
    parts = [_open(height, title)]
    for index, (label, mastered, in_progress, not_started) in enumerate(rows):
        y = 20 + index * (BAR_HEIGHT + GAP)
        total = mastered + in_progress + not_started
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{escape(_short(label))}</text>')
        x = float(LABEL_WIDTH)
        for name, count in (("mastered", mastered), ("in_progress", in_progress), ("not_started", not_started)):
            width = plot * count / total if total else 0.0
            if width > 0:
                parts.append(
                    f'<rect class="ve-bar ve-{name}" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
                    f'fill="{COLOURS[name]}"><title>{escape(label)}: {count} {name.replace("_", " ")}</title></rect>'
                )
            x += width
    parts.append("</svg>")
    return "".join(parts)


def histogram(counts: Sequence[int], *, title: str, labels: Sequence[str] | None = None) -> str:
    """Vertical bars of ``counts`` (e.g. learners per tenth of P(mastery)), scaled to the largest."""
    height = 140
    plot_height = 100
    bars = max(1, len(counts))
    slot = (WIDTH - 20) / bars
    largest = max(counts, default=0) or 1
    parts = [_open(height, title)]
    for index, count in enumerate(counts):
        bar = plot_height * count / largest
        x = 10 + index * slot
        label = labels[index] if labels else str(index)
        parts.append(
            f'<rect class="ve-bar" x="{x + 2:.1f}" y="{20 + plot_height - bar:.1f}" width="{slot - 4:.1f}" '
            f'height="{bar:.1f}" fill="{COLOURS["bar"]}"><title>{escape(label)}: {count}</title></rect>'
            f'<text x="{x + slot / 2:.1f}" y="{height - 4}" font-size="10" text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _open(height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="ve-chart" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}"><title>{escape(title)}</title>'
    )


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "\u2026"
