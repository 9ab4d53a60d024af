"""Reading an answer passage (see `_answer_text`) into what it claims.

A passage mixes words and maths: "方程的两个根分别是 2 和 3", "x₁ = x₂ = 1/2", "x = ±√5",
"解集为 (-∞, 1) ∪ (3, +∞)", "面积是 40 cm²", "当 x=-1 时，最小值为 4". It is cut into clauses at
words and at top-level commas; each clause is one of
- a chain `a = b = … = v`: the leading bare names (x, x₁, x_{1,2}, S) are what is assigned,
  the last part is the claimed value, the parts between are working;
- a relation (<, ≤, …), an interval or a union of intervals, a set {4, 5}, or set-builder {x | …};
- a bare value.
Clauses that are conditions (当 … 时, 在 … 处) or rejected roots (舍去, 增根) are not claims.
Anything the parser cannot read makes the clause unreadable; the caller decides whether what is
left is enough (it never turns an unreadable answer into a disagreement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from zuoye.math._build import Builder
from zuoye.math._check import parse_answer
from zuoye.math._errors import MathError

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# What reading a clause may raise: the parser's errors, SymPy's, and a parser bug (an IndexError on
# odd input) — all mean "this clause could not be read", never a crash of the check.
_UNREADABLE = (
    MathError,
    ArithmeticError,
    LookupError,
    TypeError,
    ValueError,
    AttributeError,
    NotImplementedError,
    RecursionError,
)
NO_SOLUTION = re.compile(
    r"无解|无实数[解根]|无实根|没有实数[解根]|没有实根|没有解|不存在实数|不存在|空集|∅|no (?:real )?(?:solutions?|roots?)|"
    r"没有(?:任何)?实数\s*[a-zA-Z]?\s*(?:能|可以)?(?:满足|使)",
    re.I,
)
ALL_REALS = re.compile(r"全体实数|任意实数|一切实数|所有实数|ℝ|(?<![A-Za-z])R(?![A-Za-z(])|all real", re.I)
_CONDITION = re.compile(rf"当[^。；;]*?时|在[^，,。；;]*?处|(?<=[0-9a-zA-Z)\s])时(?=[，,\s{_CJK}])")
# 不是增根 says the root stands: no rejection
REJECTED = re.compile(
    r"舍去|(?<!不)舍|(?<!不是)(?<!不是原方程的)(?<!不是方程的)增根|不合题意|不符合题意|不合要求"
)
_JOINERS = re.compile(r"\s*(或者|或|和|及|与|且|并且|以及|\bor\b|\band\b)\s*", re.I)
_UNITS = re.compile(
    r"(?<=[0-9)\s])\s*(?:cm|mm|dm|km|m|kg|g|mg|ml|mL|L|min|h|s|°C|℃)\s*(?:\^\s*\{?\s*[23]\s*\}?|[²³])?"
    r"(?![A-Za-z0-9(])"
)
_NAME = re.compile(r"\s*([a-zA-Z])\s*(?:_\s*\{?\s*[0-9][0-9, ]*\}?|[₀-₉]+)?\s*'?\s*")
_NAMES_TUPLE = re.compile(r"\(\s*([a-zA-Z]\s*(?:,\s*[a-zA-Z]\s*)+)\)")
_REL_CHARS = re.compile(r"<|>|≤|≥|≠|(?<![0-9)\s])!=")  # 6!=720 is a factorial
# A remark in brackets: （二重根）, （C 为常数）, （舍去）. Not a value; 舍去 rejects what it follows.
_REMARK = re.compile(rf"[（(]([^()（）]*(?:[{_CJK}]|∈)[^()（）]*)[)）]")  # also (C ∈ ℝ)
_SET_BUILDER = re.compile(r"\{\s*[a-zA-Z]\s*(?:\||:|∈\s*ℝ\s*\|)\s*([^{}]*)\}")
_INTERVAL = re.compile(r"([(\[])\s*([^,()\[\]]*?)\s*,\s*([^,()\[\]]*?)\s*([)\]])")


@dataclass
class Clause:
    text: str
    joiner: str  # what joins it to the clause before: 或, 和, 且, ",", "" (words or the start)
    rejected: bool = False


@dataclass
class Reading:
    """What a passage claims. `assigned[x]` are the values given to x (x₁, x₂ fold into x)."""

    passage: str
    assigned: dict[str, list[sp.Expr]] = field(default_factory=dict)
    written: list[tuple[str, sp.Expr]] = field(default_factory=list)  # the assignments in the order written
    claims: list[sp.Expr] = field(default_factory=list)  # each chain's last value and bare values, in order
    bare: list[sp.Expr] = field(default_factory=list)  # values not assigned to a name
    # bare values that continue a list of assigned ones: "x = 2 或 3" (but not "有 2 个根，x = 3")
    continuing: list[sp.Expr] = field(default_factory=list)
    naming: bool = False  # the clause just read assigned a value to a name, or continued such a list
    tuples: list[list[sp.Expr]] = field(default_factory=list)  # (2, 3) and {4, 5}
    relations: list[tuple[str, sp.Basic]] = field(default_factory=list)  # (joiner, relation)
    sets: list[tuple[str, sp.Set]] = field(default_factory=list)  # (joiner, interval union)
    equations: list[sp.Eq] = field(default_factory=list)  # chains whose left side is not a bare name
    unreadable: list[str] = field(default_factory=list)
    no_solution: bool = False
    all_reals: bool = False
    constant: bool = False  # a trailing + C is an antiderivative's constant, not part of the value


def clauses(passage: str, *, units: bool) -> list[Clause]:
    text = _REMARK.sub(lambda m: " ，舍， " if _rejects(m.group(1)) else " ， ", passage)
    text = _CONDITION.sub(" ； ", text)
    if units:
        text = _UNITS.sub(" ", text)
        text = re.sub(rf"[(（]\s*[{_CJK}]+\s*[)）]", " ", text)  # 40（平方厘米）
    out: list[Clause] = []
    # Words split clauses; the joining words say how (或 / 和 / 且).
    pieces = re.split(rf"([{_CJK}，。；：、！？（）∴∵⇒—…]+)", text)
    joiner = ""
    for i, piece in enumerate(pieces):
        if i % 2 == 1:
            word = piece
            if REJECTED.search(word) and out:
                out[-1].rejected = True
            joined = _JOINERS.fullmatch(word.strip(" ，、")) if word.strip(" ，、") else None
            if joined:
                joiner = _joiner(joined.group(1))
            elif word.strip() in ("，", "、", ",", "；") or set(word.strip()) <= set("，、；"):
                joiner = ","
            else:
                joiner = ""
            continue
        for part, sep in _top_level_split(piece):
            if not part.strip(" \n\t.:;"):
                continue
            sub = _JOINERS.split(part)
            for k in range(0, len(sub), 2):
                bit = sub[k].strip(" \n\t.:;")
                if k > 0:
                    joiner = _joiner(sub[k - 1])
                if bit:
                    out.append(Clause(bit, joiner if (k > 0 or sep == "") else ","))
                    joiner = ""
    return out


def _rejects(remark: str) -> bool:
    """（舍去）, （是增根，舍去） reject the value they follow; （舍去负根） says another root was
    rejected, and this one kept."""
    rest = REJECTED.sub("", remark)
    return rest != remark and not re.sub(r"[\s，,、。；;应需要已此该这个根是为故]", "", rest)


def _joiner(word: str) -> str:
    word = word.strip().lower()
    if word in ("或", "或者", "or"):
        return "或"
    if word in ("且", "并且", "and"):
        return "且"
    return "和"


def _top_level_split(text: str) -> list[tuple[str, str]]:
    """Split at commas and semicolons outside brackets; the separator before each part."""
    parts: list[tuple[str, str]] = []
    depth, start, sep = 0, 0, ""
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch in ",;，；" and depth == 0:
            parts.append((text[start:i], sep))
            start, sep = i + 1, ","
    parts.append((text[start:], sep))
    return parts


def read(
    passage: str, builder: Builder, *, units: bool = True, intervals: bool = False, constant: bool = False
) -> Reading:
    """`units`: strip units after numbers (the answer is a number); `intervals`: a lone (a, b) is an
    open interval (the answer is a solution set), not a pair; `constant`: the answer is an
    antiderivative, so a trailing + C is its constant (anywhere else, 3x² + C is not 3x²)."""
    reading = Reading(passage, constant=constant)
    reading.no_solution = bool(NO_SOLUTION.search(passage))
    reading.all_reals = bool(ALL_REALS.search(passage))
    # {x | x < -1 或 x > 1} is the relation inside; its words must split it like any other text
    text = _SET_BUILDER.sub(lambda m: f" ， {m.group(1)} ， ", passage)
    for clause in clauses(text, units=units):
        continues, reading.naming = reading.naming, False
        if clause.rejected:
            _retract(clause, builder, reading, intervals)
            continue
        before = sum(len(v) for v in reading.assigned.values())
        try:
            _read_clause(clause, builder, reading, intervals, continues)
        except _UNREADABLE:
            reading.unreadable.append(clause.text)
        if sum(len(v) for v in reading.assigned.values()) > before:
            reading.naming = True
    return reading


def _retract(clause: Clause, builder: Builder, reading: Reading, intervals: bool) -> None:
    """A rejected root (x = 3 不合题意，舍去) is taken back wherever the passage gave it before:
    "解为 x=2 和 x=3，其中 x=3 舍去" answers x = 2 alone."""
    scratch = Reading(clause.text, constant=reading.constant)
    try:
        _read_clause(clause, builder, scratch, intervals, False)
    except _UNREADABLE:
        return
    for name, values in scratch.assigned.items():
        kept = [v for v in reading.assigned.get(name, []) if not any(v == r for r in values)]
        reading.assigned[name] = kept
        reading.written = [(n, v) for n, v in reading.written if n != name or not any(v == r for r in values)]
    dropped = scratch.claims
    reading.claims = [v for v in reading.claims if not any(v == r for r in dropped)]
    reading.bare = [v for v in reading.bare if not any(v == r for r in dropped)]
    reading.continuing = [v for v in reading.continuing if not any(v == r for r in dropped)]


def _read_clause(
    clause: Clause, builder: Builder, reading: Reading, intervals: bool, continues: bool
) -> None:
    text = clause.text.strip()
    if text in ("∅", "ℝ", "R") or re.fullmatch(r"[a-zA-Z]\s*∈\s*(ℝ|R)", text):
        return  # said in words already (no_solution / all_reals)
    if _INTERVAL.search(text) and (
        "∪" in text
        or re.fullmatch(r"[a-zA-Z]\s*∈\s*[(\[].*[)\]]", text)
        or _looks_like_interval(text, intervals)
    ):
        reading.sets.append((clause.joiner, _intervals(text, builder)))
        return
    literal = re.fullmatch(r"\{(.*)\}", text)
    if literal and "=" in literal.group(1):  # {x=2, y=3}: a system's solution in braces
        inner = read(literal.group(1), builder, units=False, constant=reading.constant)
        for name, values in inner.assigned.items():
            reading.assigned.setdefault(name, []).extend(values)
        reading.written += inner.written
        reading.unreadable += inner.unreadable
        return
    if literal:
        reading.tuples.append([_one(v, builder) for v in literal.group(1).split(",") if v.strip()])
        reading.bare += reading.tuples[-1]
        return
    if _REL_CHARS.search(text):
        for item in parse_answer(text, builder):
            reading.relations.append((clause.joiner, item))
        return
    parts = _split_equals(text)
    while len(parts) > 1 and not parts[0]:
        parts.pop(0)  # "原式 = 5/6": the words before = were split off
    if len(parts) == 1:
        values = _values(parts[0], builder, reading.constant)
        if len(values) == 1 and isinstance(values[0], sp.Tuple):
            reading.tuples.append(list(values[0].args))
            return
        if len(values) == 1 and isinstance(values[0], sp.Symbol):
            return  # a lone letter is a name (y, S), not a value
        reading.bare += values
        reading.claims += values
        if continues and clause.joiner in ("或", "和", ","):
            reading.continuing += values
            reading.naming = True
        return
    pair = _NAMES_TUPLE.fullmatch(parts[0]) if len(parts) == 2 else None
    if pair:  # (x, y) = (2, 3)
        names = [n.strip() for n in pair.group(1).split(",")]
        values = _values(parts[1], builder, reading.constant)
        if len(values) == 1 and isinstance(values[0], sp.Tuple) and len(values[0].args) == len(names):
            for name, value in zip(names, values[0].args, strict=True):
                reading.assigned.setdefault(name, []).append(value)
                reading.written.append((name, value))
            return
    names = []
    while len(parts) > 1 and (named := _NAME.fullmatch(parts[0])):
        names.append(named.group(1))
        parts.pop(0)
    values = _values(parts[-1], builder, reading.constant)
    reading.claims += values
    for name in dict.fromkeys(names):
        reading.assigned.setdefault(name, []).extend(values)
        reading.written += [(name, v) for v in values]
        reading.equations += [sp.Eq(builder.symbol(name), v) for v in values]
    if not names and len(parts) == 2 and len(values) == 1:
        # "2x - y - 1 = 0" is an equation; "f'(x) = 2e^{2x}" a label then a value (its left side
        # may not parse, which is no reason to lose the value)
        try:
            left = _values(parts[0], builder, reading.constant)
        except (MathError, ValueError, TypeError):
            return
        if len(left) == 1:
            reading.equations.append(sp.Eq(left[0], values[0]))


def _looks_like_interval(text: str, intervals: bool) -> bool:
    mt = _INTERVAL.fullmatch(text.strip())
    if mt is None:
        return False
    return intervals or mt.group(1) == "[" or mt.group(4) == "]" or "∞" in text or "oo" in text


def _split_equals(text: str) -> list[str]:
    """a = b = c at top level (not inside brackets, not ≤ ≥ ≠ ==)."""
    parts: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        elif ch == "=" and depth == 0:
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < len(text) else ""
            factorial = before == "!" and i > 1 and (text[i - 2].isdigit() or text[i - 2] == ")")
            if (before and before in "<>!=" and not factorial) or after == "=":
                continue
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _values(text: str, builder: Builder, constant: bool = False) -> list[sp.Expr]:
    """One written value; ± and ∓ stand for two. Approximations after ≈ are not the value."""
    text = text.split("≈")[0].strip()
    if constant:
        text = re.sub(r"\+\s*C\s*$", "", text).strip()
    if not text:
        raise ValueError("empty")
    if "±" in text or "∓" in text:
        plus = text.replace("±", "+").replace("∓", "-")
        minus = text.replace("±", "-").replace("∓", "+")
        return [_one(plus, builder), _one(minus, builder)]
    parsed = parse_answer(text, builder)
    if len(parsed) == 1 and isinstance(parsed[0], sp.Tuple):
        return [parsed[0]]
    if len(parsed) != 1 or not isinstance(parsed[0], sp.Expr):
        raise ValueError(text)
    return [parsed[0]]


def _one(text: str, builder: Builder) -> sp.Expr:
    text = text.strip()
    if text.startswith("+"):
        text = text[1:]
    parsed = parse_answer(text, builder)
    if len(parsed) != 1 or not isinstance(parsed[0], sp.Expr):
        raise ValueError(text)
    return parsed[0]


def _endpoint(text: str, builder: Builder) -> sp.Expr:
    text = text.strip().replace("∞", "oo").replace("+oo", "oo")
    return _one(text, builder)


def _intervals(text: str, builder: Builder) -> sp.Set:
    total: sp.Set = sp.S.EmptySet
    for iv in _INTERVAL.finditer(text):
        lo, hi = _endpoint(iv.group(2), builder), _endpoint(iv.group(3), builder)
        total = sp.Union(total, sp.Interval(lo, hi, iv.group(1) == "(", iv.group(4) == ")"))
    return total
