"""A figure description (zuoye.math's `Figure.to_dict()`, as stored with a turn) as a static SVG,
for printed and saved pages: batch HTML reports, printouts.

Written by hand from the sampled points rather than with a plotting library: the description
already holds every number to draw (the solver sampled the curves and placed the window), so
what is left is a few hundred lines of SVG — axes, ticks, polylines, dots, labels. matplotlib
would add ~40 MB and a second of import to a report for no better picture, and its text would
not be our labels. The output is one self-contained <svg> (no ids, no scripts, no external
fonts): pasted many times into one page, the copies cannot interfere. Labels are the LaTeX
made readable (`latex_to_unicode`: x², √2, 1/2), since an SVG cannot typeset.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from zuoye.render._latex import latex_to_unicode

COLOURS = ("#c8102e", "#1f5fbf", "#1b7f3b", "#8a4fbf")
FONT = 'font-family=\'system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif\''
MARGIN = (40, 14, 14, 26)  # left, right, top, bottom: room for the tick labels


def figure_svg(figure: Mapping[str, Any], *, width: int = 480) -> str:
    """The figure as an SVG string. Raises KeyError/TypeError/ValueError when `figure` is not a
    figure description (a caller with stored data catches them and leaves the figure out)."""
    if figure["kind"] == "number_line":
        return _number_line(figure, width)
    if figure["kind"] == "graph":
        return _graph(figure, width)
    raise ValueError(f"not a figure kind: {figure['kind']!r}")


def figure_keys(figure: Mapping[str, Any]) -> list[str]:
    """The figure's key facts as lines of readable text (根：(2, 0)), to print beside the picture."""
    lines = [f"解集：{latex_to_unicode(figure['answer_latex'])}"] if figure.get("answer_latex") else []
    for group in ("points", "guides", "regions"):
        lines += [f"{item['caption']}：{latex_to_unicode(item['latex'])}" for item in figure[group]]
    return lines


def _text(
    x: float, y: float, words: str, *, size: int = 12, anchor: str = "start", colour: str = "#1d1d1f"
) -> str:
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' font-size='{size}' text-anchor='{anchor}' fill='{colour}' {FONT}>"
        f"{html.escape(words)}</text>"
    )


def _step(span: float, count: int = 6) -> float:
    """A tick step of 1, 2 or 5 × 10ⁿ giving about `count` ticks over `span`."""
    raw = span / count
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 5.0, 10.0) if m * power >= raw)


def _ticks(lo: float, hi: float) -> list[float]:
    step = _step(hi - lo)
    first = math.ceil(lo / step)
    return [round(k * step, 10) for k in range(first, math.floor(hi / step) + 1)]


def _number(value: float) -> str:
    return f"{value:g}".replace("-", "−")


class _Frame:
    """Maths coordinates → pixels inside the plot area."""

    def __init__(self, window: Sequence[float], width: int, height: int, *, equal: bool = False) -> None:
        self.x0, self.x1, self.y0, self.y1 = (float(v) for v in window)
        left, right, top, bottom = MARGIN
        self.left, self.top = left, top
        self.w, self.h = width - left - right, height - top - bottom
        if equal:  # widen the shorter way round so one unit is as long on both axes
            per_unit = min(self.w / (self.x1 - self.x0), self.h / (self.y1 - self.y0))
            grow_x = (self.w / per_unit - (self.x1 - self.x0)) / 2
            grow_y = (self.h / per_unit - (self.y1 - self.y0)) / 2
            self.x0, self.x1, self.y0, self.y1 = (
                self.x0 - grow_x,
                self.x1 + grow_x,
                self.y0 - grow_y,
                self.y1 + grow_y,
            )

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * self.w

    def y(self, value: float) -> float:
        return self.top + (self.y1 - value) / (self.y1 - self.y0) * self.h

    def path(self, points: Iterable[Sequence[float]]) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{self.x(px):.1f},{self.y(py):.1f}" for i, (px, py) in enumerate(points)
        )


