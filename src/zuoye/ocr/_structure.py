"""The maths PP-OCR reads flat, put back: fractions drawn with a bar, and raised exponents.

The detector and recogniser see a page as lines of characters. On a printed worksheet that loses
exactly what changes a question: 1/2 drawn stacked comes back as "1", "2" and maybe nothing at
all, and (−2)³ as "(-2)3". So after the usual pass, on the straightened page (`_ink`):

- each fraction bar found is read as `(numerator)/(denominator)` — the two are cut out and
  read on their own — and the line it sits on is read again piece by piece between its
  fractions, replacing whatever the detector made of that line;
- in each line, a run of marks set smaller and higher than its neighbours is read on its own
  and written as an exponent, `base^e`, when it reads as a number, a letter or a short sum.

Anything that does not read cleanly is kept as recognised and reported as a doubt, never
guessed at: the student is asked to check it (`Doubt`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import cv2
import numpy as np

from zuoye.messages import say
from zuoye.ocr import _engine, _ink
from zuoye.ocr._ink import Array, Bar, Rect

Detection = tuple[list[list[float]], str, float]

# A numerator, denominator or exponent that needs no brackets around it.
_ATOM = re.compile(r"[0-9]+(?:\.[0-9]+)?|[A-Za-z]")
_EXPONENT = re.compile(r"[0-9A-Za-z+\-−]{1,4}")
_RAISED_MARKS = set("“”\"'‘’`°′″*")
_SUPERS = "⁰¹²³⁴⁵⁶⁷⁸⁹ⁿ"
_PLAIN = str.maketrans(_SUPERS, "0123456789n")
# Below this the recogniser is guessing at least one character (measured on the photo set).
CONFIDENT = 0.8
# An exponent is one or two small characters read alone: a misread one reads with less (measured).
CONFIDENT_EXPONENT = 0.9
# An exponent the line's reading dropped is taken from the mark alone only above this.
SURE_EXPONENT = 0.97


@dataclass(slots=True)
class Page:
    """What was read, in the straightened page's pixels, and what the student should check."""

    detections: list[Detection]
    doubts: list[str] = field(default_factory=list)
    fractions: int = 0
    exponents: int = 0


def _group(text: str) -> str:
    text = text.strip()
    return text if _ATOM.fullmatch(text) else f"({text})"


def _corners(r: Rect) -> list[list[float]]:
    return [[r.x0, r.y0], [r.x1, r.y0], [r.x1, r.y1], [r.x0, r.y1]]


def _crop(image: Array, r: Rect, pad: int) -> Array:
    """A piece of the page with a margin of paper, as the recogniser likes its lines."""
    h, w = image.shape[:2]
    piece = image[max(0, r.y0) : min(h, r.y1), max(0, r.x0) : min(w, r.x1)]
    return np.pad(piece, ((pad, pad), (pad, pad), (0, 0)), constant_values=255)


def read_page(image: Array, detections: list[Detection]) -> Page:
    """`detections` of `image` (BGR) with fractions and exponents read in; the page straightened."""
    if not detections:
        return Page([])
    rough = float(np.median([_ink.moved(d[0], np.eye(2, 3)).height for d in detections]))
    mask = _ink.ink(image, rough)
    angle = _ink.skew(mask)
    matrix = np.eye(2, 3)
    if abs(angle) >= 0.5:
        image, matrix = _ink.straighten(image, angle)
        mask = _ink.ink(image, rough)
    items = [(_ink.moved(quad, matrix), text, score) for quad, text, score in detections]
    # The detector's boxes are a little larger than the text they hold, and one that caught a
    # fraction's parts with its line is far larger: the height of the marks inside them is what
    # a line of text measures.
    heights = [m.height for r, _, _ in items for m in _ink.glyphs(mask, r) if m.height >= 0.25 * r.height]
    text_height = float(np.median(heights)) if heights else rough * 0.75
    page = Page([])
    items = _fractions(image, mask, items, text_height, page)
    # Signs and roots count one mark a character, so they come before exponents add ^ and ().
    _signs(mask, items, text_height, page)
    items = _roots(mask, items, text_height, page)
    items = _exponents(image, mask, items, page)
    for _r, text, _score in items:
        if any(c in _SUPERS for c in text):
            # The recogniser wrote a superscript that no raised mark read alone confirmed; it
            # confuses ² and ³ on a blurred page, so it is not taken on trust.
            page.doubts.append(say("ocr.doubt.exponent_unconfirmed", text=text.strip()))
    for _r, text, score in items:
        if score < CONFIDENT and text.strip():
            page.doubts.append(say("ocr.doubt.low_confidence", text=text.strip()))
    page.detections = [(_corners(r), text, score) for r, text, score in items]
    return page


