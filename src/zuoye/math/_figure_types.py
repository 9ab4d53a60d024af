"""The figure description: what a graph or a number line shows, computed by the CAS.

Plain floats, strings and lists only (no SymPy), so a `Figure` pickles across the worker
boundary, serialises to JSON as it is (`to_dict`), and comes back from a stored turn
(`Figure.from_dict`). Every label is LaTeX written by SymPy (`latex`) with a plain-text twin
(`text`) for places that cannot typeset (an SVG in a printed report); `caption` is the Chinese
word for what the point is (根, 顶点, 交点, 极大值…), written once here for the page and the SVG.

    graph:        curves (y = f(x) as LaTeX, sampled points in segments broken at gaps and
                  asymptotes), key points, guide lines (axis of symmetry, asymptotes), a shaded
                  region (a definite integral), and a window (x_min, x_max, y_min, y_max)
    number_line:  spans of the solution set with open/closed ends, on a window (x_min, x_max)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

FigureKind = Literal["graph", "number_line"]
PointKind = Literal["root", "vertex", "intersection", "extremum", "endpoint", "value"]
GuideKind = Literal["axis", "asymptote"]


@dataclass(frozen=True)
class Curve:
    latex: str  # "y = x^{2} - 5 x + 6"
    expr: str  # SymPy's own str of the right-hand side, for a reader that wants to sample anew
    segments: list[list[tuple[float, float]]]  # sampled (x, y), broken where the curve is not drawn


@dataclass(frozen=True)
class KeyPoint:
    kind: PointKind
    x: float
    y: float
    latex: str  # "(2, 0)", "\\left(\\frac{1}{2}, - \\frac{9}{4}\\right)"
    text: str  # the same in plain text: "(1/2, -9/4)"
    caption: str  # 根, 顶点, 交点, 极大值, 极小值, 端点, 函数值


@dataclass(frozen=True)
class Guide:
    """A straight line that is not a curve of the problem: x = h (axis), x = a or y = b (asymptote)."""

    kind: GuideKind
    vertical: bool
    at: float
    latex: str  # "x = 1"
    text: str
    caption: str  # 对称轴, 渐近线


@dataclass(frozen=True)
class Region:
    """The area between a curve and the x-axis from a to b (a definite integral)."""

    points: list[tuple[float, float]]  # a closed outline: along the curve, back along the x-axis
    latex: str  # "\\int_{0}^{1} x^{2} \\, dx = \\frac{1}{3}"
    text: str
    caption: str  # 积分区域（有向面积）


@dataclass(frozen=True)
class Span:
    """One piece of a solution set on a number line; lo/hi None is -∞/+∞; lo == hi is one point."""

    lo: float | None
    hi: float | None
    lo_closed: bool
    hi_closed: bool
    lo_latex: str
    hi_latex: str
    lo_text: str
    hi_text: str


@dataclass(frozen=True)
class Figure:
    kind: FigureKind
    title: str  # 函数 y = … 的图像 / 不等式的解集 (LaTeX inside $…$)
    variable: str  # the horizontal axis' name
    window: tuple[float, float, float, float]  # x_min, x_max, y_min, y_max (y unused on a number line)
    curves: list[Curve] = field(default_factory=list)
    points: list[KeyPoint] = field(default_factory=list)
    guides: list[Guide] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    answer_latex: str = ""  # the set in LaTeX, under a number line ("x < -2 或 x > 3")
    equal_scale: bool = False  # one unit as long on both axes (a circle must look like one)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["window"] = list(self.window)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        """A figure back from JSON (a stored turn). Raises KeyError/TypeError/ValueError if it is not one."""

        def pairs(items: Any) -> list[tuple[float, float]]:
            return [(float(a), float(b)) for a, b in items]

        window = tuple(float(v) for v in data["window"])
        if len(window) != 4 or data["kind"] not in ("graph", "number_line"):
            raise ValueError("not a figure")
        return cls(
            kind=data["kind"],
            title=str(data["title"]),
            variable=str(data["variable"]),
            window=(window[0], window[1], window[2], window[3]),
            curves=[
                Curve(str(c["latex"]), str(c["expr"]), [pairs(s) for s in c["segments"]])
                for c in data["curves"]
            ],
            points=[
                KeyPoint(
                    p["kind"],
                    float(p["x"]),
                    float(p["y"]),
                    str(p["latex"]),
                    str(p["text"]),
                    str(p["caption"]),
                )
                for p in data["points"]
            ],
            guides=[
                Guide(
                    g["kind"],
                    bool(g["vertical"]),
                    float(g["at"]),
                    str(g["latex"]),
                    str(g["text"]),
                    str(g["caption"]),
                )
                for g in data["guides"]
            ],
            regions=[
                Region(pairs(r["points"]), str(r["latex"]), str(r["text"]), str(r["caption"]))
                for r in data["regions"]
            ],
            spans=[
                Span(
                    None if s["lo"] is None else float(s["lo"]),
                    None if s["hi"] is None else float(s["hi"]),
                    bool(s["lo_closed"]),
                    bool(s["hi_closed"]),
                    str(s["lo_latex"]),
                    str(s["hi_latex"]),
                    str(s["lo_text"]),
                    str(s["hi_text"]),
                )
                for s in data["spans"]
            ],
            answer_latex=str(data.get("answer_latex", "")),
            equal_scale=bool(data.get("equal_scale", False)),
        )
