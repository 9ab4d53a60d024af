"""A worksheet's HTML report, as a teacher prints it: a header with the title and a 班级 / 日期 / 姓名
line, the maths typeset as MathML (no JavaScript: the file is saved, printed, opened on a phone),
and usage and cost at the end.

Three versions, each a file of its own (`zuoye batch --version`, the page's download):
- full:    the questions with their worked answers, checks and figures (the teacher's copy);
- student: the questions with room to write, no answers (printed for the class);
- key:     the final answers only, compact (one page for the marker).
Separate files rather than one with the key on its last page: the teacher prints forty copies of
the sheet and one of the key, and a shared file would make them pick page ranges at the printer.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, Literal

from zuoye.messages import say
from zuoye.render import figure_keys, figure_svg, latex_mathml, latex_to_unicode, markdown_html, split_math

Version = Literal["full", "student", "key"]
VERSIONS: tuple[Version, ...] = ("full", "student", "key")
BEIJING = timezone(timedelta(hours=8))  # China keeps one offset all year: no tz database needed

_TITLES = {"full": "report.title.full", "student": "report.title.student", "key": "report.title.key"}
# How a teacher types maths in an Excel cell, as it is printed: x^2 → x², 2x-3<=5 → 2x-3≤5.
_POWER = re.compile(r"\^(\{[^{}]{1,12}\}|-?\d{1,3}|[a-zA-Z])")
_RELATIONS = (("<=", "≤"), (">=", "≥"), ("!=", "≠"))
# The answer's last line saying 答：…, the one a teacher marks against.
_FINAL = re.compile(r"^\s*(?:\*\*)?(?:答|Answer)\s*(?:\*\*)?\s*[：:]\s*(.+?)\s*$", re.MULTILINE)

_CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;
 max-width:50em;margin:1.5em auto;padding:0 1em;line-height:1.6;color:#111}
math{font-family:"Latin Modern Math","STIX Two Math","Cambria Math","DejaVu Math TeX Gyre",math;font-size:1.05em}
math.display,math[display=block]{margin:.4em 0;overflow-x:auto;overflow-y:hidden;max-width:100%}
header h1{margin:0 0 .4em;font-size:1.6em;text-align:center}
.who{display:flex;flex-wrap:wrap;gap:.4em 2em;justify-content:center;margin:0 0 1em}
.who .fill{display:inline-block;min-width:7em;border-bottom:1px solid #111;text-align:center}
section{border-top:1px solid #ccc;padding:.3em 0}
h2{font-size:1.1em;margin:.6em 0 .3em;font-weight:600}
.a p,.a ol,.a ul{margin:.25em 0}.a li{margin:.1em 0}.a table{border-collapse:collapse}
.a td,.a th{border:1px solid #ccc;padding:.1em .5em}
.a{overflow-wrap:anywhere}
.failed{color:#b00}.check{color:#555;font-size:.9em}
.space{height:11em;color:#777;font-size:.9em}
ol.key{columns:2 16em;column-gap:2.5em;padding-left:2em}ol.key li{break-inside:avoid;margin:.2em 0}
.fig{margin:.5em 0}.fig svg{max-width:100%;height:auto;border:1px solid #ddd;box-sizing:border-box}
.fig figcaption,.fig .keys{color:#555;font-size:.9em}.fig .keys{margin:.2em 0;padding-left:1.2em}
footer{margin-top:2em;border-top:1px solid #ccc;padding-top:.4em;color:#555;font-size:.85em}
@media print{@page{size:A4;margin:15mm}body{margin:0;max-width:none;padding:0}
 h2{break-after:avoid}section,.fig{break-inside:avoid}}
"""


@dataclass(frozen=True)
class ReportOptions:
    """What the teacher chose: which version, its title, the class (printed on the 班级 line) and
    the date on it (today in Beijing unless given)."""

    version: Version = "full"
    title: str | None = None
    class_name: str | None = None
    day: date | None = None

    def heading(self) -> str:
        if not self.title:
            return say(_TITLES[self.version])
        return say("report.title.key_of", title=self.title) if self.version == "key" else self.title

    def date_text(self) -> str:
        d = self.day or datetime.now(BEIJING).date()
        return say("report.date_value", year=d.year, month=d.month, day=d.day)


