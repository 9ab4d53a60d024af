"""Maths in Markdown, one way everywhere: the web page, the terminal and exports.

    split_math(text)            -> [Segment(kind="text"|"inline"|"display", content, opener, closer)]
    normalize_markdown(text)    -> the same Markdown with every formula as $…$ or $$…$$
    StreamingMathBuffer()       -> feed(delta) / flush(): never shows a half-written formula
    latex_to_unicode(latex)     -> readable plain-text maths (\\frac{1}{2} → 1/2, x^2 → x²)
    render_terminal(markdown)   -> a Rich renderable with the maths made readable
    plain_text(markdown)        -> the same text with its maths made readable (pipes, notices)
    figure_svg(figure)          -> a solver's figure description as a static SVG (reports, printouts)
    markdown_html(text)         -> an answer as static HTML, maths as MathML (reports opened without JS)

Pure and light: no web framework, no SymPy; Rich is imported only by `render_terminal`.
"""

from __future__ import annotations

from zuoye.render._figure_svg import figure_keys, figure_svg
from zuoye.render._html import latex_mathml, markdown_html
from zuoye.render._latex import latex_to_unicode
from zuoye.render._normalize import normalize_markdown
from zuoye.render._segments import Segment, SegmentKind, split_math
from zuoye.render._stream import StreamingMathBuffer
from zuoye.render._terminal import markdown_for_terminal, plain_text, render_terminal

__all__ = [
    "Segment",
    "SegmentKind",
    "StreamingMathBuffer",
    "figure_keys",
    "figure_svg",
    "latex_mathml",
    "latex_to_unicode",
    "markdown_for_terminal",
    "markdown_html",
    "normalize_markdown",
    "plain_text",
    "render_terminal",
    "split_math",
]
