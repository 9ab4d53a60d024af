"""A recursive-descent parser from tokens to the syntax tree in `_ast`.

Grammar, loosest binding first (implicit multiplication binds like `*`, left to right):

    items    := logic ((',' | ';') logic)*
    logic    := rel (('|' | '&' | 'or' | 'and') rel)*        only when reading answers (logic=True)
    rel      := sum (relop sum)*                               relop: = < > <= >= !=
    sum      := ['+'|'-'] product (('+'|'-') product)*
    product  := fraction (('*'|'×'|'/'|'÷') fraction | <implicit> power)*
    fraction := unary ['/' integer]     only for integer/integer: 3/4 is one fraction, so ÷ 2/3 is ÷ ⅔
    unary    := ('+'|'-')* power
    power    := postfix ['^' unary]                            right-associative: 2^3^2 = 2^9
    postfix  := primary ('!' | '°' | '%')*
    primary  := number | name | call | f(x) | f'(x) | (…) | […] | {…} | |…| | √x | \\frac{}{} | \\sqrt[]{}

Every recursive entry counts depth, so hostile nesting ends in a ParseError long before Python's
recursion limit, and the tree it returns is shallow enough for every recursive walk after it.
No name is ever looked up in Python: names become `Sym`, known function words become `Call`.
"""

from __future__ import annotations

from zuoye.math._ast import (
    Abs,
    Add,
    Frac,
    Group,
    Logic,
    Mul,
    Neg,
    Node,
    Num,
    Postfix,
    Pow,
    Rel,
    Root,
    Tup,
)
from zuoye.math._errors import ParseError
from zuoye.math._lexer import tokenize
from zuoye.math._normalize import normalize
from zuoye.math._parse_base import _CLOSE, _FRAC_CMDS, _REL_OPS, MAX_PARSE_DEPTH, ParserBase, _err
from zuoye.messages import say

__all__ = ["MAX_PARSE_DEPTH", "Parser", "parse", "parse_items"]


