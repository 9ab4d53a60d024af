"""The parser's token cursor and the parts of the grammar that read names: function calls
(sin x, log_3 27, sin^2 x), user functions f(2) and f'(x), subscripts, C_5^2 / A_5^2, and LaTeX
commands (\\frac, \\sqrt, \\boxed). `Parser` in `_parser` adds the expression grammar."""

from __future__ import annotations

from zuoye.math._ast import Call, Const, FApply, Frac, Group, Mul, Neg, Node, Num, Postfix, Pow, Root, Sym
from zuoye.math._errors import ParseError
from zuoye.math._lexer import CONSTANT_WORDS, FUNCTION_WORDS, GREEK_WORDS, Token
from zuoye.messages import say

MAX_PARSE_DEPTH = 100  # two levels per bracket (unary + primary); the bracket guard (40) bites first
_REL_OPS = frozenset({"=", "<", ">", "<=", ">=", "!="})
_CLOSE = {"(": ")", "[": "]", "{": "}"}
_TRIG = frozenset({"sin", "cos", "tan", "tg", "cot", "ctg", "sec", "csc"})
_INVERSE = {"sin": "arcsin", "cos": "arccos", "tan": "arctan", "tg": "arctan", "cot": "arccot"}
_FRAC_CMDS = frozenset({r"\frac", r"\dfrac", r"\tfrac", r"\cfrac"})


def _err(key: str, tok: Token, **params: object) -> ParseError:
    """The parse error `key` (a message with a {where} placeholder) at `tok`."""
    where = say("math.parse.at", pos=tok.pos) if tok.kind != "eof" else say("math.parse.at_end")
    return ParseError(say(key, where=where, **params))


