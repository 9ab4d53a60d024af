"""Rich's Markdown, adjusted for answers: line breaks kept, short formulae never split.

Imported only when a terminal rendering is asked for (Rich is not needed to split or convert).

- A model writes one step per line without blank lines between them ("解：\\n移项得 …\\n即 …").
  CommonMark joins such lines into one paragraph; here every line break is kept.
- A short formula's spaces are no-break spaces (`markdown_for_terminal` puts them there), but
  Rich wraps at any whitespace, NBSP included. A paragraph is wrapped with them swapped for a
  one-cell non-space character, then swapped back, so `2x² − 5x` never ends one line and starts
  the next.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown, MarkdownElement, Paragraph
from rich.text import Text

NBSP = "\u00a0"
_GLUE = "\ue000"  # private use: one cell wide, not whitespace, never in an answer we show


class _Paragraph(Paragraph):
    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text
        if NBSP not in text.plain:
            text.justify = self.justify
            yield text
            return
        glued = Text(
            text.plain.replace(NBSP, _GLUE), style=text.style, justify=self.justify, end=text.end,
            spans=list(text.spans),
        )  # fmt: skip
        lines = glued.wrap(console, options.max_width, justify=self.justify)
        for line in lines:
            yield Text(line.plain.replace(_GLUE, NBSP), style=line.style, spans=list(line.spans), end="\n")


class AnswerMarkdown(Markdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {**Markdown.elements, "paragraph_open": _Paragraph}

    def __init__(self, markup: str, **options: object) -> None:
        super().__init__(markup, **options)  # type: ignore[arg-type]
        for token in self.parsed:
            for child in token.children or ():
                if child.type == "softbreak":
                    child.type = "hardbreak"
