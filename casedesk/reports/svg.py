"""Small SVG bar charts for the PDF reports (WeasyPrint runs no JavaScript, so no Chart.js there)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

PALETTE = ["#1f5f99", "#c8553d", "#2a9d8f", "#e9c46a", "#8d6a9f", "#6c757d", "#f4a261"]
WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 240, 56, 40, 16


def _nice_max(value):
    if value <= 0:
        return 1
    step = 10 ** (len(str(int(value))) - 1)
    top = ((int(value) // step) + 1) * step
    return top if top < 4 else -(-top // 4) * 4  # four equal steps of whole numbers


def bars(labels, series, *, stacked=False):
    """Vertical bars: `series` is [(name, [values per label])]; a legend under the chart."""
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))] if stacked else [
        max((s[1][i] for s in series), default=0) for i in range(len(labels))
    ]
    top = _nice_max(max(totals, default=0))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / max(len(labels), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT + 24 * ((len(series) + 3) // 4)}">']
    for i in range(5):
        y = TOP + plot_h * i / 4
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        tick = _num(top * (4 - i) / 4)
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" font-size="10" text-anchor="end">{tick}</text>')
    for i, label in enumerate(labels):
        base = TOP + plot_h
        width = slot * 0.7 / (1 if stacked else max(len(series), 1))
        for k, (_name, values) in enumerate(series):
            height = plot_h * values[i] / top
            x = LEFT + slot * i + slot * 0.15 + (0 if stacked else k * width)
            parts.append(f'<rect x="{x:.1f}" y="{base - height:.1f}" width="{width:.1f}" height="{height:.1f}" '
                         f'fill="{PALETTE[k % len(PALETTE)]}"/>')
            if stacked:
                base -= height
        parts.append(f'<text x="{LEFT + slot * (i + 0.5):.1f}" y="{TOP + plot_h + 14}" font-size="10" '
                     f'text-anchor="middle">{escape(label)}</text>')
    for k, (name, _values) in enumerate(series if len(series) > 1 else []):
        x, y = LEFT + (k % 4) * 150, HEIGHT + 24 * (k // 4)
        parts.append(f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>')
        parts.append(f'<text x="{x + 14}" y="{y}" font-size="10">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _num(value):
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
