"""Charts of coded acts as inline SVG, drawn on the server (no script, nothing fetched): a bar chart of counts
(a suppressed count draws no bar) and a timeline of acts (one mark per act in its year and month)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

PALETTE = ("#6b5b95", "#d64161", "#2a9d8f", "#e9a23b", "#3d5a80", "#8d6a9f", "#588157", "#b5651d")


def bar_chart(rows: list[tuple[str, int | None]], masked: str, *, label_width: int = 180) -> Markup:
    """A horizontal bar chart; a suppressed count draws no bar and says ``masked``. Names longer than the label
    column (``label_width`` pixels, about 7 per character) are cut."""
    if not rows:
        return Markup("")
    top = max((n for _, n in rows if n is not None), default=1) or 1
    height = 22 * len(rows) + 4
    total = label_width + 340
    chars = label_width // 7
    parts = [Markup('<svg class="chart" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
                    'xmlns="http://www.w3.org/2000/svg">').format(w=total, h=height)]
    for i, (name, n) in enumerate(rows):
        y = 4 + 22 * i
        width = 0 if n is None else max(2, round(300 * n / top))
        parts.append(Markup('<text x="0" y="{}" font-size="12">{}</text>').format(y + 13, name[:chars]))
        parts.append(Markup('<rect x="{}" y="{}" width="{}" height="16" fill="#6b5b95"></rect>').format(
            label_width, y, width))
        parts.append(Markup('<text x="{}" y="{}" font-size="12">{}</text>').format(
            label_width + 6 + width, y + 13, masked if n is None else n))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


@dataclass(frozen=True)
class Mark:
    """One act on the timeline: its id, year (None: undated), month (None: the year only), kind and label."""

    act_id: str
    year: int | None
    month: int | None
    kind: str
    label: str


def timeline(marks: list[Mark], *, undated: str, width: int = 640) -> Markup:
    """Acts along the years: one column per year, a dot per act placed by its month (a year-only act sits at
    the start of its year), dots of one place stacked; colour by kind, with a legend. Undated acts are counted
    under the axis (``undated`` is the phrase with ``{n}``)."""
    dated = [m for m in marks if m.year is not None]
    missing = len(marks) - len(dated)
    if not dated:
        return Markup('<p class="meta" id="timeline-undated">{}</p>').format(undated.format(n=missing)) \
            if missing else Markup("")
    first = min(m.year for m in dated if m.year is not None)
    last = max(m.year for m in dated if m.year is not None)
    years = last - first + 1
    left, right = 40, 16
    span = (width - left - right) / years
    kinds = sorted({m.kind for m in dated})
    colour = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(kinds)}
    stacks: dict[tuple[int, int], int] = defaultdict(int)
    dots = []
    for m in sorted(dated, key=lambda m: (m.year, m.month or 0, m.kind, m.act_id)):
        assert m.year is not None
        slot = (m.year, m.month or 0)
        level = stacks[slot]
        stacks[slot] += 1
        x = left + (m.year - first) * span + span * ((m.month or 1) - 0.5) / 12
        dots.append((x, level, m))
    top_level = max(level for _, level, _ in dots)
    axis_y = 24 + 12 * (top_level + 1)
    height = axis_y + 30 + 16 * ((len(kinds) + 3) // 4)
    parts = [Markup('<svg class="chart timeline" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
                    'xmlns="http://www.w3.org/2000/svg">').format(w=width, h=height)]
    parts.append(Markup('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#555"></line>').format(
        left, axis_y, width - right, axis_y))
    step = max(1, years // 10)
    for i in range(0, years, step):
        x = left + i * span
        parts.append(Markup('<line x1="{x}" y1="{a}" x2="{x}" y2="{b}" stroke="#555"></line>'
                            '<text x="{x}" y="{t}" font-size="11">{year}</text>').format(
            x=round(x, 1), a=axis_y, b=axis_y + 5, t=axis_y + 17, year=first + i))
    for x, level, m in dots:
        parts.append(Markup('<circle class="mark" data-act="{}" cx="{}" cy="{}" r="5" fill="{}"><title>{}</title>'
                            '</circle>').format(m.act_id, round(x, 1), axis_y - 10 - 12 * level, colour[m.kind],
                                                f"{m.label} ({m.year}{f'-{m.month:02d}' if m.month else ''})"))
    for i, kind in enumerate(kinds):
        label = next(m.label for m in dated if m.kind == kind)
        x, y = left + 150 * (i % 4), axis_y + 32 + 16 * (i // 4)
        parts.append(Markup('<circle cx="{}" cy="{}" r="5" fill="{}"></circle><text x="{}" y="{}" font-size="11">'
                            '{}</text>').format(x, y - 4, colour[kind], x + 9, y, label[:22]))
    parts.append(Markup("</svg>"))
    if missing:
        parts.append(Markup('<p class="meta" id="timeline-undated">{}</p>').format(undated.format(n=missing)))
    return Markup("").join(parts)
