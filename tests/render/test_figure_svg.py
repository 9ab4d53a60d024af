"""A solver's figure as a static SVG (batch reports, printouts): the key points where the window
puts them, open and closed ends on a number line, labels readable without TeX, nothing that runs,
and a description that is not a figure refused with an error the caller can catch."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from zuoye.math import solve
from zuoye.render import figure_keys, figure_svg

SVG = "{http://www.w3.org/2000/svg}"


def _tree(svg: str) -> ET.Element:
    assert not re.search(r"<script|javascript:|\son\w+=|<foreignObject|href=", svg)
    return ET.fromstring(svg)  # noqa: S314 — our own output: well-formed XML, one element


def test_a_graph_puts_its_key_points_where_the_window_says() -> None:
    figure = solve("解方程 x^2-5x+6=0").to_dict()["figure"]
    root = _tree(figure_svg(figure, width=480))
    x0, x1, y0, y1 = figure["window"]
    left, right, top, bottom = 40, 14, 14, 26
    height = round(480 * 0.72)
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 3  # two roots and the vertex
    for point, circle in zip(sorted(figure["points"], key=lambda p: p["x"]), circles, strict=True):
        cx = left + (point["x"] - x0) / (x1 - x0) * (480 - left - right)
        cy = top + (y1 - point["y"]) / (y1 - y0) * (height - top - bottom)
        assert float(circle.get("cx", "")) == pytest.approx(cx, abs=0.1)
        assert float(circle.get("cy", "")) == pytest.approx(cy, abs=0.1)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "(2, 0)" in texts and "(5/2,−1/4)" in texts and "y = x² − 5x + 6" in texts
    assert root.findall(f".//{SVG}path")  # the parabola
    assert figure_keys(figure) == ["根：(2, 0)", "根：(3, 0)", "顶点：(5/2,−1/4)", "对称轴：x = 5/2"]


def test_a_number_line_has_open_and_closed_ends() -> None:
    figure = solve("解不等式组 x+1>0, 2x-3<=5").to_dict()["figure"]
    root = _tree(figure_svg(figure))
    ends = {c.get("fill") for c in root.iter(f"{SVG}circle")}
    assert ends == {"#ffffff", "#1f5fbf"}  # ○ at -1 (open), ● at 4 (closed)
    assert figure_keys(figure) == ["解集：−1 < x ≤ 4"]


def test_what_is_not_a_figure_is_refused_with_a_catchable_error() -> None:
    for bad in ({}, {"kind": "pie"}, {"kind": "graph", "window": [0, 1]}):
        with pytest.raises((KeyError, TypeError, ValueError, IndexError)):
            figure_svg(bad)
