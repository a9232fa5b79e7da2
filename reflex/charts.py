"""Server-rendered SVG charts, shared by the pages and the PDF reports (WeasyPrint renders inline SVG).

Each function returns a SafeString holding one accessible <svg>: role="img", a <title> and a <desc> referenced by
aria-labelledby, and a <title> on every mark so that the values can be read out. Only SVG presentation
attributes are used (fill=, stroke=, font-size=): no style attribute, so a strict Content-Security-Policy holds.

    from reflex.charts import bar_chart
    svg = bar_chart([("Lundi", 3), ("Mardi", 5)], title="Rencontres par jour")
"""

import itertools
import math

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from reflex.typography import NARROW_NBSP, NBSP

PRIMARY = "#2b4c7e"
LIGHT = "#eef3fb"
TEXT = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'

_ids = itertools.count(1)


def _number(value):
    """A value as the language writes it: "1 234,5" in French (a no-break space groups the thousands)."""
    if value is None:
        return "–"
    if isinstance(value, float):
        decimals = len(f"{value:.2f}".rstrip("0").partition(".")[2])
        return number_format(value, decimals, force_grouping=True)
    return number_format(value, force_grouping=True)


def _nice_max(value):
    """A round upper bound for an axis, of the values' own size: 7 → 10, 185 → 200, 1,33 → 2, 0,088 → 0,1."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude * (1 + 1e-9):
            return round(step * magnitude, 12)
    return 10 * magnitude


def _lines(text, length):
    """A label on one line, or on two cut between words (the second shortened if it must be), never cut short on
    one line when two would hold it."""
    if len(text) <= length:
        return [text]
    words = text.split()
    first = ""
    while words and len(f"{first} {words[0]}".strip()) <= length:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one long word
        return [text[:length], _shorten(text[length:], length)]
    return [first, _shorten(" ".join(words), length)] if words else [first]


def _label(x, y, text, length, *, anchor, size, line_height=None, fill=TEXT):
    """A <text> of one or two lines (see `_lines`), the first line's baseline at y."""
    lines = _lines(text, length)
    line_height = line_height or size + 1
    if len(lines) == 1:
        return (
            f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">'
            f"{escape(lines[0])}</text>"
        )
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if index == 0 else line_height}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" fill="{fill}">{spans}</text>'


def _open(width, height, title, description):
    chart_id = f"chart-{next(_ids)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" class="reflex-chart" {FONT}>'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def _shorten(text, length):
    return text if len(text) <= length else text[: length - 1] + "…"


def _describe(items, unit):
    suffix = f"{NBSP}{unit}" if unit else ""
    return f"{NARROW_NBSP}; ".join(f"{label}{NBSP}: {_number(value)}{suffix}" for label, value in items) or "—"


def _empty(width, height, title, empty_text):
    empty_text = empty_text or gettext("No data")
    return mark_safe(  # noqa: S308 - every interpolated text is escaped
        _open(width, height, title, empty_text)
        + f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="13" fill="{MUTED}">'
        f"{escape(empty_text)}</text></svg>"
    )


