"""Text normalisation and the cheap static guards that run before any parsing.

Students write the same maths many ways: full-width punctuation from a Chinese IME, Unicode
superscripts (x²), typographic minus signs (−), ×/÷/·, √, π, ∞, ≤/≥, LaTeX. Everything here maps
those onto one ASCII-ish form that the lexer reads, without ever changing the meaning.
"""

from __future__ import annotations

import re
import unicodedata

from zuoye.math._errors import BudgetExceeded
from zuoye.messages import say

# A homework question is a few hundred characters; 2,000 leaves room for a long system or data
# list while turning away a pasted megabyte in O(1), before any regex touches it.
MAX_INPUT_CHARS = 2000
# Brackets deeper than this are not homework; checking it up front keeps every recursive
# step after it (our parser, SymPy's printers) far from Python's recursion limit.
MAX_BRACKET_DEPTH = 40

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿˣ", "0123456789+-=()nx")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_SUP_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿˣ]+")
_SUB_RUN = re.compile("[₀₁₂₃₄₅₆₇₈₉]+")

# Applied after NFKC (which already folds full-width ASCII such as （）＝，：＋ to ASCII).
_CHAR_MAP = {
    # × and ÷ stay themselves: they mean * and / but print as the student wrote them.
    "✕": "×",
    "✖": "×",
    "⋅": "*",
    "·": "*",
    "•": "*",
    "∙": "*",
    "∗": "*",
    "∕": "/",
    "⁄": "/",
    "−": "-",
    "–": "-",
    "—": "-",
    "﹣": "-",
    "‐": "-",
    "≤": "<=",
    "⩽": "<=",
    "≦": "<=",
    "≥": ">=",
    "⩾": ">=",
    "≧": ">=",
    "≠": "!=",
    "π": "pi",
    "∞": "oo",
    "→": "->",
    "⟶": "->",
    "′": "'",
    "’": "'",
    "‘": "'",
    "″": "''",
    "、": ",",
    "，": ",",
    "。": ". ",
    "｛": "{",
    "｝": "}",
    "【": "[",
    "】": "]",
    "〔": "(",
    "〕": ")",
    "∣": "|",
    "α": "alpha",
    "β": "beta",
    "γ": "gamma",
    "θ": "theta",
    "φ": "phi",
    "ℯ": "e",
    "\u00a0": " ",
    "\u3000": " ",
}
_CHAR_RE = re.compile("|".join(re.escape(k) for k in sorted(_CHAR_MAP, key=len, reverse=True)))


def check_size(text: str) -> None:
    """Refuse oversize input before doing any work on it."""
    if len(text) > MAX_INPUT_CHARS:
        raise BudgetExceeded(say("math.input_too_long", length=len(text), limit=MAX_INPUT_CHARS))


def check_depth(text: str) -> None:
    """Refuse absurd bracket nesting with one linear scan (no recursion)."""
    depth = deepest = 0
    for ch in text:
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
    if deepest > MAX_BRACKET_DEPTH:
        raise BudgetExceeded(say("math.brackets_too_deep", depth=deepest, limit=MAX_BRACKET_DEPTH))


def _sup(m: re.Match[str]) -> str:
    exp = m.group(0).translate(_SUPERSCRIPTS)
    # A space ends the exponent: sin²30° must not become sin^230°.
    return ("^" + exp if exp.isdigit() or len(exp) == 1 else "^(" + exp + ")") + " "


def _sub(m: re.Match[str]) -> str:
    # Braced, so log₂8 reads as log base 2 of 8, not log base 28.
    return "_{" + m.group(0).translate(_SUBSCRIPTS) + "} "


