"""Chart geometry for the statistics page's server-drawn SVG. Positions across are in per cent
of the chart's width and heights in pixels, so a chart fills a phone or a desktop alike and
its text is never scaled down."""

from __future__ import annotations

import math
from dataclasses import dataclass

LEFT = 9.0  # per cent kept for the value axis of the column chart
BAR_ROOM = 78.0  # per cent of the width the longest bar takes (its value follows it)
COLUMN_HEIGHT = 220  # pixels of the column chart's plot area
ROW_HEIGHT = 46  # pixels per bar of a bar chart: its label above, the bar below


def nice_ceiling(value: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown after the bar
    width: float  # per cent
    y: int  # top of the row, pixels


def bars(items: list[tuple[str, float, str]], largest: float | None = None) -> list[Bar]:
    """Horizontal bars, one per (label, value, shown text), scaled to the largest value (or
    to `largest`, so that several charts share a scale)."""
    top = largest or max((value for _, value, _ in items), default=0) or 1
    return [
        Bar(label, value, text, BAR_ROOM * value / top, i * ROW_HEIGHT)
        for i, (label, value, text) in enumerate(items)
    ]


def bars_height(count: int) -> int:
    """The height in pixels of a bar chart of `count` bars (one row when empty)."""
    return max(1, count) * ROW_HEIGHT + 4


@dataclass(frozen=True)
class Segment:
    series: str
    value: int
    y: float
    height: float


@dataclass(frozen=True)
class Column:
    label: str
    title: str  # the column's figures in words (a tooltip)
    x: float  # per cent
    width: float  # per cent
    segments: list[Segment]
    tick: bool  # label shown under it
    minor: bool  # label hidden on narrow screens


@dataclass(frozen=True)
class Gridline:
    value: int
    y: float


def stacked_columns(
    columns: list[tuple[str, str, dict[str, int]]], series: list[str]
) -> tuple[list[Column], list[Gridline]]:
    """Stacked columns (label, title, value per series), bottom-up in `series` order, with
    gridlines at round values."""
    largest = max((sum(v.values()) for _, _, v in columns), default=0)
    step = nice_ceiling(largest / 4)
    top = max(1, math.ceil(largest / step)) * step
    scale = COLUMN_HEIGHT / top
    count = max(1, len(columns))
    slot = (100.0 - LEFT) / count
    every = math.ceil(count / 13)  # about thirteen labels at most
    result = []
    for i, (label, title, values) in enumerate(columns):
        bottom, segments = float(COLUMN_HEIGHT), []
        for name in series:
            height = values.get(name, 0) * scale
            if height:
                bottom -= height
                segments.append(Segment(name, values[name], bottom, height))
        result.append(
            Column(
                label,
                title,
                LEFT + i * slot + slot * 0.15,
                slot * 0.7,
                segments,
                tick=i % every == 0,
                minor=(i // every) % 2 == 1,
            )
        )
    grid = [Gridline(v, COLUMN_HEIGHT - v * scale) for v in range(0, top + 1, step)]
    return result, grid
