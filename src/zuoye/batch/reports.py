"""Rendering the finished worksheet as CSV, Markdown or HTML (chosen by the output's extension).
The HTML report and its versions are in `_html`."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from zuoye.batch._html import VERSIONS, ReportOptions, Version, check_label, final_answer, render_html
from zuoye.messages import say

__all__ = ["VERSIONS", "ReportOptions", "Version", "output_format", "render", "write_atomic"]

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


def render(
    fmt: str,
    records: Iterable[dict[str, Any]],
    summary: dict[str, Any],
    options: ReportOptions | None = None,
) -> str:
    """The report in `fmt`; `options` (version, title, class) shape the HTML one."""
    records = list(records)
    options = options or ReportOptions()
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
                    check_label(r),
                    (r.get("usage") or {}).get("total_tokens", 0),
                    r.get("model", ""),
                    r.get("error") or "",
                ]
            )
        return buf.getvalue()
    if fmt == "markdown":
        return _markdown(records, summary, options)
    if fmt == "html":
        return render_html(records, summary_line(summary), options)
    raise ValueError(fmt)


def _markdown(records: list[dict[str, Any]], summary: dict[str, Any], options: ReportOptions) -> str:
    lines = [f"# {options.heading()}", ""]
    if options.version == "key":
        for i, r in enumerate(records, 1):
            answer = final_answer(str(r.get("answer", ""))) if r["status"] == "answered" else ""
            lines.append(f"{i}. {answer or say('report.failed', error=r.get('error') or r['status'])}")
        lines.append("")
    for i, r in enumerate(records if options.version != "key" else [], 1):
        lines += [f"## {i}. {r['question']}", ""]
        if options.version == "student":
            lines += [say("report.answer_space"), "", "&nbsp;", "", "&nbsp;", ""]
        elif r["status"] == "answered":
            lines += [separate_lines(str(r.get("answer", ""))), ""]
            if label := check_label(r):
                lines += [f"*{say('report.check', label=label)}*", ""]
        else:
            lines += [f"**{say('report.failed', error=r.get('error') or r['status'])}**", ""]
    if options.version != "student":  # the sheet the class gets says nothing about cost
        lines += ["---", "", summary_line(summary), ""]
    return "\n".join(lines)


_BLOCK_FENCES = ("```", "~~~", "$$")


def separate_lines(markdown: str) -> str:
    """The answer with a blank line between its lines, so that every viewer shows each step on a
    line of its own (Markdown joins lines that only a newline parts into one paragraph). A table's
    rows, a fenced code block and a $$ … $$ formula spread over lines stay together."""
    out: list[str] = []
    fence: str | None = None
    previous_table = False
    for line in markdown.strip().splitlines():
        stripped = line.strip()
        if fence is not None:
            out.append(line)
            if stripped.startswith(fence) or (fence == "$$" and stripped.endswith("$$")):
                fence = None
            continue
        if not stripped:
            continue  # blank lines are put back between the lines kept below
        is_table = stripped.startswith("|")
        if out and not (is_table and previous_table):
            out.append("")
        out.append(line)
        previous_table = is_table
        opener = next((f for f in _BLOCK_FENCES if stripped.startswith(f)), None)
        if opener is not None and not (opener == "$$" and len(stripped) > 2 and stripped.endswith("$$")):
            fence = opener
    return "\n".join(out)


def summary_line(s: dict[str, Any]) -> str:
    return say(
        "report.summary",
        total=s["total"],
        answered=s["answered"],
        failed=s["failed"],
        tokens=s["tokens"],
        cost=f"{s['cost_cny']:.4f}",
        seconds=f"{s['seconds']:.1f}",
    )


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
