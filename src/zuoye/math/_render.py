"""LaTeX → readable plain text for terminals (the CLI); the web renders the LaTeX itself.

Covers what the solver's own steps contain (SymPy's printer plus the AST printer), and degrades
gracefully on anything else: an unknown command loses its backslash, never the text.
"""

from __future__ import annotations

import re

_SUP = str.maketrans("0123456789+-=()nxik", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿˣⁱᵏ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SYMBOLS = {
    "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤", "geq": "≥",
    "ge": "≥", "neq": "≠", "ne": "≠", "infty": "∞", "pi": "π", "circ": "°", "to": "→",
    "rightarrow": "→", "Rightarrow": "⇒", "Leftrightarrow": "⇔", "approx": "≈", "in": "∈",
    "cup": "∪", "cap": "∩", "emptyset": "∅", "varnothing": "∅", "cdots": "⋯", "ldots": "…",
    "dots": "…", "alpha": "α", "beta": "β", "gamma": "γ", "theta": "θ", "phi": "φ", "varphi": "φ",
    "lambda": "λ", "mu": "μ", "sigma": "σ", "omega": "ω", "Delta": "Δ", "because": "∵",
    "therefore": "∴", "quad": "  ", "qquad": "    ", "lt": "<", "gt": ">", "int": "∫", "lim": "lim",
    "sum": "Σ", "%": "%", "{": "{", "}": "}", "|": "|", ",": " ", ";": " ", "!": "", " ": " ",
    "mathbb": "", "displaystyle": "", "left": "", "right": "", "limits": "", "sqrt": "√",
}  # fmt: skip
_MATH = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.S)


def latex_to_text(text: str) -> str:
    """Replace every $…$ / $$…$$ span in `text` with a plain-text rendering of its LaTeX."""
    return _MATH.sub(lambda mt: _Converter(mt.group(1) or mt.group(2)).run(), text)


class _Converter:
    def __init__(self, src: str) -> None:
        self.s = src
        self.i = 0

    def run(self) -> str:
        out = self.seq(stop="")
        return re.sub(r"\s+", " ", out).strip()

    def group(self) -> str:
        """One argument: {…} or a single character/command."""
        while self.i < len(self.s) and self.s[self.i] == " ":
            self.i += 1
        if self.i >= len(self.s):
            return ""
        if self.s[self.i] == "{":
            self.i += 1
            inner = self.seq(stop="}")
            self.i += 1
            return inner
        if self.s[self.i] == "\\":
            return self.command()
        ch = self.s[self.i]
        self.i += 1
        return ch

    def seq(self, stop: str) -> str:
        out: list[str] = []
        while self.i < len(self.s):
            ch = self.s[self.i]
            if stop and ch == stop:
                break
            if ch == "\\":
                out.append(self.command())
            elif ch == "{":
                self.i += 1
                out.append(self.seq(stop="}"))
                self.i += 1
            elif ch == "^" and re.match(r"\^\s*\{?\s*\\circ\s*\}?", self.s[self.i :]):
                mt = re.match(r"\^\s*\{?\s*\\circ\s*\}?", self.s[self.i :])
                assert mt is not None
                self.i += mt.end()
                out.append("°")
            elif ch in "^_":
                self.i += 1
                arg = self.group()
                table = _SUP if ch == "^" else _SUB
                converted = arg.translate(table)
                if all(c != a or c in "()" for c, a in zip(converted, arg, strict=True)) and arg:
                    out.append(converted)
                else:
                    out.append(f"{ch}({arg})" if len(arg) > 1 else ch + arg)
            elif ch == "&":
                self.i += 1
                out.append(" ")
            else:
                out.append(ch)
                self.i += 1
        return "".join(out)

    def command(self) -> str:
        self.i += 1
        start = self.i
        if self.i < len(self.s) and self.s[self.i].isalpha():
            while self.i < len(self.s) and self.s[self.i].isalpha():
                self.i += 1
        else:
            self.i += 1
        name = self.s[start : self.i]
        if name in ("frac", "dfrac", "tfrac"):
            num, den = self.group(), self.group()
            return f"{_paren(num)}/{_paren(den)}"
        if name == "sqrt":
            index = ""
            if self.i < len(self.s) and self.s[self.i] == "[":
                end = self.s.find("]", self.i)
                index = self.s[self.i + 1 : end]
                self.i = end + 1
            arg = self.group()
            head = {"": "√", "3": "∛", "4": "∜"}.get(index, f"{index}√")
            return f"{head}{_paren(arg)}"
        if name in ("text", "mathrm", "operatorname", "mathbf", "boxed", "mathit"):
            arg = self.group()
            return f"[{arg}]" if name == "boxed" else arg
        if name in ("bar", "overline"):
            arg = self.group()
            return arg + "\u0304" if len(arg) == 1 else f"({arg})\u0304"
        if name == "mathbb":
            arg = self.group()
            return {"R": "ℝ", "Z": "ℤ", "N": "ℕ", "Q": "ℚ", "C": "ℂ"}.get(arg, arg)
        if name in ("begin", "end"):
            env = self.group()
            if env == "cases":
                return "{ " if name == "begin" else " }"
            return (
                "|"
                if env == "vmatrix"
                else "["
                if name == "begin" and env.endswith("matrix")
                else "]"
                if env.endswith("matrix")
                else ""
            )
        if name == "\\":
            return "; "
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        return name  # \sin -> sin, \ln -> ln, unknown -> its name


def _paren(s: str) -> str:
    s = s.strip()
    if re.fullmatch(r"[\w.√π∞⁰¹²³⁴⁵⁶⁷⁸⁹]+", s) or (
        s.startswith("(") and s.endswith(")") and s.count("(") == 1
    ):
        return s
    return f"({s})"