class ParserBase:
    """Token cursor, depth accounting, and name/call/command parsing."""

    def __init__(self, tokens: list[Token], *, logic: bool = False, functions: frozenset[str] = frozenset()):
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.abs_depth = 0
        self.logic = logic
        self.functions = functions

    # -- token helpers -------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.toks[min(self.i + k, len(self.toks) - 1)]

    def at(self, kind: str, value: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (value is None or t.value == value)

    def at_op(self, *values: str) -> bool:
        return self.tok.kind == "op" and self.tok.value in values

    def take(self) -> Token:
        t = self.tok
        self.i += 1
        return t

    def expect_op(self, value: str) -> Token:
        if not self.at_op(value):
            shown = self.tok.value or say("math.parse.end")
            raise _err("math.parse.expected", self.tok, expected=value, found=shown)
        return self.take()

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_PARSE_DEPTH:
            raise ParseError(say("math.parse.too_deep", limit=MAX_PARSE_DEPTH))

    def leave(self) -> None:
        self.depth -= 1

    # -- grammar -------------------------------------------------------------------------------
    # -- the expression grammar, provided by Parser ----------------------------------------------
    def logic_expr(self) -> Node:
        raise NotImplementedError

    def rel(self) -> Node:
        raise NotImplementedError

    def sum(self) -> Node:
        raise NotImplementedError

    def unary(self) -> Node:
        raise NotImplementedError

    def power(self) -> Node:
        raise NotImplementedError

    def postfix(self) -> Node:
        raise NotImplementedError

    def primary(self) -> Node:
        raise NotImplementedError

    # -- names, calls, LaTeX commands --------------------------------------------------------------
    def name(self) -> Node:
        t = self.take()
        word = t.value
        if word in FUNCTION_WORDS:
            return self.call(word)
        if word in CONSTANT_WORDS:
            return Const(
                "oo" if word in ("oo", "inf", "infty", "infinity") else ("E" if word == "E" else "pi")
            )
        if word == "e":
            return Const("E")
        if word in GREEK_WORDS:
            return self.subscripted(word)
        if word in ("C", "A", "P") and self.at_op("_", "^"):
            combinatorial = self.combinatorial(word)
            if combinatorial is not None:
                return combinatorial
        if len(word) == 1 and (
            word in self.functions or (self.at_op("'") and self.peek_after_primes_is_paren())
        ):
            return self.fapply(word)
        if word in ("C", "A", "P") and self.at_op("(") and self._two_args_ahead():
            self.take()
            a = self.sum()
            self.expect_op(",")
            b = self.sum()
            self.expect_op(")")
            return Call("binomial" if word == "C" else "perm", (a, b))
        return self.subscripted(word)

    def peek_after_primes_is_paren(self) -> bool:
        k = 0
        while self.peek(k).kind == "op" and self.peek(k).value == "'":
            k += 1
        return self.peek(k).kind == "op" and self.peek(k).value == "("

    def _two_args_ahead(self) -> bool:
        # C(5,2): exactly two comma-separated items at the top level of the brackets.
        depth = 0
        commas = 0
        k = 0
        while True:
            t = self.peek(k)
            if t.kind == "eof":
                return False
            if t.kind == "op" and t.value in "([{":
                depth += 1
            elif t.kind == "op" and t.value in ")]}":
                depth -= 1
                if depth == 0:
                    return commas == 1
            elif t.kind == "op" and t.value == "," and depth == 1:
                commas += 1
            k += 1

    def subscripted(self, word: str) -> Node:
        if not self.at_op("_"):
            return Sym(word)
        self.take()
        sub = self.take()
        if sub.kind in ("num", "name"):
            return Sym(f"{word}_{sub.value}")
        if sub.kind == "op" and sub.value == "{":
            inner = self.take()
            self.expect_op("}")
            if inner.kind in ("num", "name"):
                return Sym(f"{word}_{inner.value}")
        raise _err("math.parse.bad_subscript", sub)

    def combinatorial(self, word: str) -> Node | None:
        # C_5^2 / C^2_5 / A_{5}^{2}: Chinese textbook notation for combinations and permutations.
        start = self.i
        parts: dict[str, Node] = {}
        for _ in range(2):
            if self.at_op("_", "^") and self.tok.value not in parts:
                which = self.take().value
                parts[which] = self.script()
        if len(parts) != 2:
            self.i = start
            return None
        fname = "binomial" if word == "C" else "perm"
        return Call(fname, (parts["_"], parts["^"]))

    def script(self) -> Node:
        """A sub/superscript: one token, or a braced group."""
        if self.at_op("{"):
            self.take()
            node = self.sum()
            self.expect_op("}")
            return node
        t = self.take()
        if t.kind == "num":
            return Num(t.value)
        if t.kind == "name" and len(t.value) == 1:
            return Sym(t.value)
        raise _err("math.parse.bad_scripts", t)

    def fapply(self, name: str) -> Node:
        primes = 0
        while self.at_op("'"):
            self.take()
            primes += 1
        self.expect_op("(")
        args = [self.sum()]
        while self.at_op(","):
            self.take()
            args.append(self.sum())
        self.expect_op(")")
        return FApply(name, primes, tuple(args))

    def call(self, name: str) -> Node:
        base: Node | None = None
        if name == "log" and self.at_op("_"):
            self.take()
            base = self.script()
        elif name == "log" and self.at("num") and not self.tok.space_before:
            nxt = self.peek()
            if (nxt.kind == "op" and nxt.value == "(") or nxt.kind in ("num", "name"):
                base = Num(self.take().value)  # log2(8), log3 27: the base written inline
        power: Node | None = None
        if self.at_op("^") and name in _TRIG | {"ln", "log", "lg"}:
            self.take()
            power = self.script()
            if name in _INVERSE and power == Neg(Num("1")):
                name, power = _INVERSE[name], None
        if self.at_op("(") or (self.at_op("[", "{") and name not in _TRIG):
            open_ = self.take().value
            args = [self.logic_expr() if name in ("And", "Or") else self.rel_or_sum(name)]
            while self.at_op(","):
                self.take()
                args.append(self.rel_or_sum(name))
            self.expect_op(_CLOSE[open_])
            parens = True
        else:
            args = [self.implicit_arg()]
            parens = False
        if base is not None:
            args.append(base)
        node: Node = Call(name, tuple(args), parens)
        if power is not None:
            node = Pow(node, power)
        return node

    def rel_or_sum(self, name: str) -> Node:
        # piecewise(value, condition, …): the conditions are relations, so its arguments may be too.
        return self.rel() if name in ("Eq", "Ne", "Lt", "Le", "Gt", "Ge", "piecewise") else self.sum()

    def implicit_arg(self) -> Node:
        # sin 2x, cos x², log_3 27, sin 30°: the argument runs over implicitly multiplied operands
        # and stops at an operator or the next function (sin x cos x = sin(x)·cos(x)).
        self.enter()
        try:
            factors: list[tuple[str, Node]] = [("*", self.unary())]
            while True:
                t = self.tok
                if (t.kind == "num" and not isinstance(factors[-1][1], Num | Postfix)) or (
                    t.kind == "name" and t.value not in FUNCTION_WORDS and t.value not in ("and", "or")
                ):
                    factors.append(("", self.power()))
                else:
                    break
            return factors[0][1] if len(factors) == 1 else Mul(tuple(factors))
        finally:
            self.leave()

    def command(self) -> Node:
        t = self.take()
        cmd = t.value
        if cmd in _FRAC_CMDS:
            num = self.latex_arg()
            den = self.latex_arg()
            return Frac(num, den)
        if cmd == r"\sqrt":
            index: Node | None = None
            if self.at_op("["):
                self.take()
                index = self.sum()
                self.expect_op("]")
            return Root(self.latex_arg(), index)
        if cmd == r"\boxed":
            return Group(self.latex_arg(), "(")
        raise _err("math.parse.unsupported_latex", t, command=cmd)

    def latex_arg(self) -> Node:
        if self.at_op("{"):
            self.take()
            saved_abs, self.abs_depth = self.abs_depth, 0
            node = self.logic_expr()
            self.abs_depth = saved_abs
            self.expect_op("}")
            return node
        t = self.tok
        if t.kind == "num" and len(t.value) > 1 and t.value.isdigit():
            # \frac12 is \frac{1}{2}: TeX takes one character per argument without braces.
            self.toks[self.i] = Token("num", t.value[1:], t.pos + 1, False)
            return Num(t.value[0])
        return self.primary()
