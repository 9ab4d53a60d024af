"""Reading a question: normalise it, find the maths in the Chinese (or English) around it.

A question mixes prose and maths: 已知 f(x)=x^2-1，求 f(4). The maths is the runs of text
between CJK characters; task words (解方程, 求导, 的最小值…) decide what to do with it. Kind-
specific readers (limits, integrals, sequences) use regexes over the normalised text first,
because their Chinese carries maths (当 x→0 时, 从 0 到 1, 首项为 3).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from zuoye.math._ast import FApply, Node, Rel, Sym
from zuoye.math._build import Builder
from zuoye.math._cases import piecewise
from zuoye.math._errors import ParseError, UnsupportedProblem
from zuoye.math._figure import Source
from zuoye.math._normalize import check_size, normalize
from zuoye.math._parser import parse_items
from zuoye.math._phrases import Ambiguous, rewrite, strip_units
from zuoye.math._prose import METHODS, tasks_asked, unknown_english, unknown_words
from zuoye.math._units import for_reader
from zuoye.messages import say

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")
_SEGMENT_BREAK = re.compile(f"[{CJK}?]+|\\.(?=\\s|$)|\\n")
# English prose that may surround maths; removed as whole words before parsing.
_ENGLISH = re.compile(
    r"\b(?:please|solve|find|calculate|compute|evaluate|simplify|simplified|factor(?:ise|ize)?|"
    r"fully|expand|the|of|what|is|are|value|values|derivative|differentiate|integral|integrate|"
    r"indefinite|definite|limit|equations?|inequalit(?:y|ies)|system|for|with|respect|roots?|"
    r"solutions?|answer|result|mean|average|median|variance|mode|greatest|common|divisor|least|"
    r"multiple|determinant|maximum|minimum|function|then|given|that|if|let|where)\b",
    re.IGNORECASE,
)
_FUNC_DEF = re.compile(r"(?<![A-Za-z\\])([a-zA-Z])\s*\(\s*([a-z])\s*\)\s*=(?!=)")
_QUESTION_TAIL = re.compile(r"(?:=\s*)?(?:\?|多少|几|什么)\s*$")


@dataclass
class Problem:
    """A question after normalisation, with helpers the solvers share."""

    original: str
    text: str  # normalised, with number phrases and operator words rewritten as maths
    prose: str = ""  # normalised only: what the word-problem reader matches against
    functions: dict[str, sp.Lambda] = field(default_factory=dict)
    conditions: list[str] = field(default_factory=list)  # "(x>0)", "(0 <= x <= 3)": the domain
    function_nodes: dict[str, tuple[str, Node]] = field(default_factory=dict)  # name -> (variable, body)
    remarks: list[str] = field(default_factory=list)  # （x为实数）: bracketed prose, accounted for too
    unclear: list[str] = field(default_factory=list)  # parts read two ways, quoted for the refusal
    notes: list[str] = field(default_factory=list)  # what was read from words: 取 π≈3.14, 单位：厘米
    given_unit: str = ""  # the one unit the question's numbers are written in (5厘米+3厘米), if any
    reading: list[str] = field(default_factory=list)  # LaTeX of the maths the reader acted on
    graph: Source | None = None  # the SymPy maths to draw, left by a reader that acted on some
    builder: Builder = field(default_factory=Builder)

    def has(self, *words: str) -> bool:
        low = self.text.lower()
        return any(w.lower() in low for w in words)

    def first(self, *words: str) -> int:
        """Position of the first of `words` in the text, or -1."""
        low = self.text.lower()
        hits = [low.find(w.lower()) for w in words if w.lower() in low]
        return min(hits) if hits else -1

    @property
    def has_cjk(self) -> bool:
        return bool(_CJK_RE.search(self.text))


_NUMBER = r"(\d+(?:\.\d+)?)"
_CN_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_CN_NUMBER = "[零一二两三四五六七八九十]{1,2}|\\d+"


def _cn_int(text: str) -> str:
    """三 → 3, 十二 → 12, 二十 → 20 (enough for fractions like 十二分之五); digits pass through."""
    if text.isdigit():
        return text
    if text == "十":
        return "10"
    if len(text) == 2 and text[0] == "十":
        return str(10 + _CN_DIGITS[text[1]])
    if len(text) == 2 and text[1] == "十":
        return str(10 * _CN_DIGITS[text[0]])
    return str(_CN_DIGITS[text[0]]) if len(text) == 1 else text


def _fraction_words(m: re.Match[str]) -> str:
    return f"({_cn_int(m.group(2))}/{_cn_int(m.group(1))})"


# Number phrases the operand-aware rewriter (`_phrases`) does not cover.
_PHRASES = [
    (re.compile(r"阶乘\s*" + _NUMBER), r"\1!"),
    # 2又1/3 (a mixed number) is 2 + 1/3.
    (re.compile(r"(\d+)\s*又\s*(\d+)\s*/\s*(\d+)"), r"(\1+\2/\3)"),
]
# 二分之一乘以4, x加3等于5: operator words between two pieces of maths.
_OPERATOR_WORDS = re.compile(
    r"(?<=[0-9a-zA-Z)\]}|!°%])\s*(乘以|乘|除以|加上|加|减去|减|等于)\s*(?=[-0-9a-zA-Z(√∛|\\])"
)
_OPERATOR_SIGNS = {
    "乘以": "×",
    "乘": "×",
    "除以": "÷",
    "加上": "+",
    "加": "+",
    "减去": "-",
    "减": "-",
    "等于": "=",
}
_FRACTION_WORDS = re.compile(f"({_CN_NUMBER})\\s*分之\\s*({_CN_NUMBER})")


# 则 f'(1) = ____ / 1/2 + 1/4 = ( ): the blank to fill in is not part of the maths.
_BLANK = re.compile(r"_{2,}|\(\s*\)")
# (x为实数), （精确到0.1）: remarks in brackets that contain Chinese are prose, not maths.
_REMARK = re.compile(f"\\([^()]*[{CJK}][^()]*\\)")
# 1) / (2) / 3. / ① at the start: an exercise number, not part of the problem.
# f(x) = x + 1/x (x>0): a bracketed relation after the maths restricts the unknown's domain.
_REL_CHARS = r"(?:[^()=<>!]|<=?|>=?|!=)"
_CONDITION = re.compile(rf"\(\s*({_REL_CHARS}*?(?:<=|>=|<|>|!=){_REL_CHARS}*?)\s*\)")
# π取3.14 / （π 取 3.14）/ 圆周率取3.14: the value to use for π, wherever it is written.
_PI_VALUE = re.compile(r"\(?\s*(?:pi|圆周率)\s*(?:取|按|约等于|≈|=)\s*(\d+(?:\.\d+)?)\s*(?:计算)?\s*\)?")
# x∈[0, 2π), x \\in (0, \\pi]: an interval the unknown must lie in, said with ∈.
_MEMBER = re.compile(
    r"([a-zA-Z])\s*(?:∈|\\in(?![a-zA-Z]))\s*([\[(])\s*([^,\[\]()]+?)\s*,\s*([^,\[\]()]+?)\s*([\])])"
)
# "3x=12，x等于几", "x=?", "求x": which unknown is asked — said once the equation is written. Kept
# out of the maths, where "12 x" would read as a product.
_ASKED_UNKNOWN = re.compile(
    r"(?:(?<=[\s,.;:?])|(?<=[\u4e00-\u9fff])|^)(?:求\s*)?([a-zA-Z])\s*(?:等于|=|是|为)\s*(?:几|多少|\?)\s*[?.]?\s*$"
)
# 2x3 typed for 2×3, and x2 typed for x²: read as 6x and 2x they would answer another question.
_DIGIT_X_DIGIT = re.compile(r"(?<![A-Za-z\\_^.])\d+(?:\.\d+)?\s*[xX]\s*\d")
_LETTER_DIGIT = re.compile(r"(?<![A-Za-z\\_^{])([a-zA-Z])(\d+)(?![\d.]*\s*[(])")
# x∈R, x∈ℝ: every real number, which is the solver's default.
_ALL_REALS = re.compile(
    r"[,，]?\s*[a-zA-Z]\s*(?:∈|\\in(?![a-zA-Z]))\s*(?:R|ℝ|\\mathbb\s*\{?R\}?)(?![a-zA-Z])"
)
# A function written without brackets before a number or π and a division: sin π/6, cos 2π/3.
_FUNCTION_OVER = re.compile(
    r"(?<![A-Za-z\\])(?:sin|cos|tan|cot|sec|csc)\s+(?:\d+(?:\.\d+)?\s*)?(?:pi|π)?\s*/\s*\d+(?:\.\d+)?"
)
_ENUMERATOR = re.compile(r"^\s*(?:\(\d{1,2}\)|\d{1,2}\)|\d{1,2}[.、](?=\s|[^\d])|[①-⑳])\s*")


def prepare(question: str) -> Problem:
    check_size(question)
    text = normalize(re.sub(r"^\s*[①-⑳]", "", question))  # NFKC would turn ① into a plain 1
    text = _BLANK.sub(" ", text)
    prose = text
    notes: list[str] = []
    pi_value: sp.Rational | None = None
    taken = _PI_VALUE.search(text)
    if taken:
        pi_value = sp.Rational(taken.group(1))
        notes.append(say("math.step.note.pi", value=taken.group(1)))
        text = text[: taken.start()] + " " + text[taken.end() :]
        text = _BLANK.sub(" ", text)
    # An exercise number first: "1) x的平方" must not read as 1·x.
    text = _ENUMERATOR.sub("", text)
    # 用因式分解法解方程: the method asked for does not change the answer, and is not the task 因式分解.
    text = METHODS.sub(" ", text)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    text = _FRACTION_WORDS.sub(_fraction_words, text)  # 三分之一 → (1/3)
    unclear: list[str] = []
    text, units = strip_units(text)
    if len(units) > 1:
        unclear.append(say("math.units_differ", units=say("math.enumeration").join(units)))
    elif units:
        notes.append(say("math.step.note.unit", unit=for_reader(units[0])))
    times = [mt.span() for mt in _DIGIT_X_DIGIT.finditer(text)]
    unclear += [say("math.ambiguous", part=text[a:b].strip(), hint=say("math.hint.times")) for a, b in times]
    if "数列" not in text:  # a1, S10 are how sequences are typed; elsewhere x2 may mean x²
        for mt in _LETTER_DIGIT.finditer(text):
            if any(a <= mt.start() < b for a, b in times):
                continue
            hint = say("math.hint.letter_digit", letter=mt.group(1), digit=mt.group(2))
            unclear.append(say("math.ambiguous", part=mt.group(0), hint=hint))
    for mt in _FUNCTION_OVER.finditer(text):
        # sin π/6: (sin π)/6 by the rules, sin(π/6) by the intent of nearly everyone who types it
        unclear.append(say("math.ambiguous", part=mt.group(0), hint=say("math.hint.function_argument")))
    try:
        text = rewrite(text)
    except Ambiguous as exc:
        unclear.append(exc.message)
    remarks: list[str] = []

    def remark(mt: re.Match[str]) -> str:
        remarks.append(mt.group(0))
        return " "

    # After the rewrite: (x的平方-1) is maths once 的平方 is read, not a remark.
    text = _REMARK.sub(remark, text)
    conditions: list[str] = []

    def take(mt: re.Match[str]) -> str:
        if "->" in mt.group(1):  # lim(x->1) and ∫(0->1) are not conditions
            return mt.group(0)
        if mt.string[: mt.start()].endswith("piecewise"):  # a function's cases, not a domain
            return mt.group(0)
        conditions.append(mt.group(1))
        return " "

    text = piecewise(text)
    text = _CONDITION.sub(take, text)

    def member(mt: re.Match[str]) -> str:
        var, open_, lo, hi, close = mt.groups()
        conditions.append(f"{lo} {'<=' if open_ == '[' else '<'} {var} {'<=' if close == ']' else '<'} {hi}")
        return " "

    text = _MEMBER.sub(member, text)
    text = _ASKED_UNKNOWN.sub(" ", text)
    text = _ALL_REALS.sub(" ", text)
    text = _OPERATOR_WORDS.sub(lambda mt: _OPERATOR_SIGNS[mt.group(1)], text)
    problem = Problem(
        original=question,
        text=text,
        prose=prose,
        conditions=conditions,
        remarks=remarks,
        unclear=unclear,
        notes=notes,
        given_unit=units[0] if len(units) == 1 else "",
    )
    if pi_value is not None:
        problem.builder.pi_value = pi_value
    return problem


def account_for_words(problem: Problem) -> None:
    """Refuse, naming the part, when the question has words the solver did not turn into maths."""
    parts = list(problem.unclear)
    tasks = tasks_asked(problem.text)
    if len(tasks) > 1:
        parts.append(say("math.several_tasks", tasks=say("math.enumeration").join(tasks)))
    if not parts:  # an unclear phrase is still in the text: quote it once, with its reason
        parts += [f"“{w}”" for w in unknown_words(problem.text)]
        parts += [f"“{w}”" for w in unknown_english(problem.text)]
    for remark in problem.remarks:
        parts += [f"“{w}”" for w in unknown_words(remark)]
    if parts:
        raise UnsupportedProblem(
            say("math.not_understood_part", parts=say("math.parts_separator").join(parts[:3]))
        )


def domain(problem: Problem, x: sp.Symbol) -> sp.Set:
    """The real numbers allowed for x by the bracketed conditions (all reals if there are none)."""
    result: sp.Set = sp.S.Reals
    for text in problem.conditions:
        for node in parse_items(text):
            rel = problem.builder.build(node)
            if rel.free_symbols == {x}:
                result = sp.Intersection(result, rel.as_set())
    return result


def segments(text: str) -> list[str]:
    """The maths runs between prose: 已知 f(x)=x^2-1，求 f(4) → ["f(x)=x^2-1", "f(4)"]."""
    out = []
    for part in _SEGMENT_BREAK.split(text):
        part = _ENGLISH.sub(" ", part)
        part = _stops(part)
        part = _stops(_QUESTION_TAIL.sub("", part), " ,;:=")
        if part and re.search(r"[0-9A-Za-z\\√∛π∞|]", part):
            out.append(part)
    return out


def _stops(part: str, chars: str = " ,;:") -> str:
    """`part` without the punctuation around it (`chars` and full stops) — but a point before a
    digit starts a number: .5 + .5 is 1, not 5 + 0.5."""
    while True:
        before = part
        part = part.strip(chars).rstrip(".")
        if part.startswith(".") and not part[1:2].isdigit():
            part = part[1:]
        if part == before:
            return part


def strip_cjk(text: str) -> str:
    return _CJK_RE.sub(" ", text)


def parse_segment(problem: Problem, text: str) -> list[Node]:
    return parse_items(text, functions=frozenset(problem.functions))


def read_function_defs(problem: Problem, segs: list[str]) -> list[str]:
    """Register f(x)=… definitions on the problem; return the segments that are not definitions."""
    rest: list[str] = []
    pending: list[tuple[str, str, str]] = []
    for seg in segs:
        pieces = _split_top_commas(seg)
        for piece in pieces:
            mt = _FUNC_DEF.match(piece.strip())
            if mt and mt.group(1) not in ("e",):
                pending.append((mt.group(1), mt.group(2), piece.strip()[mt.end() :]))
            else:
                rest.append(piece)
    names = frozenset(name for name, _, _ in pending)
    for name, var, body in pending:
        nodes = parse_items(body, functions=names | frozenset(problem.functions))
        if len(nodes) != 1 or isinstance(nodes[0], Rel):
            raise ParseError(say("math.function_definition_unreadable", name=name, var=var))
        x = problem.builder.symbol(var)
        problem.function_nodes[name] = (var, nodes[0])
        problem.builder.functions = dict(problem.functions)
        problem.functions[name] = sp.Lambda(x, problem.builder.expr(nodes[0]))
        problem.builder.functions = dict(problem.functions)
    return [r for r in rest if r.strip()]


def _split_top_commas(text: str) -> list[str]:
    parts = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in ",;" and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p for p in (q.strip() for q in parts) if p]


def split_top(text: str) -> list[str]:
    return _split_top_commas(text)


def free_symbols(expr: sp.Basic) -> list[sp.Symbol]:
    """Free symbols, x/y/z first then alphabetical: the order students expect unknowns in."""
    syms = [s for s in expr.free_symbols if isinstance(s, sp.Symbol)]
    preferred = {"x": 0, "y": 1, "z": 2, "t": 3}
    return sorted(syms, key=lambda s: (preferred.get(s.name, 9), s.name))


def choose_variable(problem: Problem, expr: sp.Basic) -> sp.Symbol:
    """The unknown: 关于 t 的 → t; else x if present; else the only free symbol."""
    mt = re.search(r"关于\s*([a-zA-Z])\s*的", problem.text) or re.search(
        r"对\s*([a-zA-Z])\s*求导", problem.text
    )
    if mt:
        return problem.builder.symbol(mt.group(1))
    syms = free_symbols(expr)
    if not syms:
        return problem.builder.symbol("x")
    return syms[0]


def is_fapply(node: Node) -> bool:
    return isinstance(node, FApply)


def is_symbol_node(node: Node, name: str | None = None) -> bool:
    return isinstance(node, Sym) and (name is None or node.name == name)