def bar_chart(items, *, title, unit="", width=640, height=260, empty_text=None):
    """Vertical bars, each with its value written above it, on an axis rounded just above the largest value: items
    is a list of (label, value)."""
    items = [(str(label), value or 0) for label, value in items]
    if not items:
        return _empty(width, 80, title, empty_text)
    left, right, top, bottom = 40, 10, 18, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max(value for _, value in items))
    slot = plot_w / len(items)
    bar_w = max(slot * 0.7, 2)
    parts = [_open(width, height, title, _describe(items, unit))]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="{MUTED}">'
            f"{_number(top_value * fraction)}</text>"
        )
    rotate = len(items) > 8
    for index, (label, value) in enumerate(items):
        x = left + slot * index + (slot - bar_w) / 2
        bar_h = plot_h * value / top_value
        y = top + plot_h - bar_h
        cx, ly = x + bar_w / 2, top + plot_h + 14
        parts.append(
            f"<g><title>{escape(label)}{NBSP}: {_number(value)}{NBSP + escape(unit) if unit else ''}</title>"
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" fill="{PRIMARY}" rx="2"/></g>'
            f'<text x="{cx:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="{9 if rotate else 11}" '
            f'fill="{TEXT}" class="value">{_number(value)}</text>'
        )
        if rotate:
            parts.append(
                f'<text x="{cx:.1f}" y="{ly:.1f}" font-size="10" fill="{TEXT}" text-anchor="end" '
                f'transform="rotate(-40 {cx:.1f} {ly:.1f})">{escape(_shorten(label, 14))}</text>'
            )
        else:
            parts.append(_label(cx, ly, label, max(int(slot / 6.5), 6), anchor="middle", size=11))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def hbar_chart(items, *, title, unit="", width=640, bar_height=22, label_width=170, empty_text=None):
    """Horizontal bars, one line per item (ranked lists: places…): items is a list of (label, value)."""
    items = [(str(label), value or 0) for label, value in items]
    if not items:
        return _empty(width, 80, title, empty_text)
    height = len(items) * (bar_height + 6) + 10
    value_w = 50
    plot_w = width - label_width - value_w
    top_value = max(value for _, value in items) or 1
    parts = [_open(width, height, title, _describe(items, unit))]
    for index, (label, value) in enumerate(items):
        y = 5 + index * (bar_height + 6)
        bar_w = plot_w * value / top_value
        lines = _lines(label, int(label_width / 6.5))
        parts.append(
            _label(
                label_width - 6,
                y + bar_height * (0.7 if len(lines) == 1 else 0.42),
                label,
                int(label_width / 6.5),
                anchor="end",
                size=12 if len(lines) == 1 else 10,
                line_height=10,
            )
            + f"<g><title>{escape(label)}{NBSP}: {_number(value)}{NBSP + escape(unit) if unit else ''}</title>"
            f'<rect x="{label_width}" y="{y}" width="{bar_w:.1f}" height="{bar_height}" fill="{PRIMARY}" rx="2"/>'
            f"</g>"
            f'<text x="{label_width + bar_w + 4:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
            f'fill="{TEXT}" class="value">{_number(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def _blend(fraction):
    """A colour between LIGHT (0) and PRIMARY (1)."""
    start = [int(LIGHT[i : i + 2], 16) for i in (1, 3, 5)]
    end = [int(PRIMARY[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(a + (b - a) * fraction):02x}" for a, b in zip(start, end, strict=True))


def heat_map(
    row_labels, column_labels, matrix, *, title, unit="", cell=34, label_width=90, empty_text=None, counts=None
):
    """A grid of cells coloured by value (None = no data): matrix[row][column]. `counts` (same shape, optional): how
    many sessions stand behind each cell, written small under the value and in its tooltip."""
    values = [value for row in matrix for value in row if value is not None]
    if not values or not column_labels:
        return _empty(label_width + 300, 80, title, empty_text)
    width = label_width + cell * len(column_labels) + 10
    height = 24 + cell * len(row_labels) + 10
    top_value = max(values) or 1
    described = [
        (f"{row_label} {column_label}", value)
        for row_label, row in zip(row_labels, matrix, strict=True)
        for column_label, value in zip(column_labels, row, strict=True)
        if value is not None
    ]
    parts = [_open(width, height, title, _describe(described, unit))]
    for column, label in enumerate(column_labels):
        x = label_width + cell * column + cell / 2
        parts.append(
            f'<text x="{x:.1f}" y="16" text-anchor="middle" font-size="11" fill="{TEXT}">{escape(label)}</text>'
        )
    for row_index, (row_label, row) in enumerate(zip(row_labels, matrix, strict=True)):
        y = 24 + cell * row_index
        parts.append(
            f'<text x="{label_width - 6}" y="{y + cell * 0.62:.1f}" text-anchor="end" font-size="12" '
            f'fill="{TEXT}">{escape(row_label)}</text>'
        )
        for column, value in enumerate(row):
            x = label_width + cell * column
            if value is None:
                parts.append(
                    f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="#ffffff" stroke="{GRID}"/>'
                )
                continue
            fraction = value / top_value
            ink = "#ffffff" if fraction > 0.55 else TEXT
            count = counts[row_index][column] if counts is not None else None
            behind = ""
            if count is not None:
                behind = " (" + escape(gettext("sessions: %(count)d") % {"count": count}) + ")"
            parts.append(
                f"<g><title>{escape(row_label)} {escape(column_labels[column])}{NBSP}: {_number(value)}"
                f"{NBSP + escape(unit) if unit else ''}{behind}</title>"
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{_blend(fraction)}" rx="3"/>'
                f'<text x="{x + (cell - 2) / 2:.1f}" y="{y + cell * (0.5 if count is not None else 0.6):.1f}" '
                f'text-anchor="middle" font-size="10" '
                f'fill="{ink}">{_number(round(value, 1) if isinstance(value, float) else value)}</text>'
                + (
                    f'<text x="{x + (cell - 2) / 2:.1f}" y="{y + cell * 0.82:.1f}" text-anchor="middle" font-size="8" '
                    f'fill="{ink}">n={count}</text>'
                    if count is not None
                    else ""
                )
                + "</g>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def line_chart(items, *, title, unit="", width=640, height=220, empty_text=None):
    """A simple line over ordered points (months…): items is a list of (label, value)."""
    items = [(str(label), value or 0) for label, value in items]
    if not items:
        return _empty(width, 80, title, empty_text)
    left, right, top, bottom = 40, 20, 18, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_max(max(value for _, value in items))
    step = plot_w / max(len(items) - 1, 1)
    points = [(left + step * index, top + plot_h * (1 - value / top_value)) for index, (_, value) in enumerate(items)]
    parts = [_open(width, height, title, _describe(items, unit))]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="10" fill="{MUTED}">'
            f"{_number(top_value * fraction)}</text>"
        )
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    parts.append(f'<polyline points="{path}" fill="none" stroke="{PRIMARY}" stroke-width="2"/>')
    every = max(len(items) // 12, 1)
    for index, ((label, value), (x, y)) in enumerate(zip(items, points, strict=True)):
        parts.append(
            f"<g><title>{escape(label)}{NBSP}: {_number(value)}{NBSP + escape(unit) if unit else ''}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{PRIMARY}"/></g>'
        )
        if index % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle" font-size="10" fill="{TEXT}" '
                f'class="value">{_number(value)}</text>'
            )
        if index % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="10" fill="{TEXT}">'
                f"{escape(label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


def funnel_chart(items, *, title, width=640, step_height=34, empty_text=None):
    """Centred bars narrowing stage after stage: items is a list of (stage label, count)."""
    items = [(str(label), value or 0) for label, value in items]
    if not items:
        return _empty(width, 80, title, empty_text)
    height = len(items) * (step_height + 6) + 6
    top_value = max(value for _, value in items) or 1
    parts = [_open(width, height, title, _describe(items, ""))]
    for index, (label, value) in enumerate(items):
        bar_w = max((width - 20) * value / top_value, 4)
        x = (width - bar_w) / 2
        y = 3 + index * (step_height + 6)
        text = f"{label}{NBSP}: {_number(value)}"
        parts.append(
            f"<g><title>{escape(label)}{NBSP}: {_number(value)}</title>"
            f'<rect x="{x:.1f}" y="{y}" width="{bar_w:.1f}" height="{step_height}" fill="{_blend(1 - index * 0.12)}" '
            f'rx="3"/></g>'
        )
        if len(text) * 8 + 12 <= bar_w:  # the label fits inside its bar
            parts.append(
                f'<text x="{width / 2}" y="{y + step_height * 0.64:.1f}" text-anchor="middle" font-size="13" '
                f'fill="#ffffff" class="value">{escape(text)}</text>'
            )
        else:  # beside it, on the right
            parts.append(
                f'<text x="{x + bar_w + 6:.1f}" y="{y + step_height * 0.64:.1f}" text-anchor="start" font-size="13" '
                f'fill="{TEXT}" class="value">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped
