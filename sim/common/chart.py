"""Bar charts drawn as inline SVG, for the facilitator's pages and the e-mailed workshop report: no
script, no file from another host, readable when projected (large labels, one bar colour, the count
written on each bar). Styled by the page's CSS classes `chart`, `bar`, `axis`, `count`, `label`, `xlabel`."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT = 760, 300
MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 40, 48, 28


def bar_chart(bars: list[tuple[str, int]], title: str, x_label: str) -> str:
    """An SVG bar chart of (label, count) pairs, with `title` for screen readers and `x_label` below."""
    n = max(1, len(bars))
    most = max((c for _, c in bars), default=0) or 1
    plot_w, plot_h = WIDTH - MARGIN_LEFT - 10, HEIGHT - MARGIN_BOTTOM - MARGIN_TOP
    slot = plot_w / n
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{MARGIN_LEFT}" y1="{HEIGHT - MARGIN_BOTTOM}" x2="{WIDTH - 10}" y2="{HEIGHT - MARGIN_BOTTOM}" '
        'class="axis"/>',
    ]
    for i, (label, count) in enumerate(bars):
        x = MARGIN_LEFT + i * slot
        h = plot_h * count / most
        y = HEIGHT - MARGIN_BOTTOM - h
        parts.append(
            f'<rect x="{x + slot * 0.12:.1f}" y="{y:.1f}" width="{slot * 0.76:.1f}" height="{h:.1f}" class="bar">'
            f"<title>{escape(label)}: {count}</title></rect>"
        )
        if count:
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{y - 6:.1f}" class="count">{count}</text>')
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 22}" class="label">{escape(label)}</text>'
        )
    parts.append(f'<text x="{WIDTH / 2:.0f}" y="{HEIGHT - 6}" class="xlabel">{escape(x_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)