# -- fractions -------------------------------------------------------------------------------------
def _fractions(
    image: Array, mask: Array, items: list[tuple[Rect, str, float]], h: float, page: Page
) -> list[tuple[Rect, str, float]]:
    lone: list[Rect] = []
    found = _ink.bars(mask, h, lone)
    if lone:
        # Underlined words do this too: a doubt costs the student a glance, a lost denominator
        # changes the question.
        page.doubts.append(say("ocr.doubt.one_sided_bar"))
    if not found:
        return items
    parts = [f.num for f in found] + [f.den for f in found]
    # What the detector made of numerators and denominators goes: they are read again below.
    m = int(0.3 * h)
    grown = [Rect(f.whole.x0 - m, f.whole.y0 - m, f.whole.x1 + m, f.whole.y1 + m) for f in found]
    kept = [
        it
        for it in items
        if _covered(it[0], parts) < 0.4
        and not any(g.x0 <= it[0].cx < g.x1 and g.y0 <= it[0].cy < g.y1 for g in grown)
    ]
    # Fractions whose bars are level with each other share a line.
    rows: list[list[Bar]] = []
    for f in sorted(found, key=lambda f: f.bar.cy):
        if rows and abs(rows[-1][0].bar.cy - f.bar.cy) < 0.5 * h:
            rows[-1].append(f)
        else:
            rows.append([f])
    for row in rows:
        kept = _read_row(image, mask, kept, sorted(row, key=lambda f: f.bar.x0), h, page)
    return kept


def _covered(r: Rect, parts: list[Rect]) -> float:
    """How much of `r` lies inside the union of `parts` (0–1, overlaps between parts ignored)."""
    area = max(1, r.width * r.height)
    inside = 0
    for p in parts:
        w = min(r.x1, p.x1) - max(r.x0, p.x0)
        hh = min(r.y1, p.y1) - max(r.y0, p.y0)
        if w > 0 and hh > 0:
            inside += w * hh
    return min(1.0, inside / area)


