"""Conservative clean-up of what OCR makes of printed maths.

Each rule fixes a confusion seen on printed Chinese worksheets and fires only where the
surroundings make the reading unambiguous; anything else is left exactly as recognised
(the student sees and can edit the text before asking).

1. Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ) become ASCII, and so do the
   full-width operators ＋ － ＝ ＜ ＞ ／ ＊ ＾ and the ideographic space. Chinese punctuation
   (，。：；？！、“”) is kept: it is text, not maths.
2. A dash-like character between two operands is a minus: `2x一3` (the character 一,
   "one", is the most common misreading), `5—x`, `a–b`, `x−1` → `-`; so is one after an
   opening bracket or = and before a number: `(—2)` → `(-2)`.
3. Full-width parentheses around pure ASCII maths become ASCII: `（x+1）` → `(x+1)`;
   `（单位：米）` stays.
4. A multiplication sign between words is the letter x: `求×的值` → `求x的值` (a real ×
   has an operand on at least one side: `2×3`, `× 4`).
5. The letter x and the sign × are told apart by what stands beside them: a multiplication
   needs an operand on each side, so × next to an operator, a bracket that opens or closes the
   wrong way, = or the end of the formula is the unknown (`3×-7=2(×+1)` → `3x-7=2(x+1)`);
   an x between two digits is a multiplication (`2x3+4` → `2×3+4`) unless x is a letter
   elsewhere in the formula (`3x2+2x=1` is 3x²).
   An upper-case X beside an operator or a digit is x, in a line with no other capital letter.
6. A v or V standing alone before a number or a bracket is the recogniser's √ (`v9` → `√9`).
7. Superscript digits the recogniser did see (`x²`, `(-2)³`) are written `x^2`, `(-2)^3`.
8. A lost superscript: PP-OCR reads `x²` as `x2`. `x2`/`x3` becomes `x^2`/`x^3` only when
   the same formula also has that letter *without* a digit after it (`x2-5x+6=0` is a
   quadratic), never in `x1+x2=5`, where the digits are indices.
"""

from __future__ import annotations

import re

from zuoye.messages import say

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_FULLWIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_FULLWIDTH |= {"＋": "+", "－": "-", "＝": "=", "＜": "<", "＞": ">", "／": "/", "＊": "*", "＾": "^",
               "﹢": "+", "﹣": "-", "\u3000": " "}  # fmt: skip
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)

_CJK = "\u4e00-\u9fff，。：；？！、“”（）《》"
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ", "0123456789+-n")
_SUPERSCRIPT = re.compile(r"(?<=[0-9A-Za-z)\]])([⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ⁿ]+)")
# × with no operand on one side: an operator, =, an opening bracket before it or a closing one
# after it, a comma or the end of the line.
_TIMES_BEFORE = re.compile(r"(?:(?<=[+\-=<>(（,，:：])|(?<=^)|(?<=[+\-=<>(（,，:：] ))×", re.MULTILINE)
_TIMES_AFTER = re.compile(r"×(?=\s?[+\-=<>)）,，^²³]|$)", re.MULTILINE)
_X_BETWEEN_DIGITS = re.compile(r"(?<=[0-9)])[xX](?=[0-9(])")
_TIMES_AS_X = re.compile(rf"(?:(?<=[{_CJK}])|^)[ \t]*×[ \t]*(?=[{_CJK}]|$)", re.MULTILINE)
_MINUS = re.compile(r"(?<=[0-9A-Za-z)])([ \t]?)[一—–−]([ \t]?)(?=[0-9A-Za-z(])")
# The recogniser's reading of a radical sign: v or V standing alone before a number or a bracket.
_ROOT = re.compile(r"(?<![A-Za-z])[vV](?=[0-9(])")
# A sign after an opening bracket or =, before a number: (−2), =−3.
_NEGATIVE = re.compile(r"(?<=[(=])[—–−一](?=[0-9])")
_PARENS = re.compile(r"（([0-9A-Za-z+\-*/=^.<> ]+)）")
# A run of ASCII maths with at least one operator: where superscripts can be recovered.
_MATHS_RUN = re.compile(r"[0-9A-Za-z+\-*/=^().<> ]*[+\-*/=<>][0-9A-Za-z+\-*/=^().<> ]*")
# Any run of ASCII maths, with an operator or not (7x8 has none: x and × are told apart there too).
_ASCII_RUN = re.compile(r"[0-9A-Za-z+\-*/=^().<> ]+")
# A letter (after a coefficient, another letter or an operator) then 2 or 3, then no more digits.
_POWER = re.compile(r"(?<![\^])([a-z])([23])(?![0-9A-Za-z.^])")


def tidy(text: str) -> str:
    """Apply the rules above to recognised text (one or more lines)."""
    text = text.translate(_FULLWIDTH_TABLE)
    text = _MINUS.sub(r"\1-\2", text)
    text = _NEGATIVE.sub("-", text)
    text = _ROOT.sub("√", text)
    text = _PARENS.sub(lambda m: f"({m.group(1)})", text)
    text = _TIMES_AS_X.sub(lambda m: m.group().replace("×", "x"), text)
    text = _TIMES_BEFORE.sub("x", text)
    text = _TIMES_AFTER.sub("x", text)
    text = _ASCII_RUN.sub(lambda m: _times(m.group()), text)
    text = _SUPERSCRIPT.sub(lambda m: "^" + _exponent(m.group(1).translate(_SUP)), text)
    text = "\n".join(_upper_x(line) for line in text.split("\n"))
    return _MATHS_RUN.sub(lambda m: _powers(m.group()), text)


def _times(run: str) -> str:
    """x between two digits is ×, in a formula where x is not also a letter on its own (in
    `3x2+2x=1` it is, and 3x2 is 3x² with its exponent flattened: rule 8)."""
    if re.search(r"x(?![0-9])", run):
        return run
    return _X_BETWEEN_DIGITS.sub("×", run)


def _exponent(e: str) -> str:
    return e if e.isdigit() or len(e) == 1 else f"({e})"


def _upper_x(line: str) -> str:
    """X beside an operator or a digit is x, in a line with no other capital letter (where
    capitals are names of points, X may be one of them)."""
    if "X" not in line or re.search(r"[A-WYZ]", line):
        return line
    return re.sub(r"(?<=[0-9+\-=(*/^])X|X(?=[+\-=)^0-9/*])", "x", line)


def _powers(run: str) -> str:
    candidates = {m.group(1) for m in _POWER.finditer(run)}
    if not candidates:
        return run
    # Letters that also stand alone (no digit right after): those make `x2` read as x².
    bare = {m.group(1) for m in re.finditer(r"([a-z])(?![0-9A-Za-z])", run)}
    powered = candidates & bare
    if not powered:
        return run
    return _POWER.sub(lambda m: f"{m.group(1)}^{m.group(2)}" if m.group(1) in powered else m.group(), run)


_TIMES_BY_LETTER = re.compile(r"[A-Za-z]\s?×|×\s?[A-Za-z]")


def ambiguous(text: str) -> list[str]:
    """What the rules above could not settle, as doubts for the student: a × beside a letter
    (a×b is a product, 2×y may be 2xy read wrong) is left as read, and said so."""
    doubts = []
    for line in text.split("\n"):
        if _TIMES_BY_LETTER.search(line):
            doubts.append(say("ocr.doubt.times_by_letter", text=line.strip()))
    return doubts
