"""The page as ink: straightening it, and the shapes the text recogniser does not see.

PP-OCR reads a line of text as a string; it knows nothing of a fraction drawn as a bar with a
line above and below it, nor of an exponent set smaller and higher than its base. Those are
shapes, found here on a black-and-white mask of the page with OpenCV and NumPy (both come with
RapidOCR):

- `straighten`: the page turned so that its text lines are level, by the angle of the boxes
  the detector found (a photo is rarely square to the page, and every test below is about
  "above", "below" and "raised").
- `ink`: dark marks on the paper, with the paper's own light taken out first (a page lit from
  one side is white on one side and grey on the other).
- `bars`: horizontal strokes with a short run of ink right above and right below, inside their
  width: a fraction's bar. A minus sign, 一, the strokes of 三 and the two of = fail one test or
  another (nothing above, nothing below, or nothing but another thin stroke).
- `glyphs`: the marks of a line of text from left to right, for finding raised ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

Array = Any  # numpy arrays: numpy's own types would make every signature here unreadable


@dataclass(frozen=True, slots=True)
class Rect:
    x0: int
    y0: int
    x1: int  # exclusive
    y1: int

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    def union(self, other: Rect) -> Rect:
        return Rect(
            min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1)
        )


@dataclass(frozen=True, slots=True)
class Bar:
    """A fraction: its bar, and the ink above (numerator) and below (denominator) it."""

    bar: Rect
    num: Rect
    den: Rect

    @property
    def whole(self) -> Rect:
        return self.bar.union(self.num).union(self.den)


def skew(mask: Array) -> float:
    """The turn (degrees, as OpenCV counts them) that levels the page's lines of text, found where
    its rows of ink are sharpest: turned by the right
    angle, lines of text and the paper between them alternate crisply. (The detector's boxes are
    no guide: one that caught a numerator with its line is slanted on a level page.)"""
    small = mask.astype(np.uint8) * 255
    scale = 400 / max(small.shape)
    if scale < 1:
        small = cv2.resize(small, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    scores: dict[float, float] = {}
    for tenths in range(-80, 81, 5):
        angle = tenths / 10
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        rows = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST).sum(axis=1, dtype=np.float64)
        scores[angle] = float(np.square(np.diff(rows)).sum())
    best = max(scores, key=lambda a: scores[a])
    # A level page stays level unless turning it is clearly better (resampling alone moves the
    # score a little either way).
    if scores[best] < 1.03 * scores[0.0]:
        best = 0.0
    return best


def straighten(image: Array, angle: float) -> tuple[Array, Array]:
    """`image` turned by -`angle` degrees about its centre (paper-white corners), and the 2×3
    matrix that takes a point of the original to the turned image."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    turned = cv2.warpAffine(
        image,
        matrix,
        (w, h),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=(255, 255, 255),
    )
    return turned, matrix


def moved(quad: Any, matrix: Array) -> Rect:
    """The upright rectangle around `quad` once the page is turned by `matrix`."""
    pts = np.asarray(quad, dtype=np.float64)[:, :2]
    out = pts @ matrix[:, :2].T + matrix[:, 2]
    return Rect(
        int(out[:, 0].min()),
        int(out[:, 1].min()),
        math.ceil(out[:, 0].max()),
        math.ceil(out[:, 1].max()),
    )


