"""The parser's syntax tree, and a LaTeX printer that shows the input the way the student wrote it.

SymPy evaluates as it builds (`3*(x+1)` becomes `3*x + 3`), which would erase exactly the steps a
teacher wants to show (去括号). So the parser builds this small tree first; `_build` turns it into
SymPy under a whitelist and size budgets, and `to_latex` prints the original form for step one.
Sums and products are n-ary, so the tree's depth is bounded by bracket nesting, not by length.
"""

from __future__ import annotations

from dataclasses import dataclass

from zuoye.messages import say

# Greek names print as LaTeX commands; everything else prints as itself.
GREEK = frozenset(
    {"alpha", "beta", "gamma", "theta", "phi", "lambda", "mu", "sigma", "omega", "varphi", "vartheta"}
)
_REL_TEX = {"=": "=", "<": "<", ">": ">", "<=": r"\leq", ">=": r"\geq", "!=": r"\neq"}
_FUNC_TEX = {
    "sin": r"\sin",
    "cos": r"\cos",
    "tan": r"\tan",
    "tg": r"\tan",
    "cot": r"\cot",
    "ctg": r"\cot",
    "sec": r"\sec",
    "csc": r"\csc",
    "arcsin": r"\arcsin",
    "asin": r"\arcsin",
    "arccos": r"\arccos",
    "acos": r"\arccos",
    "arctan": r"\arctan",
    "atan": r"\arctan",
    "arccot": r"\operatorname{arccot}",
    "sinh": r"\sinh",
    "cosh": r"\cosh",
    "tanh": r"\tanh",
    "ln": r"\ln",
    "log": r"\ln",  # a log with no base is read as natural: shown as what was computed
    "lg": r"\lg",
    "exp": r"\exp",
    "gcd": r"\gcd",
    "max": r"\max",
    "min": r"\min",
}


class Node:
    """Base of all syntax-tree nodes."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Num(Node):
    text: str  # "12" or "1.25"; kept as text so decimals stay exact


@dataclass(frozen=True, slots=True)
class Sym(Node):
    name: str  # "x", "x_1", "alpha"


@dataclass(frozen=True, slots=True)
class Const(Node):
    name: str  # "pi" | "E" | "oo" | "I"


@dataclass(frozen=True, slots=True)
class Add(Node):
    terms: tuple[tuple[int, Node], ...]  # (+1 | -1, term)


@dataclass(frozen=True, slots=True)
class Mul(Node):
    factors: tuple[tuple[str, Node], ...]  # (op, factor); op in "*", "×", "/", "÷", "" (implicit)


@dataclass(frozen=True, slots=True)
class Neg(Node):
    arg: Node


@dataclass(frozen=True, slots=True)
class Pow(Node):
    base: Node
    exp: Node


@dataclass(frozen=True, slots=True)
class Call(Node):
    name: str
    args: tuple[Node, ...]
    parens: bool = True  # whether the student wrote brackets: "sin(x)" vs "sin x"


@dataclass(frozen=True, slots=True)
class FApply(Node):
    """A user-defined function applied: f(2), f'(x), g''(1)."""

    name: str
    primes: int
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Abs(Node):
    arg: Node


@dataclass(frozen=True, slots=True)
class Postfix(Node):
    op: str  # "!" | "°" | "%"
    arg: Node


@dataclass(frozen=True, slots=True)
class Frac(Node):
    num: Node
    den: Node


@dataclass(frozen=True, slots=True)
class Root(Node):
    arg: Node
    index: Node | None = None  # None: square root


@dataclass(frozen=True, slots=True)
class Group(Node):
    arg: Node
    bracket: str = "("


@dataclass(frozen=True, slots=True)
class Tup(Node):
    items: tuple[Node, ...]
    bracket: str = "()"  # the opening and the closing bracket: "()", "[]", "[)", "{}"


@dataclass(frozen=True, slots=True)
class Rel(Node):
    """A relation or a chain of them: a < b <= c."""

    items: tuple[Node, ...]
    ops: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Logic(Node):
    op: str  # "and" | "or"
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Val(Node):
    """A value the solver already computed, inside a tree being evaluated step by step."""

    value: object  # a SymPy number (kept untyped here: the tree module does not import SymPy)
    latex: str

    @property
    def negative(self) -> bool:
        return self.latex.startswith("-")