def final_answer(answer: str) -> str:
    """The answer a teacher marks against: the last 答：… line, else the last paragraph."""
    found = _FINAL.findall(answer)
    if found:
        return str(found[-1])
    paragraphs = [p.strip() for p in answer.strip().split("\n\n") if p.strip()]
    return paragraphs[-1] if paragraphs else ""


def render_html(records: list[dict[str, Any]], summary_line: str, options: ReportOptions) -> str:
    title = html.escape(options.heading())
    blank = "<span class='fill'>&nbsp;</span>"
    who = (
        f"<span>{say('report.class')}<span class='fill'>{html.escape(options.class_name or '') or '&nbsp;'}"
        f"</span></span><span>{say('report.date')}{html.escape(options.date_text())}</span>"
    )
    if options.version != "key":  # the key is the marker's, not a student's paper
        who += f"<span>{say('report.name')}{blank}</span>"
    parts = [
        f"<!doctype html><html lang='{say('report.lang')}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{title}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{title}</h1><p class='who'>{who}</p></header><main>",
    ]
    if options.version == "key":
        parts.append("<ol class='key'>")
        parts += [f"<li>{_key_item(r)}</li>" for r in records]
        parts.append("</ol>")
    else:
        for i, r in enumerate(records, 1):
            parts.append(f"<section><h2>{i}. {question_html(str(r['question']))}</h2>")
            if options.version == "student":
                parts.append(f"<div class='space'>{say('report.answer_space')}</div>")
            else:
                parts.append(_answer_html(r))
            parts.append("</section>")
    parts.append("</main>")
    if options.version != "student":  # the sheet the class gets says nothing about cost
        parts.append(f"<footer class='usage'>{html.escape(summary_line)}</footer>")
    parts.append("</body></html>")
    return "\n".join(parts)


def question_html(question: str) -> str:
    """The question as the teacher typed it, its powers raised and its ≤ ≥ ≠ drawn; formulae in
    $…$ (a JSONL worksheet may have them) typeset."""
    out = []
    for seg in split_math(question):
        if seg.kind != "text":
            out.append(latex_mathml(seg.content, seg.kind == "display"))
            continue
        text = seg.content
        for typed, drawn in _RELATIONS:
            text = text.replace(typed, drawn)
        out.append(_POWER.sub(lambda m: f"<sup>{m.group(1).strip('{}')}</sup>", html.escape(text)))
    return "".join(out)


def _key_item(record: dict[str, Any]) -> str:
    if record["status"] != "answered":
        return f"<span class='failed'>{html.escape(_failure(record))}</span>"
    return (
        markdown_html(final_answer(str(record.get("answer", ""))))
        .strip()
        .removeprefix("<p>")
        .removesuffix("</p>")
    )


def _answer_html(record: dict[str, Any]) -> str:
    if record["status"] != "answered":
        return f"<p class='failed'>{html.escape(_failure(record))}</p>"
    out = [f"<div class='a'>{markdown_html(str(record.get('answer', '')))}</div>"]
    if label := check_label(record):
        out.append(f"<p class='check'>{html.escape(say('report.check', label=label))}</p>")
    out.append(_figure_html(record))
    return "".join(out)


def _failure(record: dict[str, Any]) -> str:
    return say("report.failed", error=str(record.get("error") or record["status"]))


def check_label(record: dict[str, Any]) -> str:
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
    title = html.escape(readable(str(figure.get("title", ""))))
    return f"<figure class='fig'>{svg}<figcaption>{title}</figcaption><ul class='keys'>{items}</ul></figure>"


def readable(text: str) -> str:
    """Maths as readable text (x², √2, a/b) for formats that cannot typeset it."""
    out = []
    for seg in split_math(text):
        out.append(seg.content if seg.kind == "text" else latex_to_unicode(seg.content))
    return "".join(out)
