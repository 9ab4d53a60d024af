"""Terms: fractions, scripts, groups — and when they need parentheses to read right as text."""

from __future__ import annotations

import re
import unicodedata

from zuoye.render import _symbols as sym
from zuoye.render._layout import MINUS, Item, render_rows


def group_item(items: list[Item]) -> Item:
    """A brace group: its rendering, kept as one item (a script applies to all of it)."""
    meaningful = [i for i in items if i.kind != "space"]
    if len(meaningful) == 1 and meaningful[0].kind not in ("row", "cell"):
        return meaningful[0]
    text = render_rows(items, display=False, env=None)
    numeric = bool(meaningful) and all(i.numeric for i in meaningful)
    return Item(text, "group", numeric=numeric)


def apply_over(items: list[Item]) -> list[Item]:
    # `{a \over b}` is TeX's infix fraction.
    for k, item in enumerate(items):
        if item.kind == "over":
            num, den = group_item(items[:k]), group_item(items[k + 1 :])
            if item.text == "choose":
                return [Item(f"C({num.text.strip()},{den.text.strip()})", "fenced")]
            return [make_frac(num, den)]
    return items


_NUMBER = re.compile(r"[-+\u2212]?\d+(?:\.\d+)?")
_DIFFERENTIAL = re.compile(r"[d∂][a-zA-Zα-ω]")
_SCRIPT_CHARS = "".join(sym.SUPERSCRIPTS.values()) + "".join(sym.SUBSCRIPTS.values()) + "′°"


def is_term(text: str, *, allow_product: bool) -> bool:
    """Whether `text` reads as one term without parentheses (numerator: products allowed)."""
    if not text:
        return True
    if is_fenced(text):
        return True
    if text[0] == "√":
        return is_term(text[1:], allow_product=False)
    core = text.rstrip(_SCRIPT_CHARS)
    if _NUMBER.fullmatch(core) and (allow_product or not core.startswith(("-", "+", MINUS))):
        return True
    if _DIFFERENTIAL.fullmatch(core):
        return True  # d/dx, ∂/∂x: the differential reads as one unit
    if allow_product:
        body = core[1:] if core.startswith(("-", MINUS)) else core
        return bool(body) and all(c.isalnum() or c in _SCRIPT_CHARS or c in ".′" for c in body)
    # Denominator: one letter (with scripts and accents) or one number.
    letters = [c for c in core if not unicodedata.combining(c)]
    return len(letters) == 1 and letters[0].isalpha()


def is_fenced(text: str) -> bool:
    pairs = {"(": ")", "[": "]", "{": "}", "【": "】", "|": "|"}
    if len(text) < 2 or text[0] not in pairs:
        return False
    closing = pairs[text[0]]
    core = text.rstrip(_SCRIPT_CHARS)
    if not core.endswith(closing):
        return False
    depth = 0
    for k, c in enumerate(core):
        if c == text[0] and (c != closing or k == 0):
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0 and k != len(core) - 1:
                return False
    return True


def make_frac(num: Item, den: Item) -> Item:
    n, d = num.text.strip(), den.text.strip()
    if not is_term(n, allow_product=True):
        n = f"({n})"
    if not is_term(d, allow_product=False):
        d = f"({d})"
    numeric = bool(_NUMBER.fullmatch(n)) and bool(_NUMBER.fullmatch(d))
    return Item(f"{n}/{d}", "frac", numeric=numeric)


def script(text: str, table: dict[str, str], marker: str) -> str:
    if not text:
        return ""
    if all(c in table for c in text):
        return "".join(table[c] for c in text)
    if len(text) == 1 or is_fenced(text):
        return marker + text
    return f"{marker}({text})"


def attach_scripts(base: Item, sub: str | None, sup: str | None) -> Item:
    if sup in ("∘", "°", "\\circ"):
        sup = "°"
    if base.kind == "func" and base.text in sym.LIMIT_OPERATORS and sub:
        # lim_{x→0}: written under the operator; as text, after it in parentheses.
        text = f"{base.text}({sub})" + (script(sup, sym.SUPERSCRIPTS, "^") if sup else "")
        return Item(text, "func")
    body = base.text
    # `{a+b}^2` means (a+b)²; `\\mathrm{cm}^2` is cm² (a product needs no parentheses, as in print).
    if base.kind in ("frac", "group") and not is_term(body, allow_product=True):
        body = f"({body})"
    sub_text = script(sub, sym.SUBSCRIPTS, "_") if sub else ""
    sup_text = ("°" if sup == "°" else script(sup, sym.SUPERSCRIPTS, "^")) if sup else ""
    kind = base.kind if base.kind in ("func", "op") else "ord"
    return Item(body + sub_text + sup_text, kind, numeric=base.numeric and not sup_text and not sub_text)


# -- joining -------------------------------------------------------------------------------
