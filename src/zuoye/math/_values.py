"""Values of expressions: f(3) from f(x)=… (inside out for f(g(2))), and 代数式求值 (当 x=2 时…),
shown by substituting into the student's own expression, in their order (2·5 + 3)."""

from __future__ import annotations

import sympy as sp

from zuoye.math._ast import FApply, Node, Rel, Sym, Val, replace_symbols, to_latex
from zuoye.math._errors import UnsupportedProblem, understands
from zuoye.math._fmt import ans, approx, tex
from zuoye.math._problem import Problem
from zuoye.math._types import Solution
from zuoye.messages import say


def has_fapply(node: Node) -> bool:
    if isinstance(node, FApply):
        return True
    for value in getattr(node, "__dataclass_fields__", {}):
        child = getattr(node, value)
        if isinstance(child, Node) and has_fapply(child):
            return True
        if isinstance(child, tuple):
            for c in child:
                if isinstance(c, Node) and has_fapply(c):
                    return True
                if isinstance(c, tuple) and any(isinstance(d, Node) and has_fapply(d) for d in c):
                    return True
    return False


def _value_node(p: Problem, value: sp.Expr) -> Val:
    return Val(value, tex(value))


def _innermost_call(node: Node) -> FApply | None:
    """An f(…) whose arguments contain no other f(…): the next one to work out."""
    found: list[FApply] = []

    def walk(n: Node) -> None:
        if isinstance(n, FApply) and not any(has_fapply(a) for a in n.args):
            found.append(n)
            return
        for name in getattr(n, "__dataclass_fields__", {}):
            value = getattr(n, name)
            for child in value if isinstance(value, tuple) else (value,):
                if isinstance(child, Node):
                    walk(child)
                elif isinstance(child, tuple):
                    for c in child:
                        if isinstance(c, Node):
                            walk(c)

    walk(node)
    return found[0] if found else None


def _replace_node(node: Node, target: Node, replacement: Node) -> Node:
    if node is target:
        return replacement
    if not hasattr(node, "__dataclass_fields__") or isinstance(node, Val):
        return node
    changes = {}
    for name in node.__dataclass_fields__:
        value = getattr(node, name)
        changes[name] = _replace_in(value, target, replacement)
    return type(node)(**changes)


def _replace_in(value: object, target: Node, replacement: Node) -> object:
    if isinstance(value, Node):
        return _replace_node(value, target, replacement)
    if isinstance(value, tuple):
        return tuple(_replace_in(v, target, replacement) for v in value)
    return value


def function_values(p: Problem, items: list[tuple[Node, str]]) -> Solution:
    steps = []
    for name, fn in p.functions.items():
        steps.append(
            say("math.step.value.given", function=f"{name}({tex(fn.variables[0])}) = {tex(fn.expr)}")
        )
    answers, latexes, approxes = [], [], []
    targets = [(n, t) for n, t in items if has_fapply(n) and not isinstance(n, Rel)]
    targets += [
        (n.items[0], to_latex(n.items[0])) for n, _ in items if isinstance(n, Rel) and has_fapply(n.items[0])
    ]
    if not targets:
        raise UnsupportedProblem(say("math.no_function_value", understands=understands()))
    for node, latex in targets:
        current = node
        for _ in range(12):  # f(g(2)): work from the inside out, one call per step
            call = _innermost_call(current)
            if call is None:
                break
            value = p.builder.expr(call)
            call_tex = to_latex(call)
            if call.name in p.function_nodes and call.primes == 0 and len(call.args) == 1:
                var, body = p.function_nodes[call.name]
                arg = p.builder.expr(call.args[0])
                shown = to_latex(replace_symbols(body, {var: _value_node(p, arg)}))
                worked = f"{call_tex} = {shown} = {tex(value)}"
                steps.append(say("math.step.diff.at_point", point=f"{var} = {tex(arg)}", value=worked))
            else:
                steps.append(f"${call_tex} = {tex(value)}$")
            current = _replace_node(current, call, _value_node(p, value))
        value = p.builder.expr(node)
        value = sp.simplify(value) if value.free_symbols else value
        if not isinstance(current, Val):
            steps.append(say("math.step.eq.so", what=f"${latex} = {to_latex(current)} = {tex(value)}$"))
        answers.append(ans(value))
        latexes.append(f"{latex} = {tex(value)}")
        near = approx(value)
        if near:
            approxes.append(near)
    return Solution(
        p.original, "function_value", steps, answers, ",\\quad ".join(latexes), form="value", approx=approxes
    )


def substitute(p: Problem, assignments: list[tuple[Node, str]], exprs: list[tuple[Node, str]]) -> Solution:
    subs: dict[sp.Symbol, sp.Expr] = {}
    mapping: dict[str, Node] = {}
    for node, _ in assignments:
        assert isinstance(node, Rel) and isinstance(node.items[0], Sym)
        value = p.builder.expr(node.items[1])
        subs[p.builder.symbol(node.items[0].name)] = value
        mapping[node.items[0].name] = _value_node(p, value)
    node, latex = exprs[0]
    expr = p.builder.expr(node)
    given = say("math.step.comma").join(f"${tex(k)} = {tex(v)}$" for k, v in subs.items())
    shown = to_latex(replace_symbols(node, mapping))
    value = sp.simplify(expr.subs(subs))
    steps = [say("math.step.value.when", given=given), f"${latex} = {shown}$", f"$= {tex(value)}$"]
    near = approx(value)
    return Solution(
        p.original, "substitution", steps, [ans(value)], tex(value), approx=[near] if near else []
    )
