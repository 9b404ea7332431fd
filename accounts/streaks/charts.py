"""The insights page's charts, as geometry for server-rendered SVG: pure functions, no
database. Each chart keeps its rows (label, value, words) for the table that stands behind
it for screen readers; the SVG is drawn in a 320-wide viewBox so it scales to any width."""

from dataclasses import dataclass, field

WIDTH = 320
COLUMN_HEIGHT = 120  # the bars' area; 16 more below for the labels
ROW_HEIGHT = 22
LABEL_WIDTH = 110  # a row chart's labels, left of its bars


@dataclass(frozen=True)
class Mark:
    label: str
    value: float
    words: str  # the value as the table says it ("3 urges", "mood 3.5 of 5", "12 days")
    x: float = 0
    y: float = 0
    width: float = 0
    height: float = 0
    show_label: bool = True


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    summary: str  # one sentence for the SVG's <desc>
    kind: str  # "columns" or "rows"
    marks: list[Mark] = field(default_factory=list)
    empty: str = ""  # said instead of the chart when there is nothing to draw

    @property
    def is_empty(self) -> bool:
        if self.kind == "rows":
            return not self.marks
        return not any(mark.value for mark in self.marks)

    @property
    def height(self) -> int:
        if self.kind == "columns":
            return COLUMN_HEIGHT + 16
        return ROW_HEIGHT * len(self.marks)

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 4


def columns(*, slug, title, summary, empty, values, labels, words, every=1, top=None) -> Chart:
    """Vertical bars, one per label (hours, weekdays), scaled to `top` (default: the largest
    value); only every `every`-th label is drawn under its bar (all are in the table)."""
    top = top or max(values, default=0) or 1
    step = WIDTH / len(values)
    marks = [
        Mark(
            label=label,
            value=value,
            words=word,
            x=round(index * step + 1, 1),
            y=round(COLUMN_HEIGHT - value / top * COLUMN_HEIGHT, 1),
            width=round(step - 2, 1),
            height=round(value / top * COLUMN_HEIGHT, 1),
            show_label=index % every == 0,
        )
        for index, (label, value, word) in enumerate(zip(labels, values, words, strict=True))
    ]
    return Chart(slug=slug, title=title, summary=summary, kind="columns", marks=marks, empty=empty)


def rows(*, slug, title, summary, empty, spans) -> Chart:
    """Horizontal bars, one row each: `spans` is [(label, start, length, words)], start and
    length in the same unit (days from the first streak's start, or 0 and a count)."""
    end = max((start + length for _, start, length, _ in spans), default=0) or 1
    scale = (WIDTH - LABEL_WIDTH) / end
    marks = [
        Mark(
            label=label,
            value=length,
            words=word,
            x=round(LABEL_WIDTH + start * scale, 1),
            y=index * ROW_HEIGHT + 4,
            width=max(round(length * scale, 1), 2),  # a zero-day streak still shows
            height=ROW_HEIGHT - 8,
        )
        for index, (label, start, length, word) in enumerate(spans)
    ]
    return Chart(slug=slug, title=title, summary=summary, kind="rows", marks=marks, empty=empty)
