"""`render_terminal`: an answer as Rich Markdown, with its maths readable as text.

The answer is normalised, then every formula is replaced by `latex_to_unicode`'s text,
escaped so Markdown shows it literally (`a*b` must not turn italic). Inline formulae stay in
their sentence; a display formula becomes a paragraph of its own, indented, one line per row
(hard line breaks), inside the list item or quote it belongs to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from zuoye.render._latex import latex_to_unicode
from zuoye.render._normalize import normalize_markdown
from zuoye.render._segments import scan_with_bare, split_math

if TYPE_CHECKING:
    from rich.markdown import Markdown

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that mean
# something in Markdown (emphasis, links, tables, code, HTML, escapes).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")
# No-break spaces set the formula apart; Markdown strips leading whitespace (NBSP included) from
# a paragraph, so a word joiner (zero-width, not whitespace) goes first to keep them.
_INDENT = "\u2060" + "\u00a0" * 4
_LINE_PREFIX = re.compile(r"[ \t]*(?:>[ \t]*)*")
NBSP = "\u00a0"
# Formulae up to this many characters are kept on one line; longer ones may wrap at their spaces.
_SHORT = 32


def markdown_for_terminal(markdown_text: str) -> str:
    """The Markdown that `render_terminal` hands to Rich (useful to test and to print plainly)."""
    text = normalize_markdown(markdown_text)
    out: list[str] = []
    for piece in scan_with_bare(text).pieces:
        raw = text[piece.start : piece.end]
        if piece.kind in ("plain", "code"):
            out.append(raw)
            continue
        body = text[piece.start + piece.open_len : piece.end - piece.close_len]
        if piece.kind == "inline":
            out.append(_escape(_keep_together(latex_to_unicode(body).replace("\n", " "))))
            continue
        out.append(_display(out, latex_to_unicode(body, display=True)))
    return "".join(out)


def render_terminal(markdown_text: str, *, style: str = "none") -> Markdown:
    """A Rich renderable for an answer: Markdown, with formulae as readable text, its line
    breaks kept (one step per line, as the model wrote them) and short formulae unbroken.
    `style` applies to all of it (a notice in a warning colour)."""
    from zuoye.render._rich import AnswerMarkdown  # Rich only when a rendering is asked for

    return AnswerMarkdown(markdown_for_terminal(markdown_text), style=style)


def plain_text(markdown_text: str) -> str:
    """Text with its formulae made readable and nothing else changed: for a pipe, and for the
    notices beside an answer (no Markdown escapes; a display formula on a line of its own)."""
    out: list[str] = []
    for segment in split_math(markdown_text):
        if segment.kind == "text":
            out.append(segment.content)
        elif segment.kind == "inline":
            out.append(latex_to_unicode(segment.content).replace("\n", " "))
        else:
            before = "".join(out)
            lead = "\n" if before and not before.endswith("\n") else ""
            out.append(lead + latex_to_unicode(segment.content, display=True) + "\n")
    text = "".join(out)
    return text


def _keep_together(formula: str) -> str:
    """A short formula's spaces become no-break spaces: `x = 2` is not split over two lines."""
    return formula.replace(" ", NBSP) if len(formula) <= _SHORT else formula


def _escape(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _display(out: list[str], converted: str) -> str:
    """A display formula, already alone on its line: make it a paragraph of its own."""
    before = "".join(out)
    line_start = before.rfind("\n") + 1
    prefix = before[line_start:]  # the list indentation or "> " the normaliser put there
    if not _LINE_PREFIX.fullmatch(prefix):
        prefix = ""
    quote = prefix.rstrip()  # a blank line inside a blockquote is ">"
    lines = [_INDENT + _escape(line) for line in converted.split("\n")] or [""]
    body = ("\\\n" + prefix).join(lines)
    lead = ""
    if before[:line_start].strip() and not before[:line_start].endswith("\n\n"):
        lead = "\n" + prefix  # a blank line first (the prefix is already written), so a new paragraph
    return lead + body + "\n" + quote