class Parser(ParserBase):
    """The expression grammar (see the module docstring)."""

    def parse_items(self) -> list[Node]:
        items = [self.logic_expr()]
        while self.at_op(",", ";"):
            self.take()
            if self.at("eof"):  # a trailing comma is punctuation, not an empty item
                break
            items.append(self.logic_expr())
        if not self.at("eof"):
            shown = self.tok.value
            raise _err("math.parse.unexpected", self.tok, found=shown)
        return items

    def logic_expr(self) -> Node:
        first = self.rel()
        if not self.logic:
            return first
        ops: list[str] = []
        items = [first]
        while self.at_op("|", "&") or (self.at("name") and self.tok.value in ("and", "or")):
            t = self.take()
            ops.append("or" if t.value in ("|", "or") else "and")
            items.append(self.rel())
        if not ops:
            return first
        # `and` binds tighter than `or`, as in Python and SymPy.
        groups: list[list[Node]] = [[items[0]]]
        for op, item in zip(ops, items[1:], strict=True):
            if op == "and":
                groups[-1].append(item)
            else:
                groups.append([item])
        ands = [g[0] if len(g) == 1 else Logic("and", tuple(g)) for g in groups]
        return ands[0] if len(ands) == 1 else Logic("or", tuple(ands))

    def rel(self) -> Node:
        first = self.sum()
        items = [first]
        ops: list[str] = []
        while self.at("op") and self.tok.value in _REL_OPS:
            ops.append(self.take().value)
            items.append(self.sum())
        return Rel(tuple(items), tuple(ops)) if ops else first

    def sum(self) -> Node:
        terms: list[tuple[int, Node]] = []
        sign = 1
        if self.at_op("+", "-"):
            sign = -1 if self.take().value == "-" else 1
        terms.append((sign, self.product()))
        while self.at_op("+", "-"):
            sign = -1 if self.take().value == "-" else 1
            terms.append((sign, self.product()))
        if len(terms) == 1 and terms[0][0] == 1:
            return terms[0][1]
        if len(terms) == 1:
            return Neg(terms[0][1])
        return Add(tuple(terms))

    def product(self) -> Node:
        factors: list[tuple[str, Node]] = [("*", self.fraction(self.unary()))]
        while True:
            if self.at_op("*", "×", "/", "÷"):
                op = self.take().value
                factors.append((op, self.fraction(self.unary())))
            elif self.starts_operand(factors[-1][1]):
                factors.append(("", self.power()))
            else:
                break
        return factors[0][1] if len(factors) == 1 else Mul(tuple(factors))

    def fraction(self, node: Node) -> Node:
        """3/4 typed between two whole numbers is a fraction, so "÷ 2/3" divides by two thirds."""
        t, after = self.tok, self.peek(2)
        if (
            isinstance(node, Num)
            and node.text.isdigit()
            and t.kind == "op"
            and t.value == "/"
            and self.peek().kind == "num"
            and self.peek().value.isdigit()
            and not (after.kind == "op" and after.value in ("^", "!", "°", "%"))
        ):
            self.take()
            return Frac(node, Num(self.take().value))
        return node

    def starts_operand(self, prev: Node) -> bool:
        t = self.tok
        if t.kind == "num":
            if isinstance(prev, Num | Postfix):
                raise _err("math.parse.missing_operator", t)
            return True
        if t.kind == "name":
            return t.value not in ("and", "or")
        if t.kind == "cmd":
            return t.value in _FRAC_CMDS or t.value in (r"\sqrt", r"\boxed")
        if t.kind == "op":
            if t.value in ("(", "[", "{", "√", "∛"):
                return True
            if t.value == "|":
                return self.abs_depth == 0 and not self.logic
        return False

    def unary(self) -> Node:
        self.enter()
        negate = False
        while self.at_op("+", "-"):
            if self.take().value == "-":
                negate = not negate
        node = self.power()
        self.leave()
        return Neg(node) if negate else node

    def power(self) -> Node:
        base = self.postfix()
        if self.at_op("^"):
            self.take()
            # x^{2x}: TeX braces only group, they are not brackets the student wants to see.
            return Pow(base, self.script() if self.at_op("{") else self.exponent())
        return base

    def exponent(self) -> Node:
        # x^2y means x²·y, so an exponent without brackets is one signed operand, not a product.
        return self.unary()

    def postfix(self) -> Node:
        node = self.primary()
        while self.at_op("!", "°", "%"):
            node = Postfix(self.take().value, node)
        return node

    def primary(self) -> Node:
        self.enter()
        try:
            return self._primary()
        finally:
            self.leave()

    def _primary(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.take()
            return Num(t.value)
        if t.kind == "name":
            return self.name()
        if t.kind == "cmd":
            return self.command()
        if t.kind == "op":
            if t.value in _CLOSE:
                return self.bracketed()
            if t.value == "|" and not self.logic:
                self.take()
                self.abs_depth += 1
                inner = self.sum()
                self.abs_depth -= 1
                self.expect_op("|")
                return Abs(inner)
            if t.value in ("√", "∛"):
                self.take()
                arg = self.postfix()
                return Root(arg) if t.value == "√" else Root(arg, Num("3"))
        raise _err("math.parse.missing_operand", t, found=t.value or say("math.parse.end"))

    def bracketed(self) -> Node:
        open_ = self.take().value
        close = _CLOSE[open_]
        saved_abs, self.abs_depth = self.abs_depth, 0
        items = [self.logic_expr()]
        while self.at_op(","):
            self.take()
            items.append(self.logic_expr())
        self.abs_depth = saved_abs
        if not self.at_op(close):
            # A half-open interval [0, 1) is still an interval; accept either closer after a comma.
            if len(items) == 2 and self.at_op(")", "]"):
                pass
            else:
                self.expect_op(close)
        closer = self.take().value
        if len(items) == 1 and closer == close:
            return Group(items[0], open_)
        return Tup(tuple(items), open_ + closer)


def parse_items(text: str, *, logic: bool = False, functions: frozenset[str] = frozenset()) -> list[Node]:
    """Parse comma/semicolon-separated items. Input is normalised here; never evaluated."""
    return Parser(tokenize(normalize(text)), logic=logic, functions=functions).parse_items()


def parse(text: str, *, logic: bool = False, functions: frozenset[str] = frozenset()) -> Node:
    """Parse exactly one expression or relation."""
    items = parse_items(text, logic=logic, functions=functions)
    if len(items) != 1:
        raise ParseError(say("math.parse.one_expression", count=len(items)))
    return items[0]