def _graph(figure: Mapping[str, Any], width: int) -> str:
    height = round(width * 0.72)
    f = _Frame(figure["window"], width, height, equal=bool(figure.get("equal_scale")))
    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"role='img' aria-label='{html.escape(latex_to_unicode(_plain_title(figure['title'])), quote=True)}'>",
        f"<rect x='0' y='0' width='{width}' height='{height}' fill='#ffffff'/>",
    ]
    # the grid and the tick labels, then the axes where 0 is in view (else along the edge)
    axis_y = f.y(0.0) if f.y0 <= 0 <= f.y1 else f.top + f.h
    axis_x = f.x(0.0) if f.x0 <= 0 <= f.x1 else f.left
    for t in _ticks(f.x0, f.x1):
        out.append(
            f"<line x1='{f.x(t):.1f}' y1='{f.top}' x2='{f.x(t):.1f}' y2='{f.top + f.h}' stroke='#e6e6e6'/>"
        )
        if t != 0:
            out.append(
                _text(f.x(t), min(axis_y + 14, f.top + f.h + 16), _number(t), size=10, anchor="middle")
            )
    for t in _ticks(f.y0, f.y1):
        out.append(
            f"<line x1='{f.left}' y1='{f.y(t):.1f}' x2='{f.left + f.w}' y2='{f.y(t):.1f}' stroke='#e6e6e6'/>"
        )
        if t != 0:
            out.append(_text(max(axis_x - 4, f.left - 4), f.y(t) + 4, _number(t), size=10, anchor="end"))
    out += [
        f"<line x1='{f.left}' y1='{axis_y:.1f}' x2='{f.left + f.w}' y2='{axis_y:.1f}' stroke='#555' stroke-width='1.2'/>",
        f"<line x1='{axis_x:.1f}' y1='{f.top}' x2='{axis_x:.1f}' y2='{f.top + f.h}' stroke='#555' stroke-width='1.2'/>",
        _text(f.left + f.w - 2, axis_y - 5, str(figure["variable"]), size=12, anchor="end"),
        _text(axis_x - 5, f.top + 11, "y", size=12, anchor="end"),
    ]
    # everything drawn in maths coordinates is clipped to the plot area by a nested <svg>
    out.append(
        f"<svg x='{f.left}' y='{f.top}' width='{f.w}' height='{f.h}' viewBox='{f.left} {f.top} {f.w} {f.h}' overflow='hidden'>"
    )
    for region in figure["regions"]:
        out.append(
            f"<path d='{f.path(region['points'])} Z' fill='{COLOURS[0]}' fill-opacity='0.18' stroke='none'/>"
        )
    for guide in figure["guides"]:
        at = float(guide["at"])
        ends = (
            (f.x(at), f.top, f.x(at), f.top + f.h)
            if guide["vertical"]
            else (f.left, f.y(at), f.left + f.w, f.y(at))
        )
        colour = "#8a8a90" if guide["kind"] == "axis" else "#a15c00"
        out.append(
            f"<line x1='{ends[0]:.1f}' y1='{ends[1]:.1f}' x2='{ends[2]:.1f}' y2='{ends[3]:.1f}' stroke='{colour}' "
            "stroke-width='1.2' stroke-dasharray='5 4'/>"
        )
    colours = _colours(figure)
    for curve in figure["curves"]:
        colour = colours[curve["latex"]]
        for segment in curve["segments"]:
            out.append(f"<path d='{f.path(segment)}' fill='none' stroke='{colour}' stroke-width='2.2'/>")
    out.append("</svg>")
    last_label_end = -math.inf
    for point in sorted(figure["points"], key=lambda p: float(p["x"])):
        px, py = f.x(float(point["x"])), f.y(float(point["y"]))
        if not (f.left - 1 <= px <= f.left + f.w + 1 and f.top - 1 <= py <= f.top + f.h + 1):
            continue
        fill = "#ffffff" if point["kind"] == "vertex" else "#1d1d1f"
        out.append(
            f"<circle cx='{px:.1f}' cy='{py:.1f}' r='3.8' fill='{fill}' stroke='#1d1d1f' stroke-width='1.5'/>"
        )
        label = latex_to_unicode(point["latex"])
        # a label that would run into the one before it goes below its point instead
        below = point["kind"] == "vertex" or px + 6 < last_label_end
        out.append(_text(px + 6, py + (15 if below else -7), label, size=12))
        if not below:
            last_label_end = px + 6 + len(label) * 6.5
    # which colour is which curve, on a white card so the grid does not run through the words
    if colours:
        longest = max(len(latex_to_unicode(latex)) for latex in colours)
        card_w, card_h = 34 + longest * 6.5, 8 + 16 * len(colours)
        out.append(
            f"<rect x='{f.left + 4}' y='{f.top + 2}' width='{card_w:.0f}' height='{card_h}' rx='4' "
            "fill='#ffffff' fill-opacity='0.88'/>"
        )
    for i, (latex, colour) in enumerate(colours.items()):
        y = f.top + 14 + i * 16
        out.append(
            f"<line x1='{f.left + 8}' y1='{y - 4}' x2='{f.left + 24}' y2='{y - 4}' stroke='{colour}' stroke-width='2.5'/>"
        )
        out.append(_text(f.left + 28, y, latex_to_unicode(latex), size=11, colour=colour))
    out.append("</svg>")
    return "".join(out)


