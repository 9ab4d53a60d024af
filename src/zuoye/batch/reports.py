"""Rendering the finished worksheet as CSV, Markdown or HTML (chosen by the output's extension)."""

from __future__ import annotations

import csv
import html
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zuoye.messages import say
from zuoye.render import figure_keys, figure_svg, latex_to_unicode, split_math

FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def output_format(path: Path) -> str:
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(say("batch.unknown_output", suffix=path.suffix or say("batch.no_suffix")))
    return fmt


def _check_label(record: dict[str, Any]) -> str:
    checks = record.get("checks") or []
    return str(checks[-1].get("label", "")) if checks else ""


def _figure_html(record: dict[str, Any]) -> str:
    """The checked answer's figure (the solver's graph or number line) as a static SVG with its key
    points in words; "" when it has none, or when what is stored is not a figure."""
    checks = record.get("checks") or []
    figure = checks[-1].get("figure") if checks and isinstance(checks[-1], dict) else None
    if not isinstance(figure, dict):
        return ""
    try:
        svg = figure_svg(figure)
        keys = figure_keys(figure)
    except (KeyError, TypeError, ValueError, IndexError):
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in keys)
    title = html.escape(_readable(str(figure.get("title", ""))))
    return f"<figure class='fig'>{svg}<figcaption>{title}</figcaption><ul class='keys'>{items}</ul></figure>"


def _readable(text: str) -> str:
    """Maths as readable text (x², √2, a/b) for formats that cannot typeset it."""
    out = []
    for seg in split_math(text):
        out.append(seg.content if seg.kind == "text" else latex_to_unicode(seg.content))
    return "".join(out)


def render(fmt: str, records: Iterable[dict[str, Any]], summary: dict[str, Any]) -> str:
    records = list(records)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["id", "question", "status", "answer", "check", "total_tokens", "model", "error"])
        for r in records:
            writer.writerow(
                [
                    r["id"],
                    r["question"],
                    r["status"],
                    r.get("answer", ""),
                    _check_label(r),
                    (r.get("usage") or {}).get("total_tokens", 0),
                    r.get("model", ""),
                    r.get("error") or "",
                ]
            )
        return buf.getvalue()
    if fmt == "markdown":
        lines = ["# 作业解答", "", _summary_line(summary), ""]
        for i, r in enumerate(records, 1):
            lines += [f"## {i}. {r['question']}", ""]
            if r["status"] == "answered":
                lines += [r.get("answer", ""), ""]
                if label := _check_label(r):
                    lines += [f"*验算：{label}*", ""]
            else:
                lines += [f"**未能回答**：{r.get('error') or r['status']}", ""]
        return "\n".join(lines)
    if fmt == "html":
        parts = [
            "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>作业解答</title>",
            "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.6}"
            ".a{white-space:pre-wrap}.failed{color:#b00}.check{color:#555;font-size:.9em}"
            ".fig{margin:.5em 0}.fig svg{max-width:100%;height:auto;border:1px solid #ddd;box-sizing:border-box}"
            ".fig figcaption,.fig .keys{color:#555;font-size:.9em}.fig .keys{margin:.2em 0;padding-left:1.2em}"
            "@media print{h2{break-after:avoid}section,.fig{break-inside:avoid}}</style></head><body>",
            "<h1>作业解答</h1>",
            f"<p>{html.escape(_summary_line(summary))}</p>",
        ]
        for i, r in enumerate(records, 1):
            parts.append(f"<section><h2>{i}. {html.escape(r['question'])}</h2>")
            if r["status"] == "answered":
                parts.append(f"<div class='a'>{html.escape(_readable(r.get('answer', '')))}</div>")
                if label := _check_label(r):
                    parts.append(f"<p class='check'>验算：{html.escape(label)}</p>")
                parts.append(_figure_html(r))
            else:
                parts.append(
                    f"<p class='failed'>未能回答：{html.escape(str(r.get('error') or r['status']))}</p>"
                )
            parts.append("</section>")
        parts.append("</body></html>")
        return "\n".join(parts)
    raise ValueError(fmt)


def _summary_line(s: dict[str, Any]) -> str:
    return (
        f"共 {s['total']} 题：已回答 {s['answered']}，失败 {s['failed']}；"
        f"用量 {s['tokens']} tokens，估计费用 ¥{s['cost_cny']:.4f}；用时 {s['seconds']:.1f} 秒。"
    )


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
