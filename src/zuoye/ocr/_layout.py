"""Reading order: detected text boxes → rows, top to bottom, each left to right.

RapidOCR returns one box per run of text it detected, roughly sorted. A printed question
often comes back as several boxes on one visual line (a formula set apart from the words
around it), so boxes are grouped into rows by vertical overlap, and a row's boxes are joined
left to right — with no space between two CJK characters, where Chinese has none.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

Point = tuple[int, int]


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One detected run of text, as recognised (before any clean-up)."""

    text: str
    box: tuple[Point, Point, Point, Point]  # corners, clockwise from top-left, in image pixels
    confidence: float  # 0–1, the recogniser's own score
    row: int  # which visual line of the page it is on (0 = top)


def order(detections: list[tuple[list[list[float]], str, float]]) -> list[OcrLine]:
    """Detections in reading order, each tagged with its row."""
    boxes = []
    for points, text, score in detections:
        corners = tuple((round(x), round(y)) for x, y in points[:4])
        ys = [p[1] for p in corners]
        xs = [p[0] for p in corners]
        boxes.append((min(ys), max(ys), min(xs), text, score, corners))
    boxes.sort(key=lambda b: (b[0] + b[1]) / 2)

    rows: list[list[tuple[int, int, int, str, float, tuple[Point, ...]]]] = []
    band: tuple[int, int] = (0, 0)
    for box in boxes:
        top, bottom = box[0], box[1]
        if rows:
            overlap = min(bottom, band[1]) - max(top, band[0])
            # Same row when the boxes share at least half the height of the smaller one.
            if overlap >= 0.5 * min(bottom - top, band[1] - band[0]):
                rows[-1].append(box)
                band = (min(band[0], top), max(band[1], bottom))
                continue
        rows.append([box])
        band = (top, bottom)

    lines = []
    for r, row in enumerate(rows):
        for _top, _bottom, _left, text, score, corners in sorted(row, key=lambda b: b[2]):
            c = tuple(corners)
            lines.append(OcrLine(text, (c[0], c[1], c[2], c[3]), score, r))
    return lines


def join_rows(lines: list[OcrLine]) -> list[str]:
    """The text of each row, its boxes joined as a reader would."""
    rows: list[str] = []
    current = -1
    previous: OcrLine | None = None
    for line in lines:
        if line.row != current or previous is None:
            rows.append(line.text)
            current, previous = line.row, line
            continue
        text = line.text
        repeated = 0
        if _right(previous) > _left(line):
            # The detector sometimes splits a long line into boxes that overlap, and both
            # boxes read the characters in the overlap: keep them once, and no space there.
            repeated = _repeated(previous.text, text)
            text = text[repeated:]
        left = rows[-1]
        joined = repeated or (left and text and _cjk(left[-1]) and _cjk(text[0]))
        sep = "" if joined else " "
        rows[-1] = left + sep + text if text else left
        previous = line
    return rows


def _left(line: OcrLine) -> int:
    return min(p[0] for p in line.box)


def _right(line: OcrLine) -> int:
    return max(p[0] for p in line.box)


def _repeated(left: str, right: str) -> int:
    """How many leading characters of `right` repeat the end of `left` (at most 3)."""
    for k in range(min(3, len(left), len(right) - 1), 0, -1):
        if left.endswith(right[:k]):
            return k
    return 0


def _cjk(c: str) -> bool:
    return unicodedata.east_asian_width(c) in ("W", "F")