def _read_row(
    image: Array, mask: Array, items: list[tuple[Rect, str, float]], fracs: list[Bar], h: float, page: Page
) -> list[tuple[Rect, str, float]]:
    axis = float(np.mean([f.bar.cy for f in fracs]))
    on_row = [it for it in items if abs(it[0].cy - axis) < 0.7 * h]
    rest = [it for it in items if it not in on_row]
    if on_row:
        y0, y1 = min(it[0].y0 for it in on_row), max(it[0].y1 for it in on_row)
    else:
        y0, y1 = int(axis - 0.75 * h), int(axis + 0.75 * h)
    whole = fracs[0].whole
    for f in fracs[1:]:
        whole = whole.union(f.whole)
    for it in on_row:
        whole = whole.union(it[0])
    x0, x1 = _reach(mask, y0, y1, whole.x0, whole.x1, h)
    # The pieces between fractions, with the fractions themselves painted out.
    # The pieces are read from the ink mask, not the photo: a blurred fraction's grey fringe
    # reaches past its marks, and the end of its bar would be read as a minus sign.
    rim = max(2, int(h * 0.08))
    ink = mask.copy()
    for f in fracs:
        ink[max(0, f.whole.y0 - rim) : f.whole.y1 + rim, max(0, f.whole.x0 - rim) : f.whole.x1 + rim] = False
    clean = np.where(ink[:, :, None], 0, 255).astype(np.uint8).repeat(3, axis=2)
    edges = [x0, *[v for f in fracs for v in (f.whole.x0 - rim, f.whole.x1 + rim)], x1]
    pieces = [_tight(ink, Rect(edges[2 * k], y0, edges[2 * k + 1], y1)) for k in range(len(fracs) + 1)]
    pad = max(4, int(h * 0.25))
    crops = [_crop(clean, p, pad) for p in pieces]
    crops += [c for f in fracs for c in (_crop(image, f.num, pad), _crop(image, f.den, pad))]
    # a piece with no more ink than a speck of JPEG noise has nothing to read
    inked = [int(ink[p.y0 : p.y1, max(0, p.x0) : p.x1].sum()) >= 0.012 * h * h for p in pieces]
    reads = _engine.read(crops)
    texts: list[tuple[str, bool]] = []  # (text, is a fraction)
    scores: list[float] = []
    signs = [_ink.sign(mask, p, h) if inked[k] and p.width < 1.5 * h else None for k, p in enumerate(pieces)]
    for k in range(len(fracs)):
        if inked[k]:
            texts.append((signs[k] or reads[k][0], False))
            scores.append(0.95 if signs[k] else reads[k][1])
        (num, s_num), (den, s_den) = reads[len(pieces) + 2 * k], reads[len(pieces) + 2 * k + 1]
        if not num.strip() or not den.strip():
            page.doubts.append(say("ocr.doubt.fraction_part"))
        texts.append((f"{_group(num)}/{_group(den)}", True))
        scores += [s_num, s_den]
        page.fractions += 1
    if inked[-1]:
        texts.append((signs[-1] or reads[len(fracs)][0], False))
        scores.append(0.95 if signs[-1] else reads[len(fracs)][1])
    line = Rect(x0, min(y0, int(axis - 0.5 * h)), x1, max(y1, int(axis + 0.5 * h)))
    # The pieces' ends can pick up a speck of a painted-out fraction's edge as a dot.
    joined = "".join(t if fraction else t.strip().strip("·.,、'`") for t, fraction in texts)
    return [*rest, (line, joined, min(scores) if scores else 0.0)]


def _tight(ink: Array, r: Rect) -> Rect:
    """`r` cut down to the rows that have ink in it (a piece read in a box much taller than its
    text comes out small and misread)."""
    rows = np.flatnonzero(ink[max(0, r.y0) : r.y1, max(0, r.x0) : r.x1].any(axis=1))
    if rows.size == 0:
        return Rect(r.x0, r.y0, r.x1, r.y0)
    return Rect(r.x0, r.y0 + int(rows[0]), r.x1, r.y0 + int(rows[-1]) + 1)


def _reach(mask: Array, y0: int, y1: int, x0: int, x1: int, h: float) -> tuple[int, int]:
    """How far the line's ink runs left and right of [x0, x1) (gaps under 1.5 line heights)."""
    band = mask[max(0, y0) : y1].any(axis=0)
    gap = int(1.5 * h)
    left = x0
    k = x0 - 1
    while k >= 0 and left - k <= gap:
        if band[k]:
            left = k
        k -= 1
    right = x1
    k = x1
    while k < band.size and k - right <= gap:
        if band[k]:
            right = k + 1
        k += 1
    return left, right