def ink(image: Array, text_height: float) -> Array:
    """A boolean mask of the marks on the page (BGR image in)."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    # The paper's light: what is left when the text is closed over by a kernel wider than a
    # stroke (enough, since a character has paper between its strokes).
    k = min(41, max(15, int(text_height * 0.5))) | 1
    paper = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    ratio = gray.astype(np.float32) / np.maximum(paper.astype(np.float32), 1.0)
    # JPEG speckle is a pixel or two: a median first keeps it out of the mask.
    level = cv2.medianBlur((np.clip(ratio, 0, 1) * 255).astype(np.uint8), 3)
    return level < 150


def _strokes(mask: Array, text_height: float) -> tuple[float, int, int, Array]:
    """The page's horizontal strokes, for fraction bars and root bars alike: the text height used
    (h), how thick a stroke may be (thin), and the count and stats of the strokes, found by opening
    the ink with a line half a character wide."""
    h = max(8.0, text_height)
    opened = cv2.morphologyEx(
        mask.astype(np.uint8),
        cv2.MORPH_OPEN,
        cv2.getStructuringElement(cv2.MORPH_RECT, (max(5, int(h * 0.5)), 1)),
    )
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=8)
    return h, max(2, int(h * 0.22)), count, stats


def bars(mask: Array, text_height: float, lone: list[Rect] | None = None) -> list[Bar]:
    """Fractions drawn as a bar, anywhere on the page. Bars with text on one side only (a
    fraction half lost to a shadow or a thumb, or an underline) are added to `lone`."""
    lone = [] if lone is None else lone
    h, thin, count, stats = _strokes(mask, text_height)
    comp_count, comp_labels, comp_stats, _ = cv2.connectedComponentsWithStats(
        mask.astype(np.uint8), connectivity=8
    )
    found: list[Bar] = []
    for i in range(1, count):
        x, y, w, hh, _area = (int(v) for v in stats[i])
        if w < 0.5 * h or hh > thin:
            continue
        # The bar stands alone: the whole mark it belongs to is no taller than the bar (王, 土 and
        # 十 have a stroke across theirs).
        label = comp_labels[y + hh // 2, x + w // 2]
        if label == 0 or comp_stats[label][3] > thin + 1:
            continue
        bar = Rect(x, y, x + w, y + hh)
        num = _beside(comp_stats, comp_count, bar, h, above=True, skip=label)
        den = _beside(comp_stats, comp_count, bar, h, above=False, skip=label)
        if num is not None and den is not None:
            found.append(Bar(bar, num, den))
        elif (num is None) != (den is None) and w >= 0.9 * h and not _radical(mask, bar, h):
            lone.append(bar)
    return found


def _radical(mask: Array, bar: Rect, h: float) -> bool:
    """A bar with the tick of a √ at its left end, going down: the top of a square root."""
    left = mask[bar.y0 : int(bar.y0 + 0.9 * h), max(0, int(bar.x0 - 0.5 * h)) : bar.x0 + 2]
    return bool(left.size) and int(left.any(axis=1).sum()) >= 0.5 * h


def _beside(stats: Array, count: int, bar: Rect, h: float, *, above: bool, skip: int) -> Rect | None:
    """The ink right above (or below) `bar` and within its width; None when there is none, it
    starts too far off, or it is only another thin stroke (the strokes of 三, the lines of =)."""
    margin = 0.25 * h
    box: Rect | None = None
    for j in range(1, count):
        if j == skip:
            continue
        x, y, w, hh, area = (int(v) for v in stats[j])
        if area < 4:
            continue
        if x < bar.x0 - margin or x + w > bar.x1 + margin:
            continue
        gap = bar.y0 - (y + hh) if above else y - bar.y1
        if gap < -1 or gap > 0.6 * h:
            continue
        r = Rect(x, y, x + w, y + hh)
        box = r if box is None else box.union(r)
    if box is None:
        return None
    # Marks further out that belong to the same number (the top of a tall digit, a second line
    # of marks) are taken in by widening the box to the usual height of a line of text.
    if box.height < 0.4 * h:
        return None
    return box


def glyphs(mask: Array, area: Rect) -> list[Rect]:
    """The marks inside `area`, left to right, marks overlapping in x taken as one (the two
    strokes of =, the parts of a Chinese character)."""
    crop = mask[max(0, area.y0) : area.y1, max(0, area.x0) : area.x1].astype(np.uint8)
    if crop.size == 0:
        return []
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    rects = sorted(
        (Rect(int(s[0]), int(s[1]), int(s[0] + s[2]), int(s[1] + s[3])) for s in stats[1:count] if s[4] >= 3),
        key=lambda r: r.x0,
    )
    merged: list[Rect] = []
    for r in rects:
        # Overlapping by a sliver is two marks side by side (a smudge touching the next sign).
        if merged and min(r.x1, merged[-1].x1) - r.x0 > 0.3 * min(r.width, merged[-1].width):
            merged[-1] = merged[-1].union(r)
        else:
            merged.append(r)
    dx, dy = max(0, area.x0), max(0, area.y0)
    return [Rect(r.x0 + dx, r.y0 + dy, r.x1 + dx, r.y1 + dy) for r in merged]


def raised(marks: list[Rect]) -> list[tuple[int, int]]:
    """Runs of marks set smaller and higher than the line (exponents): (first, last) indices.

    The line's baseline and top are where most of its full-height marks end and begin. A raised
    mark reaches the top of the line but ends well above the baseline, is no taller than three
    quarters of a full mark, and follows a mark on the baseline closely (a ² after its base).
    """
    if len(marks) < 2:
        return []
    heights = sorted(m.height for m in marks)
    full = heights[int(len(heights) * 0.75)]
    tall = [m for m in marks if m.height >= 0.6 * full]
    if len(tall) < 1:
        return []
    base = float(np.median([m.y1 for m in tall]))
    top = float(np.median([m.y0 for m in tall]))
    body = max(1.0, base - top)
    flags = [
        m.y1 <= base - 0.33 * body
        and m.y0 <= top + 0.2 * body
        and 0.3 * body <= m.height <= 0.78 * body
        and m.width <= 1.1 * body
        for m in marks
    ]
    runs: list[tuple[int, int]] = []
    k = 0
    while k < len(marks):
        if not flags[k] or k == 0 or flags[k - 1]:
            k += 1
            continue
        before = marks[k - 1]
        if marks[k].x0 - before.x1 > 0.35 * body or before.y1 < base - 0.2 * body:
            k += 1
            continue
        end = k
        while end + 1 < len(marks) and flags[end + 1] and marks[end + 1].x0 - marks[end].x1 <= 0.3 * body:
            end += 1
        runs.append((k, end))
        k = end + 1
    return runs


def sign(mask: Array, area: Rect, text_height: float) -> str | None:
    """The sign standing alone in `area` between two fractions, by its shape: −, + or = (the
    recogniser, given one small sign and nothing around it, reads + as 口 and − as nothing).
    None when it is not one of these."""
    crop = mask[max(0, area.y0) : area.y1, max(0, area.x0) : area.x1].astype(np.uint8)
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(crop, connectivity=8)
    h = max(4.0, text_height)
    parts = [s for s in stats[1:count] if s[4] >= max(4.0, 0.012 * h * h)]  # not JPEG specks

    def flat(s: Array) -> bool:
        return bool(s[3] <= 0.35 * h and s[2] >= 0.15 * h and s[2] >= 2 * s[3])

    if len(parts) == 1 and flat(parts[0]):
        return "-"
    if len(parts) == 2 and all(flat(s) for s in parts) and abs(int(parts[0][0]) - int(parts[1][0])) < 0.2 * h:
        return "="
    if len(parts) == 1:
        x, y, w, hh, _ = (int(v) for v in parts[0])
        if 0.3 * h <= w <= 1.1 * h and 0.3 * h <= hh <= 1.1 * h and 0.6 <= w / hh <= 1.6:
            glyph = crop[y : y + hh, x : x + w].astype(bool)
            row = glyph[hh // 2 - 1 : hh // 2 + 2].any(axis=0).mean()
            col = glyph[:, w // 2 - 1 : w // 2 + 2].any(axis=1).mean()
            corners = glyph[: hh // 4, : w // 4].mean() + glyph[-(hh // 4) :, -(w // 4) :].mean()
            if row > 0.85 and col > 0.85 and corners < 0.05:
                return "+"
    return None


def radicals(mask: Array, text_height: float) -> list[Rect]:
    """The bars of square roots (vincula): a horizontal stroke with the tick of a √ at its left
    end and writing under it. What is under the bar is what the root is of — √(x+1), not √x+1."""
    h, thin, count, stats = _strokes(mask, text_height)
    found = []
    for i in range(1, count):
        x, y, w, hh, _area = (int(v) for v in stats[i])
        if w < 0.4 * h or hh > thin:
            continue
        bar = Rect(x, y, x + w, y + hh)
        below = mask[bar.y1 + 1 : int(bar.y1 + 1.1 * h), bar.x0 + 2 : max(bar.x0 + 3, bar.x1 - 1)]
        # nothing right above it: the top stroke of a character can look like this, not one inside
        above = mask[
            max(0, int(bar.y0 - 0.4 * h)) : max(0, bar.y0 - 1), bar.x0 + 2 : max(bar.x0 + 3, bar.x1 - 1)
        ]
        if (
            _radical(mask, bar, h)
            and below.size
            and below.any(axis=1).sum() >= 0.4 * h
            and not (above.size and above.any())
        ):
            found.append(bar)
    return found
