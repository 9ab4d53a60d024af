"""Tokenizer for normalised maths text: numbers, names, LaTeX commands and operators.

Nothing here evaluates anything. A run of letters is split into known words (function names,
constants, Greek letters) and single-letter variables, so `2xsinx` reads as 2·x·sin x; a run that
would need four or more unknown single letters in a row (`import`, `system`) is refused as an
unknown word rather than silently becoming a product of variables.
"""

from __future__ import annotations

from dataclasses import dataclass

from zuoye.math._errors import ParseError
from zuoye.messages import say

FUNCTION_WORDS = frozenset(
    {
        "sin", "cos", "tan", "cot", "sec", "csc", "tg", "ctg",
        "arcsin", "arccos", "arctan", "arccot", "asin", "acos", "atan",
        "sinh", "cosh", "tanh",
        "ln", "log", "lg", "exp", "sqrt", "cbrt", "root", "abs",
        "factorial", "binomial", "comb", "perm", "gcd", "lcm", "max", "min",
        "floor", "ceil", "det", "Eq", "Ne", "Lt", "Le", "Gt", "Ge", "And", "Or", "piecewise",
    }
)  # fmt: skip
CONSTANT_WORDS = frozenset({"pi", "oo", "inf", "infty", "infinity", "E"})
GREEK_WORDS = frozenset(
    {"alpha", "beta", "gamma", "theta", "phi", "lambda", "mu", "sigma", "omega", "varphi", "vartheta"}
)
# Words the reply/answer parser accepts as connectives.
LOGIC_WORDS = frozenset({"and", "or"})
KNOWN_WORDS = FUNCTION_WORDS | CONSTANT_WORDS | GREEK_WORDS | LOGIC_WORDS
_MAX_WORD = max(len(w) for w in KNOWN_WORDS)

# Two-character operators first, so `<=` is never read as `<` then `=`.
_OPERATORS_2 = ("**", "<=", ">=", "!=", "==", "->", "=>", "<>")
_OPERATORS_1 = "+-*/×÷^()[]{},;=<>!|'_:&√∛°%∫≈±"

# LaTeX commands that are just another spelling of an operator or a word the lexer knows.
_LATEX_OPS = {
    r"\cdot": "*", r"\times": "×", r"\ast": "*", r"\div": "÷",
    r"\le": "<=", r"\leq": "<=", r"\leqslant": "<=", r"\ge": ">=", r"\geq": ">=", r"\geqslant": ">=",
    r"\ne": "!=", r"\neq": "!=", r"\lt": "<", r"\gt": ">",
    r"\to": "->", r"\rightarrow": "->", r"\longrightarrow": "->",
    r"\circ": "°", r"\degree": "°", r"\lbrace": "{", r"\rbrace": "}",
    r"\vert": "|", r"\lvert": "|", r"\rvert": "|", r"\mid": "|",
    r"\approx": "≈", r"\pm": "±", r"\land": "&", r"\wedge": "&",
}  # fmt: skip
_LATEX_WORDS = {r"\infty": "oo", r"\infin": "oo", r"\e": "e"}
_LATEX_SPACES = frozenset(
    {r"\quad", r"\qquad", r"\displaystyle", r"\limits", r"\nolimits", r"\textstyle", r"\space"}
)

# Digits in one integer literal; 10**1000 is already far beyond homework.
MAX_DIGITS = 1000


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "num" | "name" | "cmd" | "op" | "eof"
    value: str
    pos: int
    space_before: bool = False


def _split_letters(run: str, pos: int) -> list[str]:
    """Split a letter run into known words and single letters, longest known word first."""
    if run in KNOWN_WORDS:
        return [run]
    out: list[str] = []
    i = 0
    singles = 0
    while i < len(run):
        for n in range(min(_MAX_WORD, len(run) - i), 1, -1):
            if run[i : i + n] in KNOWN_WORDS and run[i : i + n] not in LOGIC_WORDS:
                out.append(run[i : i + n])
                i += n
                singles = 0
                break
        else:
            out.append(run[i])
            i += 1
            singles += 1
            if singles >= 4:
                raise ParseError(say("math.parse.unknown_word", word=run, pos=pos))
    return out


def tokenize(text: str) -> list[Token]:
    """Turn normalised text into tokens; raise ParseError on any character maths does not use."""
    tokens: list[Token] = []
    i = 0
    n = len(text)
    space = False
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            space = True
            continue
        start = i
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            while i < n and text[i].isdigit():
                i += 1
            if i < n - 1 and text[i] == "." and text[i + 1].isdigit():
                i += 1
                while i < n and text[i].isdigit():
                    i += 1
            literal = text[start:i]
            if len(literal) > MAX_DIGITS:
                from zuoye.math._errors import BudgetExceeded

                raise BudgetExceeded(say("math.parse.number_too_long", digits=len(literal), limit=MAX_DIGITS))
            tokens.append(Token("num", literal, start, space))
        elif ch.isascii() and ch.isalpha():
            while i < n and text[i].isascii() and text[i].isalpha():
                i += 1
            for k, word in enumerate(_split_letters(text[start:i], start)):
                tokens.append(Token("name", word, start, space and k == 0))
        elif ch == "\\":
            i += 1
            if i < n and text[i].isascii() and text[i].isalpha():
                while i < n and text[i].isascii() and text[i].isalpha():
                    i += 1
                cmd = text[start:i]
                if cmd in _LATEX_SPACES:
                    space = True
                    continue
                if cmd in _LATEX_OPS:
                    tokens.append(Token("op", _LATEX_OPS[cmd], start, space))
                elif cmd in _LATEX_WORDS:
                    tokens.append(Token("name", _LATEX_WORDS[cmd], start, space))
                elif cmd[1:] in KNOWN_WORDS and cmd != r"\sqrt":  # \sin, \ln, \pi, \alpha …
                    tokens.append(Token("name", cmd[1:], start, space))
                else:
                    tokens.append(Token("cmd", cmd, start, space))
            elif i < n and text[i] in ",;:! ":  # LaTeX spacing: \, \; \: \! "\ "
                i += 1
                space = True
                continue
            elif i < n and text[i] in "{}|":
                i += 1
                tokens.append(Token("op", text[i - 1], start, space))
            elif i < n and text[i] == "\\":
                i += 1
                tokens.append(Token("op", ";", start, space))  # a LaTeX row break separates items
            elif i < n and text[i] == "%":
                i += 1
                tokens.append(Token("op", "%", start, space))
            else:
                raise ParseError(say("math.parse.stray_backslash", pos=start))
        elif text.startswith(_OPERATORS_2, i):
            op = text[i : i + 2]
            i += 2
            op = {"**": "^", "==": "=", "=>": "->", "<>": "!="}.get(op, op)
            tokens.append(Token("op", op, start, space))
        elif ch in _OPERATORS_1:
            i += 1
            tokens.append(Token("op", ch, start, space))
        else:
            shown = ch if ch.isprintable() else f"U+{ord(ch):04X}"
            raise ParseError(say("math.parse.unexpected_character", char=shown, pos=start))
        space = False
    tokens.append(Token("eof", "", n, space))
    return tokens
