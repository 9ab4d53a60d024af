"""LaTeX maths → readable plain text for terminals and plain-text exports.

Written here rather than taken from a library: `pylatexenc.latex2text` (maintained) keeps
`x^2` as `x^2`, renders `\\frac{x+1}{2}` as `x+1/2` (wrong) and silently drops `\\ne`,
`\\triangle` and `\\dfrac`; `flatlatex` (last release 2021) raises on unbalanced braces and
does not know `\\le`, `\\text`, `\\left`, `\\boxed`, `cases` or `\\lim`. Homework answers need
all of those, so this is a small recursive-descent reader over the maths subset models use.

Choices, each for a reader who cannot see typeset maths:
- `\\frac{a}{b}` → `a/b`, parenthesised when a part is not a single term (`(x+1)/2`,
  `1/(2x)`) and when the fraction touches another term (`(1/2)x`); a digit before a numeric
  fraction is a mixed number (`2\\frac{1}{3}` → `2 1/3`).
- Scripts become Unicode super/subscripts when every character has one (`x²`, `aₙ₊₁`,
  `x⁻¹`), else `^(…)`/`_(…)`; `^\\circ` → `°`. Limits of ∑/∫ use scripts, `\\lim_{x\\to0}` → `lim(x→0)`.
- Spaces are the author's (collapsed), made symmetric around operators and relations.
- Environments (`cases`, `aligned`, matrices) and `\\\\` become rows: joined with `; ` inline,
  laid out on lines (aligned columns, tall braces/brackets) in display mode.
- Anything unknown is kept as written (`\\foo{bar}` stays `\\foo{bar}`): nothing is lost, and a
  reader who knows LaTeX can still read it. Malformed input never raises.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from zuoye.render import _symbols as sym
from zuoye.render._commands import HANDLERS, accent, text_command
from zuoye.render._layout import Item, join, render_rows
from zuoye.render._terms import apply_over, attach_scripts, group_item

_LENGTH = re.compile(r"\s*-?\d*\.?\d+\s*(?:pt|em|ex|mm|cm|in|mu|bp|pc)\s*")
_MAX_DEPTH = 60  # deeper nesting than any real formula; beyond it the source is shown as is


def latex_to_unicode(latex: str, *, display: bool = False) -> str:
    """Readable plain-text maths for `latex` (the content of a formula, without delimiters).

    With `display=True`, multi-row constructs (`cases`, `aligned`, matrices, `\\\\`) are laid
    out on several lines; otherwise rows are joined with "; " so the result fits in a line.
    """
    return _cached(latex, display)


# A streamed answer is redrawn on every delta, with the same formulae each time.
@functools.lru_cache(maxsize=2048)
def _cached(latex: str, display: bool) -> str:
    try:
        return convert(latex, display=display)
    except (RecursionError, _TooDeep):
        # Pathological nesting: show the source rather than fail the whole answer.
        return latex.strip()


def convert(latex: str, *, display: bool = False) -> str:
    """`latex_to_unicode` without the safety net (tests call it to find real bugs)."""
    parser = Parser(_tokenize(latex), display)
    items = parser.parse_expr(frozenset())
    return render_rows(items, display=display, env=None).strip()


# -- tokens --------------------------------------------------------------------------------
# A letter command swallows the spaces after it, as in TeX (`\\angle ABC` is ∠ABC).
_TOKEN = re.compile(r"\\([A-Za-z]+)\s*|\\(.)|(\s+)|(.)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Tok:
    kind: str  # "cmd" | "space" | "char" | "{" | "}" | "^" | "_" | "&"
    value: str


def _tokenize(latex: str) -> list[Tok]:
    out: list[Tok] = []
    for m in _TOKEN.finditer(latex):
        word, symbol, space, char = m.groups()
        cmd = word if word is not None else symbol
        if cmd is not None:
            out.append(Tok("cmd", cmd))
        elif space is not None:
            out.append(Tok("space", " "))
        elif char in "{}^_&":
            out.append(Tok(char, char))
        else:
            out.append(Tok("char", char))
    return out


class _TooDeep(Exception):
    pass


class Parser:
    def __init__(self, toks: list[Tok], display: bool) -> None:
        self.toks = toks
        self.pos = 0
        self.display = display
        self.depth = 0

    # -- token access ------------------------------------------------------------------------
    def peek(self) -> Tok | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def next(self) -> Tok | None:
        tok = self.peek()
        if tok is not None:
            self.pos += 1
        return tok

    def skip_spaces(self) -> None:
        while (tok := self.peek()) is not None and tok.kind == "space":
            self.pos += 1

    # -- sequences ---------------------------------------------------------------------------
    def parse_expr(self, until: frozenset[str]) -> list[Item]:
        """Items up to (not including) a token in `until`: "}", "end", "right", "]"."""
        self.depth += 1
        if self.depth > _MAX_DEPTH:
            raise _TooDeep
        items: list[Item] = []
        while (tok := self.peek()) is not None:
            if tok.kind == "}" and "}" in until:
                break
            if tok.kind == "cmd" and tok.value in ("end", "right") and tok.value in until:
                break
            if tok.kind == "char" and tok.value == "]" and "]" in until:
                break
            if tok.kind == "space":
                self.pos += 1
                items.append(Item(" ", "space", soft=True))
                continue
            if tok.kind == "&":
                self.pos += 1
                items.append(Item("", "cell"))
                continue
            if tok.kind == "cmd" and tok.value == "\\":
                self.pos += 1
                self._skip_optional_length()
                items.append(Item("", "row"))
                continue
            # A script with nothing before it ({}^{14}C) gets an empty base.
            base = Item("", "ord") if tok.kind in ("^", "_") else self.parse_atom()
            items.append(self.parse_scripts(base))
        self.depth -= 1
        return apply_over(items)

    def _skip_optional_length(self) -> None:
        # `\\[2pt]`: extra spacing after a line break (but `\\ [0,1]` is an interval on a new row).
        save = self.pos
        self.skip_spaces()
        tok = self.peek()
        if tok is not None and tok.kind == "char" and tok.value == "[":
            end = self.pos + 1
            while end < len(self.toks) and self.toks[end].value != "]" and end - self.pos < 12:
                end += 1
            inside = "".join(t.value for t in self.toks[self.pos + 1 : end])
            if end < len(self.toks) and _LENGTH.fullmatch(inside):
                self.pos = end + 1
                return
        self.pos = save

    def parse_group(self) -> list[Item]:
        """After a `{`: items up to the matching `}` (consumed if present)."""
        items = self.parse_expr(frozenset("}"))
        tok = self.peek()
        if tok is not None and tok.kind == "}":
            self.pos += 1
        return items

    def parse_arg(self) -> Item:
        """One argument: a brace group, a single character or a command."""
        self.skip_spaces()
        tok = self.peek()
        if tok is None or tok.kind in ("}", "&"):
            return Item("", "ord")
        if tok.kind == "{":
            self.pos += 1
            return group_item(self.parse_group())
        if tok.kind in ("^", "_"):
            self.pos += 1
            return Item(tok.value, "ord")
        return self.parse_atom()

    def parse_raw_arg(self) -> str:
        """An argument's source text, for names (`{cases}`, `{red}`, `{cc}`)."""
        self.skip_spaces()
        tok = self.peek()
        if tok is None or tok.kind != "{":
            return ""
        self.pos += 1
        depth, parts = 1, []
        while (tok := self.next()) is not None:
            if tok.kind == "{":
                depth += 1
            elif tok.kind == "}":
                depth -= 1
                if depth == 0:
                    break
            parts.append("\\" + tok.value if tok.kind == "cmd" else tok.value)
        return "".join(parts)

    def parse_text_arg(self) -> str:
        """The argument of \\text{…}: spaces kept, maths not interpreted."""
        self.skip_spaces()
        tok = self.peek()
        if tok is None:
            return ""
        if tok.kind != "{":
            self.pos += 1
            return tok.value
        self.pos += 1
        depth, parts = 1, []
        while (tok := self.next()) is not None:
            if tok.kind == "{":
                depth += 1
                continue
            if tok.kind == "}":
                depth -= 1
                if depth == 0:
                    break
                continue
            if tok.kind == "cmd":
                parts.append(text_command(tok.value))
            else:
                parts.append(tok.value)
        return "".join(parts)

    # -- atoms -------------------------------------------------------------------------------
    def parse_atom(self) -> Item:
        tok = self.next()
        if tok is None:
            return Item("", "ord")
        if tok.kind == "{":
            return group_item(self.parse_group())
        if tok.kind == "}":
            return Item("}", "close")  # a stray brace: shown, never dropped
        if tok.kind == "char":
            c = tok.value
            if c == "'":
                return Item("′", "ord")
            if c == "~":
                return Item(" ", "space")
            return Item(c, sym.CHAR_KIND.get(c, "ord"), numeric=c.isdigit() or c == ".")
        if tok.kind == "cmd":
            return self.parse_command(tok.value)
        return Item(tok.value, "ord")

    def parse_command(self, name: str) -> Item:
        if len(name) == 1 and not name.isalpha():
            if name in sym.SPACES:
                return Item(sym.SPACES[name], "space")
            if name in ("{", "}"):
                return Item(name, "open" if name == "{" else "close")
            return Item(sym.ESCAPED.get(name, name), "ord")
        if name in sym.GREEK:
            return Item(sym.GREEK[name], "ord")
        if name in sym.SYMBOLS:
            kind = (
                "bin"
                if name in sym.BINS
                else "rel"
                if name in sym.RELS
                else "op"
                if name in sym.BIG_OPS
                else "ord"
            )
            if name in ("langle", "lceil", "lfloor", "lbrace"):
                kind = "open"
            elif name in ("rangle", "rceil", "rfloor", "rbrace"):
                kind = "close"
            return Item(sym.SYMBOLS[name], kind)
        if name in sym.SPACES:
            return Item(sym.SPACES[name], "space")
        if name in sym.FUNCTIONS:
            return Item(name, "func")
        handler = HANDLERS.get(name)
        if handler is not None:
            return handler(self, name)
        if name in sym.ACCENTS:
            return accent(self, name)
        if name in sym.IGNORED:
            return Item("", "space")
        if name in sym.STYLE_WRAPPERS:
            return self.parse_arg()
        if name in sym.TEXT_COMMANDS:
            return Item(self.parse_text_arg(), "ord")
        return self._unknown(name)

    def _unknown(self, name: str) -> Item:
        # Keep the command and its brace arguments as written, so nothing is lost.
        text = "\\" + name
        while (tok := self.peek()) is not None and tok.kind == "{":
            self.pos += 1
            text += "{" + join(self.parse_group()).strip() + "}"
        return Item(text, "ord")

    def peek_nonspace(self) -> Tok | None:
        self.skip_spaces()
        return self.peek()

    # -- scripts -----------------------------------------------------------------------------
    def parse_scripts(self, base: Item) -> Item:
        sub = sup = None
        while (tok := self.peek()) is not None:
            if tok.kind == "char" and tok.value == "'":
                self.pos += 1
                base = Item(base.text + "′", base.kind)
                continue
            if tok.kind not in ("^", "_"):
                break
            self.pos += 1
            arg = self.parse_arg()
            if tok.kind == "^":
                sup = arg.text.strip() if sup is None else sup + arg.text.strip()
            else:
                sub = arg.text.strip() if sub is None else sub + arg.text.strip()
        if sub is None and sup is None:
            return base
        return attach_scripts(base, sub, sup)
