"""What a problem's maths is: its parsed items, and the one expression a task is about.

The general readers (`_engine`) and the calculus solvers (`_derivative`, `_extremum`,
`_integral`, `_limit`) all need these; they live here, below all of them, so that the engine can
import the solvers without the solvers importing the engine back.
"""

from __future__ import annotations

import sympy as sp

from zuoye.math._ast import Group, Node, Num, Rel, Sym, Tup, to_latex
from zuoye.math._errors import ParseError, understands
from zuoye.math._fmt import tex
from zuoye.math._parser import parse_items
from zuoye.math._problem import Problem, read_function_defs, segments
from zuoye.messages import say


def parsed_items(problem: Problem, texts: list[str]) -> list[tuple[Node, str]]:
    """Parse each maths segment (comma-separated items split) → (node, LaTeX of the original)."""
    out = []
    for text in texts:
        for node in parse_items(text, functions=frozenset(problem.functions)):
            for item in _flatten(node):
                # (1/(3/4)) from 3/4的倒数: the outer brackets are the rewrite's, not the student's.
                bare = item.arg if isinstance(item, Group) and item.bracket == "(" else item
                out.append((item, to_latex(bare)))
    problem.reading = _definitions(problem) + [latex for _, latex in out]
    return out


def _definitions(problem: Problem) -> list[str]:
    return [f"{name}({var}) = {to_latex(body)}" for name, (var, body) in problem.function_nodes.items()]


def _flatten(node: Node) -> list[Node]:
    """{2x+y=5, x-y=1}: a braced list of relations is the system itself, not a tuple value."""
    if isinstance(node, Tup) and any(isinstance(i, Rel) for i in node.items):
        return [i for item in node.items for i in _flatten(item)]
    if isinstance(node, Group) and node.bracket == "{" and isinstance(node.arg, Rel):
        return [node.arg]
    return [node]


def main_expression(problem: Problem, *, keep_defs: bool = True) -> tuple[sp.Expr, str, Node]:
    """The one expression a calculus/algebra task is about: y = …, f(x) = …, or a bare expression."""
    segs = segments(problem.text)
    rest = read_function_defs(problem, segs)
    items = parsed_items(problem, rest)
    exprs = [(n, t) for n, t in items if not isinstance(n, Rel)]
    rels = [(n, t) for n, t in items if isinstance(n, Rel)]
    for node, latex in rels:
        # 已知 a>0，化简 √(a²); y = x²-2x 在 x>2 时的最小值: an inequality beside the expression is a
        # condition on it — kept with the bracketed ones (shown, and used), never dropped
        if isinstance(node, Rel) and "=" not in node.ops and latex not in problem.conditions:
            problem.conditions.append(latex)
    for node, _ in rels:
        if (
            (
                isinstance(node, Rel)
                and len(node.ops) == 1
                and node.ops[0] == "="
                and isinstance(node.items[0], Sym)
            )
            and node.items[0].name in ("y", "s", "v", "z", "u")
            and not isinstance(node.items[1], Num)
        ):
            rhs = node.items[1]
            problem.reading = [*_definitions(problem), to_latex(node)]
            return problem.builder.expr(rhs), to_latex(node), rhs
    if exprs:
        best, latex = max(exprs, key=lambda nt: len(nt[1]))
        if not (isinstance(best, Num) and problem.functions):
            problem.reading = [*_definitions(problem), latex]
            return problem.builder.expr(best), latex, best
    if problem.functions:
        name, fn = next(iter(problem.functions.items()))
        var = fn.variables[0]
        problem.reading = _definitions(problem)
        return fn.expr, f"{name}({tex(var)}) = {tex(fn.expr)}", Sym(str(var))
    raise ParseError(say("math.no_expression", understands=understands()))