def _colours(figure: Mapping[str, Any]) -> dict[str, str]:
    """One colour per curve label, in order: a circle's two halves (one equation) share one."""
    colours: dict[str, str] = {}
    for curve in figure["curves"]:
        colours.setdefault(curve["latex"], COLOURS[len(colours) % len(COLOURS)])
    return colours


def _plain_title(title: str) -> str:
    return "".join(part if i % 2 == 0 else latex_to_unicode(part) for i, part in enumerate(title.split("$")))


def _number_line(figure: Mapping[str, Any], width: int) -> str:
    height = 78
    x0, x1 = float(figure["window"][0]), float(figure["window"][1])
    left, right = 16, 16
    axis = 44.0

    def sx(value: float) -> float:
        return left + (value - x0) / (x1 - x0) * (width - left - right)

    out = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' width='{width}' height='{height}' "
        f"role='img' aria-label='{html.escape(latex_to_unicode(figure.get('answer_latex', '')), quote=True)}'>",
        f"<rect x='0' y='0' width='{width}' height='{height}' fill='#ffffff'/>",
        f"<line x1='{left}' y1='{axis}' x2='{width - right}' y2='{axis}' stroke='#555' stroke-width='1.2'/>",
        f"<path d='M{width - right},{axis} l-8,-4 v8 Z' fill='#555'/>",
        _text(width - right, axis - 8, str(figure["variable"]), size=12, anchor="end"),
    ]
    for t in _ticks(x0, x1):
        out.append(f"<line x1='{sx(t):.1f}' y1='{axis - 4}' x2='{sx(t):.1f}' y2='{axis + 4}' stroke='#555'/>")
        out.append(_text(sx(t), axis + 18, _number(t), size=10, anchor="middle", colour="#555"))
    for span in figure["spans"]:
        lo = x0 if span["lo"] is None else float(span["lo"])
        hi = x1 if span["hi"] is None else float(span["hi"])
        if lo != hi:
            out.append(
                f"<line x1='{sx(lo):.1f}' y1='{axis}' x2='{sx(hi):.1f}' y2='{axis}' stroke='#1f5fbf' "
                "stroke-width='6' stroke-opacity='0.75'/>"
            )
        ends = []
        if span["lo"] is not None:
            ends.append((lo, span["lo_closed"], span["lo_latex"]))
        if span["hi"] is not None and span["hi"] != span["lo"]:
            ends.append((hi, span["hi_closed"], span["hi_latex"]))
        for at, closed, latex in ends:
            fill = "#1f5fbf" if closed else "#ffffff"  # ● closed end, ○ open end
            out.append(
                f"<circle cx='{sx(at):.1f}' cy='{axis}' r='5' fill='{fill}' stroke='#1f5fbf' stroke-width='2'/>"
            )
            out.append(_text(sx(at), axis - 12, latex_to_unicode(latex), size=12, anchor="middle"))
    out.append("</svg>")
    return "".join(out)
