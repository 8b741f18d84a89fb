"""Server-rendered SVG charts: no JavaScript, no library, a few hundred bytes each.

Charts are horizontal bars (labels above the bars, so long RW and program names fit a
360 px phone), drawn in a 320-unit-wide viewBox that scales to the column. Colours are
SVG presentation attributes (allowed by the CSP), with a text value beside every bar.
The same numbers always follow in a table (the template's job); the SVG is hidden from
screen readers (aria-hidden) so they read the table once, not the chart and the table.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH = 320
BAR = 18
GAP = 30
LABEL = 16
COLOURS = ["#0b6e4f", "#1f5fa8", "#b45309", "#6b21a8"]


def rupiah(value):
    """Rp 1.250.000 (Indonesian thousands separator)."""
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    value = int(value)
    sign = "-" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")


def short_rupiah(value):
    """Rp 1,2 M / Rp 350 jt / Rp 75 rb for labels inside charts."""
    value = int(value or 0)
    sign = "-" if value < 0 else ""
    n = abs(value)
    for size, unit in ((10**12, "T"), (10**9, "M"), (10**6, "jt"), (10**3, "rb")):
        if n >= size:
            text = f"{n / size:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{sign}Rp {text} {unit}"
    return f"{sign}Rp {n}"


def _text(value):
    return escape(str(value))


def bars(series, rows, *, formatter=str, max_value=None):
    """Grouped horizontal bars.

    series: [(key, label)] e.g. [("allocated", "Dialokasikan"), ("disbursed", ...)]
    rows:   [{"label": str, key: number|str, ...}] (a str value, such as "< 5", draws
            no bar but prints the text)
    """
    numbers = [
        row.get(key)
        for row in rows
        for key, _label in series
        if isinstance(row.get(key), int | float) or hasattr(row.get(key), "as_tuple")
    ]
    top = max_value or max([abs(n) for n in numbers] + [1])
    y = 4
    parts = []
    legend = []
    if len(series) > 1:
        x = 0
        for i, (_key, label) in enumerate(series):
            colour = COLOURS[i % len(COLOURS)]
            legend.append(
                f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
                f'<text x="{x + 16}" y="{y + 11}" font-size="13">{_text(label)}</text>'
            )
            x += 24 + 8 * len(str(label))
        y += 26
    for row in rows:
        parts.append(
            f'<text x="0" y="{y + 13}" font-size="14" font-weight="600">'
            f"{_text(row['label'])}</text>"
        )
        y += LABEL + 4
        for i, (key, _label) in enumerate(series):
            value = row.get(key)
            colour = COLOURS[i % len(COLOURS)]
            if isinstance(value, str) or value is None:
                width = 0
                shown = value if value is not None else "-"
            else:
                width = max(int(abs(float(value)) / float(top) * (WIDTH - 110)), 1 if value else 0)
                shown = formatter(value)
            parts.append(
                f'<rect x="0" y="{y}" width="{width}" height="{BAR}" fill="{colour}" rx="2"/>'
                f'<text x="{width + 6}" y="{y + 14}" font-size="13">{_text(shown)}</text>'
            )
            y += BAR + 4
        y += GAP - BAR
    height = y + 4
    return mark_safe(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-hidden="true" focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(legend)}{"".join(parts)}</svg>'
    )


def funnel(steps, *, formatter=str):
    """One bar per step, e.g. [("Dialokasikan", 100), ("Disalurkan", 80)]."""
    return bars(
        [("value", "")],
        [{"label": label, "value": value} for label, value in steps],
        formatter=formatter,
    )
