"""Writing maths the way one reply does: its delimiters ($…$, \\(…\\), $$…$$, \\[…\\] or plain
Unicode), its ≤ spelling, and values written every way a model writes them (\\frac, a/b, mixed
numbers, decimals). Shared by the reply set's tuned and held-out phrasings."""

from __future__ import annotations

import random
import re
from fractions import Fraction

from tests.math.ernie_problems import Tex, Val

DELIMS = ["$", "$", "$", r"\(", "$$", r"\[", "plain", "plain"]
Rng = random.Random


# -- writing maths in one style ---------------------------------------------------------------
_PLAIN_SUBS = [
    (
        re.compile(r"\\[dt]?frac\{([^{}]*)\}\{([^{}]*)\}"),
        lambda m: _paren(m.group(1)) + "/" + _paren(m.group(2)),
    ),
    (re.compile(r"\\sqrt\{([^{}]*)\}"), lambda m: "√" + _paren(m.group(1))),
    (re.compile(r"\^\{?2\}?(?![0-9])"), lambda m: "²"),
    (re.compile(r"\^\{?3\}?(?![0-9])"), lambda m: "³"),
    (re.compile(r"\^\{?4\}?(?![0-9])"), lambda m: "⁴"),
    (re.compile(r"\^\{([^{}]*)\}"), lambda m: "^(" + m.group(1) + ")"),
    (re.compile(r"\\text\{([^{}]*)\}"), lambda m: m.group(1)),
    (re.compile(r"\\(left|right)"), lambda m: ""),
    (re.compile(r"_\{?([0-9])\}?"), lambda m: "₀₁₂₃₄₅₆₇₈₉"[int(m.group(1))]),
]
_PLAIN_WORDS = {
    r"\leqslant": "≤", r"\leq": "≤", r"\geqslant": "≥", r"\geq": "≥", r"\emptyset": "∅", r"\times": "×", r"\div": "÷", r"\cdot": "·", r"\le": "≤", r"\ge": "≥", r"\pm": "±", r"\Delta": "Δ",
    r"\infty": "∞", r"\cup": "∪", r"\to": "→", r"\circ": "°", r"\,": " ", r"\ ": " ", r"\quad": "  ",
    r"\sin": "sin", r"\cos": "cos", r"\lg": "lg", r"\log": "log", r"\lim": "lim", r"\int": "∫",
    r"\bar": "", r"\varnothing": "∅", r"\mathbb{R}": "ℝ",
}  # fmt: skip


def _paren(s: str) -> str:
    return s if re.fullmatch(r"[0-9a-z.]+", s) else f"({s})"


def plain(tex: str) -> str:
    """LaTeX as a model writes it without LaTeX (x², √2, 1/2, ×)."""
    for _ in range(3):  # nested: \frac{-1+\sqrt{5}}{2} needs the \sqrt first, then the \frac
        for pattern, repl in _PLAIN_SUBS:
            tex = pattern.sub(repl, tex)
    for word in sorted(_PLAIN_WORDS, key=len, reverse=True):
        tex = tex.replace(word, _PLAIN_WORDS[word])
    return tex.replace("{", "").replace("}", "")


class Style:
    """How one reply writes maths: its delimiters and its small habits."""

    def __init__(self, rng: Rng) -> None:
        self.rng = rng
        self.delim = rng.choice(DELIMS)
        self.tex = self.delim != "plain"
        self.le = rng.choice([r"\le", r"\leq", r"\leqslant"])
        self.ge = {r"\le": r"\ge", r"\leq": r"\geq", r"\leqslant": r"\geqslant"}[self.le]
        self.frac = rng.choice([r"\frac", r"\frac", r"\dfrac"])
        self.spaced = rng.random() < 0.5

    def inline(self, tex: str) -> str:
        if not self.tex:
            return plain(tex)
        if self.delim in ("$", "$$"):
            return f"${tex}$"
        return rf"\({tex}\)"

    def display(self, tex: str) -> str:
        if not self.tex:
            return plain(tex)
        if self.delim in (r"\[", r"\("):
            return f"\\[\n{tex}\n\\]"
        return f"$$\n{tex}\n$$" if self.rng.random() < 0.5 else f"$${tex}$$"

    def eq(self) -> str:
        return " = " if self.spaced else "="


# -- values -----------------------------------------------------------------------------------
def number(v: Val, s: Style, *, mixed_ok: bool = True) -> str:
    """One value as LaTeX (the caller wraps it); fractions in any of the ways models write them."""
    if isinstance(v, Tex):
        return v.tex
    if v.denominator == 1:
        return str(v.numerator)
    sign, a = ("-", -v) if v < 0 else ("", v)
    ways = ["frac", "frac", "slash"]
    if a > 1 and mixed_ok:
        ways += ["mixed", "mixed"]
    if set(_prime_factors(a.denominator)) <= {2, 5}:
        ways.append("decimal")
    way = s.rng.choice(ways)
    if way == "slash":
        return f"{sign}{a.numerator}/{a.denominator}"
    if way == "decimal":
        return sign + _decimal(a)
    if way == "mixed":
        whole, rest = divmod(a.numerator, a.denominator)
        if not s.tex:
            return f"{sign}{whole}又{rest}/{a.denominator}"
        return f"{sign}{whole}{s.frac}{{{rest}}}{{{a.denominator}}}"
    return f"{sign}{s.frac}{{{a.numerator}}}{{{a.denominator}}}"


def _prime_factors(n: int) -> list[int]:
    out, p = [], 2
    while n > 1:
        while n % p == 0:
            out.append(p)
            n //= p
        p += 1
    return out


def _decimal(a: Fraction) -> str:
    for digits in range(1, 8):
        scaled = a * 10**digits
        if scaled.denominator == 1:
            text = str(scaled.numerator).rjust(digits + 1, "0")
            return f"{text[:-digits]}.{text[-digits:]}"
    raise ValueError(a)


def val(v: Val, s: Style) -> str:
    """A value inline in the reply's style (plain text uses the value's own plain form)."""
    if not s.tex:
        if isinstance(v, Tex):
            return v.plain
        text = number(v, s)
        return plain(text) if "\\" in text else text
    return s.inline(number(v, s))


def negatives(a: Val, b: Val) -> bool:
    if isinstance(a, Fraction) and isinstance(b, Fraction):
        return a == -b and a != 0
    return isinstance(a, Tex) and isinstance(b, Tex) and (a.tex == "-" + b.tex or b.tex == "-" + a.tex)


def abs_val(v: Val) -> Val:
    if isinstance(v, Fraction):
        return abs(v)
    return Tex(v.tex.lstrip("-"), v.plain.lstrip("-"))