def denominators(node: Node) -> list[Node]:
    """Every divisor written in the tree (a/b, a÷b, \\frac{a}{b}, b^{-1}): what must not be 0, even
    where the algebra cancels it (x²/x is x only for x ≠ 0)."""
    out: list[Node] = []
    if isinstance(node, Frac):
        out.append(node.den)
    elif isinstance(node, Mul):
        out += [factor for op, factor in node.factors if op in ("/", "÷")]
    elif isinstance(node, Pow):
        exp = node.exp
        while isinstance(exp, Group):
            exp = exp.arg
        if isinstance(exp, Neg):
            out.append(node.base)
    for name in node.__dataclass_fields__ if hasattr(node, "__dataclass_fields__") else ():
        value = getattr(node, name)
        for child in value if isinstance(value, tuple) else (value,):
            if isinstance(child, tuple):  # Add's (sign, term), Mul's (op, factor)
                child = child[-1]
            if isinstance(child, Node):
                out += denominators(child)
    return out


def replace_symbols(node: Node, mapping: dict[str, Node]) -> Node:
    """A copy of the tree with symbols replaced (to show "f(5) = 2·5 + 3" in the student's order)."""
    if isinstance(node, Sym):
        return mapping.get(node.name, node)
    if not hasattr(node, "__dataclass_fields__") or isinstance(node, Num | Const | Val):
        return node
    changes = {}
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        changes[name] = _replace_value(value, mapping)
    return type(node)(**changes)


def _replace_value(value: object, mapping: dict[str, Node]) -> object:
    if isinstance(value, Node):
        return replace_symbols(value, mapping)
    if isinstance(value, tuple):
        return tuple(_replace_value(v, mapping) for v in value)
    return value


def _sym_tex(name: str) -> str:
    base, _, sub = name.partition("_")
    head = "\\" + base if base in GREEK else base
    return f"{head}_{{{sub}}}" if sub else head


def _wrap_base(node: Node) -> str:
    s = to_latex(node)
    if isinstance(node, Num | Sym | Const | Group | Abs | Root | Tup) and not (
        isinstance(node, Num) and "." in node.text
    ):
        return s
    if isinstance(node, Val) and (s.isalnum() or s.startswith(r"\sqrt")):
        return s
    return f"\\left({s}\\right)"


def _strip_group(node: Node) -> Node:
    return node.arg if isinstance(node, Group) and node.bracket == "(" else node


def _is_numeric_literal(node: Node) -> bool:
    if isinstance(node, Val):
        return not node.latex.lstrip("-").startswith("\\") or node.latex.startswith("\\frac")
    return isinstance(node, Num) or (isinstance(node, Group) and _is_numeric_literal(node.arg))


def to_latex(node: Node) -> str:
    """Print the tree as LaTeX, keeping the student's own brackets and operators."""
    if isinstance(node, Num):
        return node.text
    if isinstance(node, Val):
        return node.latex
    if isinstance(node, Sym):
        return _sym_tex(node.name)
    if isinstance(node, Const):
        return {"pi": r"\pi", "E": "e", "oo": r"\infty", "I": "i"}[node.name]
    if isinstance(node, Add):
        out = []
        for k, (sign, term) in enumerate(node.terms):
            s = to_latex(term)
            if isinstance(term, Val) and term.negative and k > 0:
                sign, s = -sign, s[1:].lstrip()  # 6 + (-2) reads as 6 - 2
            if isinstance(term, Add):
                s = f"\\left({s}\\right)"
            if k == 0:
                out.append(("-" if sign < 0 else "") + s)
            else:
                out.append((" - " if sign < 0 else " + ") + s)
        return "".join(out)
    if isinstance(node, Mul):
        return _mul_latex(node)
    if isinstance(node, Neg):
        inner = to_latex(node.arg)
        return f"-\\left({inner}\\right)" if isinstance(node.arg, Add | Neg) else f"-{inner}"
    if isinstance(node, Pow):
        exp = to_latex(_strip_group(node.exp))
        base = node.base
        if isinstance(base, Call) and not base.parens and base.name in _FUNC_TEX and len(base.args) == 1:
            return f"{_FUNC_TEX[base.name]}^{{{exp}}} {to_latex(base.args[0])}"  # sin²x
        return f"{_wrap_base(base)}^{{{exp}}}"
    if isinstance(node, Call):
        return _call_latex(node)
    if isinstance(node, FApply):
        args = ", ".join(to_latex(a) for a in node.args)
        return f"{node.name}{chr(39) * node.primes}\\left({args}\\right)"
    if isinstance(node, Abs):
        return f"\\left|{to_latex(node.arg)}\\right|"
    if isinstance(node, Postfix):
        inner = _wrap_base(node.arg)
        return {"!": f"{inner}!", "°": f"{inner}^{{\\circ}}", "%": f"{inner}\\%"}[node.op]
    if isinstance(node, Frac):
        return f"\\frac{{{to_latex(node.num)}}}{{{to_latex(node.den)}}}"
    if isinstance(node, Root):
        if node.index is None:
            return f"\\sqrt{{{to_latex(node.arg)}}}"
        return f"\\sqrt[{to_latex(node.index)}]{{{to_latex(node.arg)}}}"
    if isinstance(node, Group):
        inner = to_latex(node.arg)
        if node.bracket == "[":
            return f"\\left[{inner}\\right]"
        if node.bracket == "{":
            return f"\\left\\{{{inner}\\right\\}}"
        return f"\\left({inner}\\right)"
    if isinstance(node, Tup):
        inner = ", ".join(to_latex(i) for i in node.items)
        left, right = (("\\" + b if b in "{}" else b) for b in node.bracket)
        return f"\\left{left}{inner}\\right{right}"
    if isinstance(node, Rel):
        parts = [to_latex(node.items[0])]
        for op, item in zip(node.ops, node.items[1:], strict=True):
            parts.append(f" {_REL_TEX[op]} {to_latex(item)}")
        return "".join(parts)
    if isinstance(node, Logic):
        word = say("math.step.and_tex") if node.op == "and" else say("math.step.or_tex")
        return word.join(to_latex(i) for i in node.items)
    raise TypeError(f"unknown node {type(node).__name__}")


