"""The commands that take arguments: \\frac, \\sqrt, \\left…\\right, environments, accents, …

Each handler is called by the parser after it has read the command's name, reads the
arguments it needs through the parser, and returns one item.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zuoye.render import _symbols as sym
from zuoye.render._layout import Item, format_rows, join, render_rows, rows_of
from zuoye.render._terms import is_term, make_frac, script

if TYPE_CHECKING:
    from collections.abc import Callable

    from zuoye.render._latex import Parser


def frac(p: Parser, name: str) -> Item:
    num, den = p.parse_arg(), p.parse_arg()
    return make_frac(num, den)


def binom(p: Parser, name: str) -> Item:
    n, k = p.parse_arg(), p.parse_arg()
    return Item(f"C({n.text.strip()},{k.text.strip()})", "fenced")


def sqrt(p: Parser, name: str) -> Item:
    index = ""
    p.skip_spaces()
    tok = p.peek()
    if tok is not None and tok.kind == "char" and tok.value == "[":
        p.pos += 1
        index = join(p.parse_expr(frozenset("]"))).strip()
        if p.peek() is not None:
            p.pos += 1
    arg = p.parse_arg()
    body = arg.text.strip()
    radical = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index)
    if radical is None:
        radical = script(index, sym.SUPERSCRIPTS, "^") + "√"
    if not is_term(body, allow_product=False):
        body = f"({body})"
    return Item(radical + body, "ord")


def delimited(p: Parser, name: str) -> Item:
    # \left( … \right): one fenced item, so a script applies to the whole.
    opener = delimiter(p)
    items = p.parse_expr(frozenset({"right"}))
    closer = ""
    tok = p.peek()
    if tok is not None and tok.kind == "cmd" and tok.value == "right":
        p.pos += 1
        closer = delimiter(p)
    meaningful = [i for i in items if i.kind != "space"]
    if opener == "{" and not closer:
        # \left\{ … \right. is how textbooks write a system of equations: lay it out as cases.
        if len(meaningful) == 1 and meaningful[0].rows is not None:
            rows = meaningful[0].rows
        else:
            rows = rows_of(items)
        return Item(format_rows(rows, display=p.display and p.depth == 1, env="cases"), "fenced")
    inner = render_rows(items, display=False, env=None).strip()
    return Item(opener + inner + closer, "fenced")


def sized(p: Parser, name: str) -> Item:
    text = delimiter(p)
    kind = "open" if name.endswith("l") or text in "([{⟨⌊⌈" else "close"
    return Item(text, kind if text else "space")


def delimiter(p: Parser) -> str:
    p.skip_spaces()
    tok = p.next()
    if tok is None:
        return ""
    key = "\\" + tok.value if tok.kind == "cmd" else tok.value
    if key in sym.DELIMITERS:
        return sym.DELIMITERS[key]
    if tok.kind == "cmd" and tok.value in sym.SYMBOLS:
        return sym.SYMBOLS[tok.value]
    return tok.value


def boxed(p: Parser, name: str) -> Item:
    return Item("【" + p.parse_arg().text.strip() + "】", "fenced")


def mathbb(p: Parser, name: str) -> Item:
    tok = p.peek_nonspace()
    arg = p.parse_raw_arg() if tok is not None and tok.kind == "{" else p.parse_arg().text
    return Item("".join(sym.DOUBLE_STRUCK.get(c, c) for c in arg), "ord")


def operatorname(p: Parser, name: str) -> Item:
    return Item(p.parse_text_arg().strip(), "func")


def negate(p: Parser, name: str) -> Item:
    nxt = p.parse_atom()
    negated = sym.NEGATED.get(nxt.text)
    return Item(negated if negated is not None else nxt.text + "\u0338", "rel")


def overset(p: Parser, name: str) -> Item:
    over, base = p.parse_arg(), p.parse_arg()
    if name in ("overset", "stackrel") and base.text == "=" and over.text in ("△", "def"):
        return Item("≜" if over.text == "△" else "≝", "rel")
    marks = sym.SUBSCRIPTS if name == "underset" else sym.SUPERSCRIPTS
    return Item(base.text + script(over.text.strip(), marks, "_" if name == "underset" else "^"), base.kind)


def arrow(p: Parser, name: str) -> Item:
    below = ""
    p.skip_spaces()
    tok = p.peek()
    if tok is not None and tok.kind == "char" and tok.value == "[":
        p.pos += 1
        below = join(p.parse_expr(frozenset("]"))).strip()
        if p.peek() is not None:
            p.pos += 1
    above = p.parse_arg().text.strip()
    label = "/".join(p for p in (above, below) if p)
    arrow = "←" if name == "xleftarrow" else "→"
    return Item(f"─{label}{arrow}" if label else arrow, "rel")


def mod(p: Parser, name: str) -> Item:
    if name == "pmod":
        return Item(f" (mod {p.parse_arg().text.strip()})", "ord")
    return Item(" mod ", "bin")


def color(p: Parser, name: str) -> Item:
    p.parse_raw_arg()
    if name == "textcolor" or name == "colorbox":
        return p.parse_arg()
    return Item("", "space")  # \color{red} switches colour for what follows


def phantom(p: Parser, name: str) -> Item:
    p.parse_raw_arg()
    return Item(" " if name in ("hspace", "hphantom", "phantom") else "", "space")


def over(p: Parser, name: str) -> Item:
    return Item(name, "over")


def accent(p: Parser, name: str) -> Item:
    arg = p.parse_arg()
    mark = sym.ACCENTS[name]
    text = arg.text.strip()
    if not text:
        return Item(mark.strip() or "", "ord")
    if name in sym.PER_CHARACTER_ACCENTS:
        text = "".join(c + mark if not c.isspace() else c for c in text)
    else:
        text += mark
    return Item(text, "ord")


def environment(p: Parser, name: str) -> Item:
    env = p.parse_raw_arg().strip()
    if env in ("array", "tabular", "alignedat", "alignat", "alignat*", "subarray"):
        p.parse_raw_arg()  # column spec / count
    items = p.parse_expr(frozenset({"end"}))
    tok = p.peek()
    if tok is not None and tok.kind == "cmd" and tok.value == "end":
        p.pos += 1
        p.parse_raw_arg()
    # Only the outermost layout gets lines; nested environments stay on one line.
    outermost = p.display and p.depth == 1
    rows = rows_of(items)
    return Item(format_rows(rows, display=outermost, env=env), "fenced", rows=rows)


HANDLERS: dict[str, Callable[[Parser, str], Item]] = {
    "frac": frac, "dfrac": frac, "tfrac": frac, "cfrac": frac,
    "binom": binom, "dbinom": binom, "tbinom": binom,
    "sqrt": sqrt, "left": delimited, "boxed": boxed, "fbox": boxed,
    "mathbb": mathbb, "operatorname": operatorname, "not": negate,
    "overset": overset, "underset": overset, "stackrel": overset,
    "xrightarrow": arrow, "xleftarrow": arrow,
    "pmod": mod, "bmod": mod, "mod": mod,
    "color": color, "textcolor": color, "colorbox": color,
    "hspace": phantom, "vspace": phantom, "phantom": phantom,
    "hphantom": phantom, "vphantom": phantom,
    "over": over, "choose": over, "begin": environment,
    **{name: sized for name in sym.SIZED if name not in ("left",)},
}  # fmt: skip


def text_command(name: str) -> str:
    """A command inside \\text{…}."""
    if len(name) == 1 and not name.isalpha():
        return sym.SPACES.get(name, sym.ESCAPED.get(name, name))
    if name in sym.GREEK:
        return sym.GREEK[name]
    if name in sym.SYMBOLS:
        return sym.SYMBOLS[name]
    if name in sym.SPACES:
        return sym.SPACES[name]
    return "\\" + name