# -- exponents -------------------------------------------------------------------------------------
def _exponents(
    image: Array, mask: Array, items: list[tuple[Rect, str, float]], page: Page
) -> list[tuple[Rect, str, float]]:
    """Each raised run of marks is read alone and put into its line's text as `^e`, where the
    line's text has it (flattened, `(-2)3`, or as a superscript, `(-2)³`) or, when the line's
    reading lost it, where it stands on the page — then with a doubt."""
    found: list[tuple[int, Rect, int]] = []  # line, the raised run, how many marks follow it
    for n, (r, text, _score) in enumerate(items):
        if "/" in text or not re.search(r"[0-9A-Za-z)]", text):
            continue
        marks = _ink.glyphs(mask, r)
        for first, last in _ink.raised(marks):
            run = marks[first]
            for m in marks[first + 1 : last + 1]:
                run = run.union(m)
            found.append((n, run, len(marks) - 1 - last))
    if not found:
        return items
    pad = max(4, int(np.median([run.height for _, run, _ in found])) // 2)
    reads = _engine.read([_crop(image, run, pad) for _, run, _ in found])
    out = list(items)
    # left to right: a place is counted from the line's end, which what is put in leaves alone
    for (n, _run, right), (exp, score) in sorted(zip(found, reads, strict=True), key=lambda p: p[0][1].x0):
        exp = exp.strip().replace("−", "-")
        r, text, line_score = out[n]
        if not _EXPONENT.fullmatch(exp):
            if exp and all(c in _RAISED_MARKS for c in exp):
                continue  # a quote mark, a degree sign: raised, and not an exponent
            page.doubts.append(say("ocr.doubt.raised_mark", text=text.strip()))
            continue
        placed, sure = _place(text, right, exp, score)
        if not sure:
            page.doubts.append(say("ocr.doubt.exponent_read_as", text=text.strip(), placed=placed))
        page.exponents += 1
        out[n] = (r, placed, min(line_score, score))
    return out


def _place(text: str, right: int, exp: str, score: float) -> tuple[str, bool]:
    """`text` with `^exp` put where the raised run stands — `right` marks of the line follow it
    (in printed maths one mark is one character) — and True when the line's own reading had the
    same characters there, flattened or as superscripts, and the run read clearly."""
    plain = text.translate(_PLAIN)
    chars = [k for k, c in enumerate(text) if not c.isspace()]
    # where the exponent ends, counted in the line's characters
    end = chars[-right] if 0 < right <= len(chars) else len(text)
    best: tuple[int, int] | None = None
    for m in re.finditer(re.escape(exp), plain):
        i = m.start()
        if i == 0 or not re.match(r"[0-9A-Za-z)\]]", plain[i - 1]) or text[i - 1] == "^":
            continue
        distance = abs(m.end() - end)
        if best is None or distance < best[0]:
            best = (distance, i)
    if best is not None and best[0] <= 1:
        i = best[1]
        return text[:i] + "^" + _group(exp) + text[i + len(exp) :], score >= CONFIDENT_EXPONENT
    # Not in the line's reading: put it there. Sure only when the line had nothing else there
    # (it dropped the small mark, as it often does) and the mark read alone is clear; a line
    # that read another digit there (² for ³) is a disagreement to show.
    i = min(end, len(text))
    j = i - 1 if i > 0 and text[i - 1] in _SUPERS else i
    return text[:j] + "^" + _group(exp) + text[i:], j == i and score >= SURE_EXPONENT


# -- square roots ----------------------------------------------------------------------------------
_ROOT_SIGNS = "√vV"  # how the recogniser reads a radical sign


def _roots(
    mask: Array, items: list[tuple[Rect, str, float]], h: float, page: Page
) -> list[tuple[Rect, str, float]]:
    """√ with what stands under its bar: `√(x+1)` where the line reads `√x+1` (or `vx+1`)."""
    found = _ink.radicals(mask, h)
    if not found:
        return items
    out = list(items)
    for bar in sorted(found, key=lambda b: b.x0):
        for n, (r, text, score) in enumerate(out):
            if not (r.x0 <= bar.cx < r.x1 and r.y0 - 0.3 * h <= bar.y0 < r.y1):
                continue
            if not any(c in _ROOT_SIGNS for c in text):
                break  # the line's reading has no root sign: a stroke that only looked like a root's bar
            # The line's marks with the bar taken out: the √ tick, then one mark a character.
            bare = mask.copy()
            bare[bar.y0 : bar.y1 + 1, bar.x0 : bar.x1] = False
            marks = [m for m in _ink.glyphs(bare, r) if m.height >= 0.15 * h]
            under = sum(1 for m in marks if m.x0 >= bar.x0 and m.x1 <= bar.x1 + 2 and m.y0 > bar.y0)
            right = sum(1 for m in marks if m.x0 >= bar.x1)
            out[n] = (r, _rooted(text, under, right, page), score)
            break
    return out


def _rooted(text: str, under: int, right: int, page: Page) -> str:
    """`text` with its radical sign written √ and what stands under the bar (`under` characters,
    `right` more after them) as its argument; a doubt when the counts do not fit the text."""
    chars = [k for k, c in enumerate(text) if not c.isspace()]
    if under < 1 or right + under + 1 > len(chars):
        page.doubts.append(say("ocr.doubt.root_argument", text=text.strip()))
        return text
    end = chars[-right] if right else len(text)
    start = chars[-(right + under)]
    sign = chars[-(right + under + 1)]
    if text[sign] not in _ROOT_SIGNS:
        page.doubts.append(say("ocr.doubt.root", text=text.strip()))
        return text
    return text[:sign] + "√" + _group(text[start:end]) + text[end:]


# -- minus signs -----------------------------------------------------------------------------------
_FLAT = set("-−—–=_一")
_MINUSES = set("-−—–一")


def _signs(mask: Array, items: list[tuple[Rect, str, float]], h: float, page: Page) -> None:
    """A doubt where the shapes and the reading disagree about a sign: in the maths at the end
    of a line (one mark a character there), a flat mark read as a digit — (−2) read as (02) —
    a tall one read as a minus, a ÷ (three pieces) read as + (one). Only a doubt, never a correction: the marks and the
    characters may be out of step (two blurred digits touching make one mark)."""
    for r, text, _score in items:
        tail = re.search(r"[0-9A-Za-z+\-−—–=<>().×÷*%²³ ]+$", text)
        if "/" in text or tail is None or not re.search(r"[0-9]", tail.group()):
            continue  # a fraction read in is stacked on the page, not one mark a character
        # Superscripts the line read are left out (their marks are raised, handled below).
        chars = [c for c in tail.group() if not c.isspace() and c not in _SUPERS]
        marks = [m for m in _ink.glyphs(mask, r) if m.height >= 0.08 * h or m.width >= 0.2 * h]
        runs = _ink.raised(marks)
        if runs:
            # Left of a raised mark the line's reading may hold it flattened (2³ as 23) or not
            # at all: only what follows the last one is sure to be one mark a character.
            last = runs[-1][1]
            marks = marks[last + 1 :]
            chars = chars[len(chars) - len(marks) :] if len(marks) <= len(chars) else chars
        if len(marks) < len(chars):
            continue
        for c, m in zip(reversed(chars), reversed(marks), strict=False):
            # = is a short, wide mark too, but taller than a minus: it is only allowed as a thin one
            thin = m.height <= 0.2 * h and m.width >= 2 * m.height
            low = m.height <= 0.3 * h
            if (thin and c not in _FLAT) or (c in _MINUSES and not low) or not _parts_fit(mask, m, c):
                page.doubts.append(say("ocr.doubt.sign", text=text.strip()))
                break


def _parts_fit(mask: Array, m: Rect, c: str) -> bool:
    """+ is one stroke-joined piece, ÷ three (a bar and two dots): the mark must agree."""
    if c not in "+÷":
        return True
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(
        mask[m.y0 : m.y1, m.x0 : m.x1].astype(np.uint8)
    )
    pieces = sum(1 for st in stats[1:count] if st[4] >= 3)
    return pieces == 1 if c == "+" else pieces >= 2