def _mul_latex(node: Mul) -> str:
    # Left fold, which is exactly how a*b/c groups: "/" makes a \frac of everything so far over
    # the next factor, which is how a student reads "1/2" or "(x^2-4)/(x+2)"; "÷" stays ÷.
    _, first = node.factors[0]
    tex = _factor_tex(first)
    plain = to_latex(_strip_group(first))  # the same, without the student's outer brackets
    numeric = _is_numeric_literal(first)
    for op, factor in node.factors[1:]:
        ftex = _factor_tex(factor)
        fnum = _is_numeric_literal(factor)
        if op == "/":
            tex = f"\\frac{{{plain}}}{{{to_latex(_strip_group(factor))}}}"
        elif op == "÷":
            tex = f"{tex} \\div {ftex}"
        elif op in ("×", "*"):
            sign = r" \times " if op == "×" or (numeric and fnum) else r" \cdot "
            tex = f"{tex}{sign}{ftex}"
        else:  # implicit: a number after something needs a visible sign
            sep = r" \cdot " if fnum else " "
            tex = f"{tex}{sep}{ftex}"
        plain = tex
        numeric = numeric and fnum
    return tex


def _factor_tex(node: Node) -> str:
    s = to_latex(node)
    if isinstance(node, Add | Neg | Rel) or (isinstance(node, Val) and (node.negative or "+" in s)):
        return f"\\left({s}\\right)"
    return s


def _call_latex(node: Call) -> str:
    name = node.name
    args = node.args
    if name == "piecewise" and len(args) % 2 == 0:
        rows = " \\\\ ".join(
            f"{to_latex(v)}, & {to_latex(c)}" for v, c in zip(args[::2], args[1::2], strict=True)
        )
        return f"\\begin{{cases}} {rows} \\end{{cases}}"
    if name in ("sqrt",) and len(args) == 1:
        return f"\\sqrt{{{to_latex(args[0])}}}"
    if name == "cbrt" and len(args) == 1:
        return f"\\sqrt[3]{{{to_latex(args[0])}}}"
    if name == "abs" and len(args) == 1:
        return f"\\left|{to_latex(args[0])}\\right|"
    if name == "factorial" and len(args) == 1:
        return f"{_wrap_base(args[0])}!"
    if name in ("binomial", "comb") and len(args) == 2:
        return f"\\mathrm{{C}}_{{{to_latex(args[0])}}}^{{{to_latex(args[1])}}}"
    if name == "perm" and len(args) == 2:
        return f"\\mathrm{{A}}_{{{to_latex(args[0])}}}^{{{to_latex(args[1])}}}"
    if name == "log" and len(args) == 2:
        head = f"\\log_{{{to_latex(args[1])}}}"
        args = args[:1]
    else:
        head = _FUNC_TEX.get(name, f"\\operatorname{{{name}}}")
    inner = ", ".join(to_latex(a) for a in args)
    if node.parens or len(args) != 1 or not isinstance(args[0], Num | Sym | Const | Postfix):
        return f"{head}\\left({inner}\\right)"
    return f"{head} {inner}"
