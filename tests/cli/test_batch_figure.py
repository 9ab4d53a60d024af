"""A worksheet answered offline (no key: the local solver answers) and saved as HTML carries each
graphable answer's figure as a static SVG with its key points in words; JSONL keeps the
description itself; a question with nothing to draw has no figure."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import Run


def test_an_html_report_embeds_the_figures(zuoye: Callable[..., Run], tmp_path: Path) -> None:
    src = tmp_path / "w.csv"
    src.write_text(
        "id,question\n1,解方程 x^2-5x+6=0\n2,解不等式 x^2-x-6>0\n3,计算 1/2+1/3\n", encoding="utf-8"
    )
    out = tmp_path / "report.html"
    r = zuoye("batch", str(src), "-o", str(out))
    assert r.exit_code == 0, r.stderr
    text = out.read_text(encoding="utf-8")
    sections = text.split("<section>")[1:]
    assert len(sections) == 3
    assert sections[0].count("<svg") == 2  # the figure, and its plot area nested in it
    assert "根：(2, 0)" in sections[0] and "顶点：(5/2,−1/4)" in sections[0]
    assert "y = x² − 5x + 6" in sections[0]  # the curve's legend, readable without TeX
    assert sections[1].count("<svg") == 1 and "解集：x &lt; −2 或 x &gt; 3" in sections[1]
    assert "<svg" not in sections[2]
    assert not re.search(r"<script|javascript:|\son\w+=", text)  # a static picture, nothing runs

    jsonl = tmp_path / "report.jsonl"
    assert zuoye("batch", str(src), "-o", str(jsonl)).exit_code == 0
    records = {r["id"]: r for r in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())}
    assert records["1"]["checks"][-1]["figure"]["kind"] == "graph"
    assert records["2"]["checks"][-1]["figure"]["kind"] == "number_line"
    assert "figure" not in records["3"]["checks"][-1]
