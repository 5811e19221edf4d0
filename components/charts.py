"""Small server-rendered SVG charts. Pure strings, no JavaScript: the page stays light and the
chart is an image with a title and description; the table beside it carries the same numbers."""

from __future__ import annotations

from html import escape
from typing import Optional, Sequence

WIDTH, HEIGHT, PAD, BOTTOM = 640, 240, 40, 36


def bar_chart(chart_id: str, title: str, description: str, points: Sequence[tuple[str, Optional[float]]],
              *, unit: str = "", top: Optional[float] = None, missing: str = "–") -> str:
    """Vertical bars, one per label; a value of None (too few to show) leaves a gap marked `missing`."""
    values = [v for _, v in points if v is not None]
    top = top or max(values + [1])
    slot = (WIDTH - 2 * PAD) / max(len(points), 1)
    bar = max(4.0, slot * 0.6)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">',
             f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(description)}</desc>',
             f'<line x1="{PAD}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - PAD}" y2="{HEIGHT - BOTTOM}" class="axis"/>']
    every = max(1, len(points) // 12)  # at most twelve labels under the bars
    for i, (label, value) in enumerate(points):
        x = PAD + i * slot + (slot - bar) / 2
        if value is not None:
            h = (HEIGHT - BOTTOM - 20) * value / top
            y = HEIGHT - BOTTOM - h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" class="bar"/>')
            if len(points) <= 13:
                parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" class="value">'
                             f'{escape(_number(value))}{escape(unit)}</text>')
        else:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - BOTTOM - 6}" class="value">{escape(missing)}</text>')
        if i % every == 0:
            parts.append(f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - 12}" class="label">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
