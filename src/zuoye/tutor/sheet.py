"""The 错题本's A4 practice sheet: one self-contained HTML page, the same from `zuoye mistakes
--print` and from the page's 打印练习单, that prints well from any browser.

Questions come first, each with room to work; the answers (the solver's) start on a page of their
own, the last, so a parent can tear it off or a student can print without it. Maths is written
as readable text (x², √2, ≠), not typeset: the file needs no scripts, fonts or network, and a
print-out needs none of KaTeX's CSS. An answer the solver drew (a graph, a number line) has its
figure beside it as a static SVG with its key points in words — every label from the CAS.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from zuoye.messages import language, say
from zuoye.render import figure_keys, figure_svg, latex_to_unicode, plain_text

# A run of text without Chinese: maths, possibly in the student's ASCII (x^2, 3/4, sqrt(2)).
_NOT_CHINESE = re.compile(r"[^\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
# A word in such a run (two letters or more, not a LaTeX command's name): Solve, the, sin, cm.
_WORD = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{2,}(?![A-Za-z])")


@dataclass(frozen=True)
class SheetItem:
    question: str  # as set (the student's notation: x^2-4x+3=0)
    answer_latex: str  # the solver's answer
    unit: str = ""
    source: str = ""  # where the entry came from, in the reader's language (批改发现的错误 …)
    original: str = ""  # the problem the entry is about
    entry_id: int | None = None
    # The solver's figure of the answer (`Figure.to_dict()`), None when it drew none.
    figure: dict[str, Any] | None = None


def readable(text: str) -> str:
    """`x^2-4x+3=0` → `x²−4x+3=0`, leaving the Chinese, the words (Solve, sin) and the spaces
    around the maths alone."""

    def convert(run: str) -> str:
        core = run.strip()
        if not core:
            return run
        lead = run[: len(run) - len(run.lstrip())]
        trail = run[len(run.rstrip()) :]
        return lead + latex_to_unicode(core) + trail

    def words_apart(found: re.Match[str]) -> str:
        # latex_to_unicode reads its text as LaTeX, where spaces between letters mean nothing:
        # "Solve 2x+3=7" came out "Solve2x+3=7". So the words of the run stay as written and only
        # what lies between them is converted.
        run, out, start = found.group(0), [], 0
        for word in _WORD.finditer(run):
            if _depth(run, word.start()) == 0:  # a word inside braces is the maths' own: \text{cm}
                out += [convert(run[start : word.start()]), word.group(0)]
                start = word.end()
        return "".join([*out, convert(run[start:])])

    return _NOT_CHINESE.sub(words_apart, text)


def _depth(text: str, end: int) -> int:
    return text.count("{", 0, end) - text.count("}", 0, end)


SHEET_CSS = """
@page { size: A4; margin: 16mm 16mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Songti SC", "SimSun", "Noto Sans CJK SC", serif; color: #000;
  background: #fff; margin: 0; font-size: 12pt; line-height: 1.6; }
.sheet { max-width: 178mm; margin: 0 auto; padding: 8mm 0; }
header { display: flex; justify-content: space-between; align-items: baseline; border-bottom: 1.5pt solid #000;
  padding-bottom: 2mm; margin-bottom: 5mm; }
h1 { font-size: 18pt; margin: 0; letter-spacing: 0.1em; }
.fill { font-size: 11pt; }
.fill span { display: inline-block; min-width: 28mm; border-bottom: 0.6pt solid #000; }
ol.questions { margin: 0; padding: 0; list-style: none; counter-reset: q; }
ol.questions > li { counter-increment: q; break-inside: avoid; page-break-inside: avoid; margin-bottom: 4mm; }
ol.questions > li .q::before { content: counter(q) ". "; font-weight: bold; }
.q { font-size: 13pt; }
.from { font-size: 9pt; color: #444; margin-left: 1.4em; }
.work { height: 42mm; border: 0.6pt dashed #999; border-radius: 2mm; margin: 2mm 0 0 1.4em; }
.answers { break-before: page; page-break-before: always; }
.answers h2 { font-size: 15pt; border-bottom: 1.5pt solid #000; padding-bottom: 2mm; }
ol.keys { padding-left: 1.6em; }
ol.keys li { margin-bottom: 2mm; }
.note { font-size: 9pt; color: #444; }
figure.fig { display: flex; gap: 4mm; align-items: flex-start; margin: 1mm 0 3mm; break-inside: avoid;
  page-break-inside: avoid; }
figure.fig svg { width: 78mm; height: auto; flex: none; border: 0.4pt solid #bbb; }
figure.fig figcaption { font-size: 9.5pt; line-height: 1.45; }
figure.fig ul { margin: 1mm 0 0; padding-left: 1.1em; }
.screen-only { font-family: system-ui, sans-serif; background: #fdf1e7; border: 1px solid #e2c9b0;
  border-radius: 8px; padding: 8px 12px; margin-bottom: 6mm; font-size: 11pt; }
@media screen { body { background: #eee; } .sheet { background: #fff; padding: 12mm 14mm; margin: 8mm auto;
  box-shadow: 0 1px 6px rgb(0 0 0 / 20%); } }
@media print { .screen-only { display: none; } }
"""


def render_sheet(
    items: list[SheetItem], *, now: datetime, title: str | None = None, stylesheet: str | None = None
) -> str:
    """The sheet as one HTML document. `now` is the date printed on it (naive UTC). The style is
    written into the page (a file that stands alone), or linked from `stylesheet` (the web app,
    whose CSP allows no inline style: it serves SHEET_CSS there)."""
    day = f"{now:%Y-%m-%d}"
    esc = html.escape
    # The page's language, for screen readers, fonts and line breaking; Chinese sets its parts
    # apart with an ideographic space, English with an em space of the same width.
    lang, gap = ("zh-CN", "\u3000") if language() == "zh" else ("en", "\u2003")
    title = esc(title or say("mistakes.sheet.title"))
    questions = []
    for item in items:
        origin = esc(say("mistakes.sheet.from", source=item.source)) if item.source else ""
        if item.original and item.original != item.question:
            original = esc(say("mistakes.sheet.original", problem=readable(item.original)))
            origin += f"{gap if origin else ''}{original}"
        questions.append(
            "<li>"
            f'<div class="q">{esc(readable(item.question))}</div>'
            + (f'<div class="from">{origin}</div>' if origin else "")
            + '<div class="work" aria-hidden="true"></div></li>'
        )
    keys = []
    for item in items:
        answer = (
            plain_text(f"${item.answer_latex}$") if item.answer_latex else say("mistakes.sheet.no_solution")
        )
        unit = f" {esc(item.unit)}" if item.unit else ""
        keys.append(f"<li>{esc(answer)}{unit}{_figure(item.figure)}</li>")
    nothing = say("mistakes.sheet.empty")
    empty = f"<p>{esc(nothing)}</p>" if not items else ""
    style = (
        f'<link rel="stylesheet" href="{esc(stylesheet)}">' if stylesheet else f"<style>{SHEET_CSS}</style>"
    )
    name, date = say("mistakes.sheet.name"), say("mistakes.sheet.date", date=day)
    count = say("mistakes.sheet.count", count=len(items))
    fill = f"{esc(name)} <span></span>{gap}{esc(date)}{gap}{esc(count)}"
    return (
        f'<!doctype html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title} {day}</title>{style}</head><body>"
        '<main class="sheet">'
        f'<p class="screen-only">{esc(say("mistakes.sheet.print_hint"))}</p>'
        f'<header><h1>{title}</h1><div class="fill">{fill}</div></header>'
        f'{empty}<ol class="questions">{"".join(questions)}</ol>'
        f'<section class="answers"><h2>{esc(say("mistakes.sheet.answers"))}</h2>'
        f'<p class="note">{esc(say("mistakes.sheet.answers_note"))}</p>'
        f'<ol class="keys">{"".join(keys)}</ol></section>'
        "</main></body></html>\n"
    )


# Drawn this wide (px) and shown 78 mm wide: its 12 px labels print at about 9 pt.
_FIGURE_WIDTH = 320


def _figure(figure: dict[str, Any] | None) -> str:
    """The answer's figure as a static SVG, its title and key points in words beside it; "" when
    the solver drew none, or what is stored is not a figure (an exercise set before figures)."""
    if not figure:
        return ""
    try:
        svg = figure_svg(figure, width=_FIGURE_WIDTH)
        keys = figure_keys(figure)
        title = plain_text(str(figure.get("title", "")))
    except (KeyError, TypeError, ValueError, IndexError):
        return ""
    points = "".join(f"<li>{html.escape(line)}</li>" for line in keys)
    return f'<figure class="fig">{svg}<figcaption>{html.escape(title)}<ul>{points}</ul></figcaption></figure>'