_LATEX_DELIMS = re.compile(r"\$\$|\$|\\\(|\\\)|\\\[|\\\]")
_SIZING = r"(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)"
_LATEX_NULL_DELIM = re.compile(r"\\" + _SIZING + r"\s*\.")
_LATEX_SIZING = re.compile(r"\\" + _SIZING + r"(?![A-Za-z])")
_LATEX_TEXT = re.compile(
    r"\\(?:text|mathrm|operatorname|mathit|mathbf|textrm|rm|mbox|mathnormal)\s*\{([^{}]*)\}"
)
_LATEX_DEGREE = re.compile(r"\^\s*\{?\s*\\circ\s*\}?")
_LATEX_ARROW = re.compile(r"\\(?:to|rightarrow|longrightarrow)(?![A-Za-z])")


_LATEX_CASES = re.compile(r"\\begin\{(cases|array|aligned)\}(?:\{[^}]*\})?(.*?)\\end\{\1\}", re.S)


def _cases(m: re.Match[str]) -> str:
    # A system written as cases: rows become ";"-separated items, alignment marks vanish.
    rows = m.group(2).replace("&", " ").replace("\\\\", " ; ")
    if m.group(1) == "cases" and m.string[: m.start()].rstrip().endswith("="):
        # f(x) = \begin{cases} …: a function by cases, read as piecewise(value, condition, …).
        return " {" + rows + "} "
    return " " + rows + " "


def clean_latex(text: str) -> str:
    """Drop what only affects typesetting: $ delimiters, \\left/\\right sizing, \\text wrappers."""
    text = _LATEX_MIXED.sub(_latex_mixed, text)
    text = _LATEX_CASES.sub(_cases, text)
    text = _LATEX_DELIMS.sub(" ", text)
    text = _LATEX_NULL_DELIM.sub(" ", text)
    text = _LATEX_SIZING.sub("", text)
    text = _LATEX_TEXT.sub(lambda m: f" {m.group(1)} ", text)
    text = _LATEX_ARROW.sub("->", text)
    return _LATEX_DEGREE.sub("°", text)


_VULGAR = {"½": "1/2", "⅓": "1/3", "⅔": "2/3", "¼": "1/4", "¾": "3/4", "⅕": "1/5", "⅖": "2/5", "⅗": "3/5"}
_VULGAR |= {"⅘": "4/5", "⅙": "1/6", "⅚": "5/6", "⅛": "1/8", "⅜": "3/8", "⅝": "5/8", "⅞": "7/8"}
_VULGAR_RE = re.compile("(\\d*)([" + "".join(_VULGAR) + "])")
# 3\frac{1}{2} (a whole number written against a proper fraction) is the mixed number 3½ in every
# Chinese textbook, as 3又1/2 is; 2\frac{x}{3} (letters) stays a product.
_LATEX_MIXED = re.compile(r"(?<![\w.^_}])(\d+)\s*\\[dt]?frac\s*\{\s*(\d+)\s*\}\s*\{\s*(\d+)\s*\}")


def _vulgar(m: re.Match[str]) -> str:
    # NFKC would turn 3½ into 31⁄2, thirty-one halves.
    frac = _VULGAR[m.group(2)]
    return f"({m.group(1)}+{frac})" if m.group(1) else f"({frac})"


def _latex_mixed(m: re.Match[str]) -> str:
    whole, num, den = m.groups()
    if int(num) >= int(den):
        return m.group(0)
    return f"({whole}+{num}/{den})"


def normalize(text: str) -> str:
    """Map Unicode/full-width notation to the ASCII forms the lexer reads; guard size and depth."""
    check_size(text)
    text = _VULGAR_RE.sub(_vulgar, text)
    # Superscripts first: NFKC would turn x² into x2 and lose the power.
    text = _SUP_RUN.sub(_sup, text)
    text = _SUB_RUN.sub(_sub, text)
    text = unicodedata.normalize("NFKC", text)
    text = _CHAR_RE.sub(lambda m: _CHAR_MAP[m.group(0)], text)
    text = text.replace("\r\n", "\n").replace("\t", " ")
    if "\\" in text or "$" in text:
        text = clean_latex(text)
    check_depth(text)
    return text
