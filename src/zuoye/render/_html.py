"""Answers as static HTML with their maths typeset as MathML: for files opened without JavaScript
(a saved worksheet report, printed or opened on a phone), where KaTeX cannot run.

Chromium, Firefox and Safari draw MathML Core natively. The LaTeX is converted by latex2mathml and
its output is parsed again and rebuilt from an allowlist of MathML elements and attributes: the
converter copies `\\text{…}` into the markup unescaped, and an answer is the model's text.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from typing import Any

from zuoye.render._latex import latex_to_unicode
from zuoye.render._segments import split_math

MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_ELEMENTS = frozenset(
    (
        "math",
        "mrow",
        "mi",
        "mn",
        "mo",
        "mtext",
        "mspace",
        "ms",
        "msub",
        "msup",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mstyle",
        "mtable",
        "mtr",
        "mtd",
        "munder",
        "mover",
        "munderover",
        "mpadded",
        "mphantom",
        "menclose",
        "merror",
        "semantics",
        "annotation",
        "mmultiscripts",
        "mprescripts",
        "none",
    )
)
_ATTRIBUTES = frozenset(
    (
        "display",
        "mathvariant",
        "stretchy",
        "fence",
        "form",
        "separator",
        "accent",
        "accentunder",
        "largeop",
        "movablelimits",
        "symmetric",
        "lspace",
        "rspace",
        "minsize",
        "maxsize",
        "width",
        "height",
        "depth",
        "columnalign",
        "rowalign",
        "columnspacing",
        "rowspacing",
        "columnlines",
        "rowlines",
        "frame",
        "framespacing",
        "displaystyle",
        "scriptlevel",
        "linethickness",
        "notation",
        "encoding",
    )
)
# Placeholders for formulae while the Markdown around them is rendered: private-use characters
# that Markdown leaves alone and no answer contains.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def _clean(element: Any) -> ET.Element:
    """A copy of `element` holding only allowed MathML; anything else becomes its text."""
    tag = str(element.tag).removeprefix(f"{{{MATHML_NS}}}")
    if tag not in _ELEMENTS:
        out = ET.Element("mtext")
        out.text = "".join(element.itertext())
        return out
    out = ET.Element(tag, {k: v for k, v in element.attrib.items() if k in _ATTRIBUTES})
    out.text = element.text
    for child in element:
        cleaned = _clean(child)
        cleaned.tail = child.tail
        out.append(cleaned)
    return out


@lru_cache(maxsize=2048)
def latex_mathml(latex: str, display: bool = False) -> str:
    """One formula as a <math> element; readable text (x², √3) if it cannot be converted."""
    # Imported here for start-up speed: ~130 ms, and only reports need it (not the page or chat).
    from latex2mathml.converter import convert

    fallback = f"<span class='tex'>{html.escape(latex_to_unicode(latex))}</span>"
    try:
        markup = convert(latex.strip(), display="block" if display else "inline")
    except Exception:  # the converter raises bare Exceptions of its own on bad LaTeX
        return fallback
    if "<!" in markup or "<?" in markup:
        return fallback  # a declaration copied from \\text{…}: nothing for the parser to expand
    try:
        tree = ET.fromstring(markup)  # noqa: S314 - no DTD or entity can be in it (refused above)
    except ET.ParseError:
        return fallback
    clean = _clean(tree)
    clean.set("display", "block" if display else "inline")
    if display:
        clean.set("class", "display")
    return ET.tostring(clean, encoding="unicode", method="html").replace(
        "<math ", f'<math xmlns="{MATHML_NS}" ', 1
    )


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt  # start-up speed, as above

    # breaks: a line the model ended is a line on the page (one step per line); html off: the
    # model's text never becomes markup.
    return MarkdownIt("commonmark", {"breaks": True, "html": False}).enable("table")


def markdown_html(text: str) -> str:
    """An answer (Markdown with formulae) as HTML: each step on its own line, maths as MathML."""
    formulae: list[str] = []
    parts = []
    for seg in split_math(text):
        if seg.kind == "text":
            parts.append(seg.content)
            continue
        formulae.append(latex_mathml(seg.content, seg.kind == "display"))
        parts.append(f"{_OPEN}{len(formulae) - 1}{_CLOSE}")
    rendered = str(_markdown().render("".join(parts)))
    return _PLACEHOLDER.sub(lambda m: formulae[int(m.group(1))], rendered)
