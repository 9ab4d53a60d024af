"""compare_reply: find the final answer in a model's free-text reply and compare it with ours.

Where the answer is looked for, strongest first:
1. the last \\boxed{…};
2. the text after the last answer marker (答：, 答案, 所以, 因此, 故, 综上, 结果是/为, 解得, 解为,
   解集为, the answer is, therefore) up to the end of that sentence;
3. otherwise the last line that contains maths — but this weak source can only agree: if it
   does not match it gives "unknown", because it may be an intermediate step, not the answer.

Approximations (documented choice): "≈0.833", "约等于 0.833", or a bare decimal that is not
exactly equal, agree when they round correctly to the digits written; if the reply also states
an exact value, the exact value is what is compared, and the approximation is ignored.
"No answer found" or "could not read it" is "unknown", never "disagree".
"""

from __future__ import annotations

import re

import sympy as sp

from zuoye.math._build import Builder
from zuoye.math._check import parse_answer, relations_equivalent, values_equal
from zuoye.math._errors import MathError
from zuoye.math._inequality import set_to_answer
from zuoye.math._normalize import normalize
from zuoye.math._problem import CJK
from zuoye.math._types import Solution, Verdict

MAX_REPLY_CHARS = 20_000
_TAIL_CHARS = 1_500  # a final answer sits at the end; this is also the parsing budget per source
_MARKERS = re.compile(
    r"(?:最终答案|答案|答|所以|因此|故|综上所述|综上|结果是|结果为|计算结果|解得|解为|解是|解集为|解集是|"
    r"the answer is|answer:|therefore|thus|so)\s*[:：,，]?",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"。|\n|\.(?=\s|$)")  # a decimal point is always followed by a digit
_APPROX = re.compile(r"约等于|大约是|约为|大约|近似为|approximately|≈|\\approx")
_NO_SOLUTION = re.compile(
    r"无解|无实数解|没有实数[解根]|无实根|不存在|no (?:real )?solution|does not exist", re.I
)
_ASSIGN = re.compile(
    r"([a-zA-Z])(?:_\{?\d+\}?)?\s*=\s*(±|\+-|\\pm)?\s*((?:(?!\s(?:or|and)\s)[^=,;，；、或和且])+)"
)
_MARKDOWN = re.compile(r"\*\*|__|`+|^\s*#+\s*|^\s*>\s?", re.M)
# {x | x < -1 或 x > 1}, \{x \mid …\}: the relation inside set-builder braces.
_SET_BUILDER = re.compile(r"\\?\{\s*[a-zA-Z]\s*(?:\||\\mid|:)\s*(.*?)\\?\}")
_INTERVAL = re.compile(r"([(\[])\s*([^,()\[\]]+?)\s*,\s*([^,()\[\]]+?)\s*([)\]])")


def _boxed(text: str) -> str | None:
    start = text.rfind("\\boxed{")
    if start < 0:
        return None
    depth = 0
    for i in range(start + 6, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return text[start + 7 : i]
    return None


def _after_last_marker(text: str) -> str | None:
    hits = list(_MARKERS.finditer(text))
    for mt in reversed(hits):
        rest = text[mt.end() :]
        end = _SENTENCE_END.search(rest)
        candidate = (rest[: end.start()] if end else rest).strip()
        if re.search(r"[0-9a-zA-Z\\√π∞]", candidate) or _NO_SOLUTION.search(candidate):
            return candidate
    return None


def _last_math_line(text: str) -> str | None:
    for line in reversed([ln for ln in re.split(r"[\n。]", text) if ln.strip()]):
        if re.search(r"[0-9]", line):
            return line.strip()
    return None


def _math_runs(text: str) -> list[str]:
    text = _APPROX.sub(" ≈ ", text.replace("$", " "))
    runs = re.split(f"[{CJK}]+", text)
    return [r.strip(" ,，。.:：;；()（）") for r in runs if re.search(r"[0-9a-zA-Z\\√π∞]", r)]


def compare_reply(sol: Solution, reply: str) -> Verdict:
    if not isinstance(reply, str) or not reply.strip():
        return Verdict("unknown", None, "回复是空的。 / The reply is empty.")
    text = _MARKDOWN.sub("", reply[-MAX_REPLY_CHARS:])
    strong = [s for s in (_boxed(text), _after_last_marker(text[-_TAIL_CHARS * 4 :])) if s]
    weak = _last_math_line(text[-_TAIL_CHARS:])
    for candidate in strong:
        verdict = _judge(sol, candidate[:_TAIL_CHARS])
        if verdict is not None:
            return verdict
    if weak:
        verdict = _judge(sol, weak[:_TAIL_CHARS])
        if verdict is not None and verdict.status == "agree":
            return verdict
        if verdict is not None:
            return Verdict(
                "unknown",
                weak,
                "回复里没有明确的最终答案（最后一行与答案不同，可能只是中间步骤）。"
                " / No clearly marked final answer.",
            )
    return Verdict(
        "unknown", None, "在回复里没有找到可读的最终答案。 / No readable final answer in the reply."
    )


def _judge(sol: Solution, candidate: str) -> Verdict | None:
    try:
        if sol.form in ("roots", "assignment"):
            return _judge_roots(sol, candidate)
        if sol.form == "relation":
            return _judge_relation(sol, candidate)
        return _judge_values(sol, candidate)
    except (MathError, TypeError, ValueError, AttributeError, RecursionError, NotImplementedError):
        return None


def _expected_values(sol: Solution, builder: Builder) -> list[sp.Basic]:
    return [v for a in sol.answer for v in parse_answer(a, builder)]


def _judge_roots(sol: Solution, candidate: str) -> Verdict | None:
    builder = Builder()
    norm = normalize(candidate.replace("$", " "))
    if not sol.answer and _NO_SOLUTION.search(candidate):
        return Verdict("agree", candidate, "都认为没有实数解。 / Both say there is no real solution.")
    if sol.answer == ["True"]:
        ok = re.search(r"任意实数|全体实数|所有实数|\\mathbb\{R\}|all real", candidate)
        return Verdict("agree", candidate, "都认为任意实数都是解。") if ok else None
    found: dict[str, set[sp.Expr]] = {}
    for mt in _ASSIGN.finditer(norm):
        var, pm, value = mt.group(1), mt.group(2), mt.group(3).strip()
        value = re.split(r"\s(?:or|and)\s|≈", value)[0].strip()
        parsed = parse_answer(value, builder)
        if len(parsed) != 1 or not isinstance(parsed[0], sp.Expr):
            continue
        vals = {parsed[0], -parsed[0]} if pm else {parsed[0]}
        found.setdefault(var, set()).update(vals)
    if not found:
        if _NO_SOLUTION.search(candidate):
            return Verdict("disagree", candidate, f"回复说无解，但解为 {', '.join(sol.answer)}。")
        return None
    expected: dict[str, set[sp.Expr]] = {}
    for a in sol.answer:
        for item in parse_answer(a, builder):
            for eq in item.args if isinstance(item, sp.And) else [item]:
                if isinstance(eq, sp.Eq) and isinstance(eq.lhs, sp.Symbol):
                    expected.setdefault(eq.lhs.name.split("_")[0], set()).add(eq.rhs)
    if not expected:
        return Verdict(
            "disagree",
            candidate,
            "回复给出了解，但这道题没有实数解。 / The reply gives solutions; there are none.",
        )
    for var, values in expected.items():
        got = found.get(var)
        if got is None:
            return None
        if not _same_sets(values, got):
            return Verdict("disagree", candidate, f"{var} 的值不同：应为 {sorted(map(str, values))}。")
    return Verdict("agree", candidate, "解相同。 / Same solutions.")


def _same_sets(a: set[sp.Expr], b: set[sp.Expr]) -> bool:
    if len(a) != len(b):
        return False
    return all(any(values_equal(x, y) for y in b) for x in a)


def _judge_relation(sol: Solution, candidate: str) -> Verdict | None:
    builder = Builder()
    if not sol.answer and _NO_SOLUTION.search(candidate):
        return Verdict("agree", candidate, "都认为不等式无解。")
    x = builder.symbol(sol.variables[0] if sol.variables else "x")
    expected = _expected_set(sol, builder, x)
    norm = normalize(candidate.replace("$", " "))
    builder_set = _SET_BUILDER.search(norm)
    if builder_set:
        candidate = norm = builder_set.group(1)
    intervals = list(_INTERVAL.finditer(norm))
    if intervals and (
        "∪" in norm or "U" in norm or "∈" in norm or (len(intervals) == 1 and "," in intervals[0].group(0))
    ):
        got: sp.Set = sp.S.EmptySet
        for iv in intervals:
            lo = parse_answer(iv.group(2).replace("+oo", "oo"), builder)[0]
            hi = parse_answer(iv.group(3).replace("+oo", "oo"), builder)[0]
            got = sp.Union(got, sp.Interval(lo, hi, iv.group(1) == "(", iv.group(4) == ")"))
    else:
        runs = [r for r in _math_runs(candidate) if re.search(r"[<>≤≥]|\\le|\\ge", r)]
        if not runs:
            return None
        rel = " or ".join(runs) if len(runs) > 1 and "或" in candidate else runs[-1]
        parsed = parse_answer(rel, builder)
        if any(item.free_symbols - {x} for item in parsed):
            return None  # other letters: not a solution set in x we can compare
        got = sp.S.Reals
        for item in parsed:
            got = sp.Intersection(
                got,
                sp.solveset(item, x, sp.S.Reals) if not isinstance(item, sp.Or | sp.And) else item.as_set(),
            )
    if got == expected:
        return Verdict("agree", candidate, "解集相同。 / Same solution set.")
    answer, _ = set_to_answer(expected, x) if expected is not sp.S.EmptySet else ([], "")
    return Verdict("disagree", candidate, f"解集不同：应为 {answer or '无解'}。 / Different solution set.")


def _expected_set(sol: Solution, builder: Builder, x: sp.Symbol) -> sp.Set:
    if not sol.answer:
        return sp.S.EmptySet
    if sol.answer == ["True"]:
        return sp.S.Reals
    total: sp.Set = sp.S.EmptySet
    for a in sol.answer:
        for item in parse_answer(a, builder):
            total = sp.Union(total, item.as_set())
    return total


def _judge_values(sol: Solution, candidate: str) -> Verdict | None:
    builder = Builder()
    everything = _expected_values(sol, builder)
    expected = [e for e in everything if isinstance(e, sp.Expr)]
    lines = [e for e in everything if isinstance(e, sp.Eq)]
    if not expected and len(lines) == 1:
        return _judge_line(lines[0], candidate, builder)
    if not expected:
        if _NO_SOLUTION.search(candidate):
            return Verdict("agree", candidate, "都认为不存在。")
        return None
    exact: list[sp.Expr] = []
    approx: list[tuple[sp.Expr, int]] = []
    for run in _math_runs(candidate):
        head, _, tail = run.partition("≈")
        head = head.strip()
        if head:
            piece = head.rsplit("=", 1)[-1].strip()
            piece = re.sub(r"\+\s*C\s*$", "", piece).strip()
            if piece:
                try:
                    parsed = parse_answer(piece, builder)
                except MathError:
                    parsed = []
                exact.extend(p for p in parsed if isinstance(p, sp.Expr))
        if tail.strip():
            number = re.match(r"\s*([-+]?\d+(?:\.(\d+))?)", tail)
            if number:
                approx.append((sp.Rational(number.group(1)), len(number.group(2) or "")))
    if not exact and not approx:
        return None
    if exact:
        found = exact[-len(expected) :] if len(exact) >= len(expected) else exact
        if len(found) == len(expected) and all(
            _close_enough(sol, e, f) for e, f in zip(expected, found, strict=True)
        ):
            return Verdict("agree", candidate, "答案相同。 / Same answer.")
        if len(found) == len(expected) and all(
            _decimal_match(e, f, candidate) for e, f in zip(expected, found, strict=True)
        ):
            return Verdict("agree", candidate, "答案是正确的近似值。 / A correct approximation.")
        return Verdict(
            "disagree",
            candidate,
            f"答案不同：应为 {', '.join(sol.answer)}。 / Expected {', '.join(sol.answer)}.",
        )
    value, digits = approx[-1]
    if len(expected) == 1 and _rounds_to(expected[0], value, digits):
        return Verdict("agree", candidate, f"只给了近似值，与 {sol.answer[0]} 相符。 / Approximation agrees.")
    return Verdict(
        "disagree", candidate, f"近似值与 {', '.join(sol.answer)} 不符。 / Approximation does not agree."
    )


def _judge_line(expected: sp.Eq, candidate: str, builder: Builder) -> Verdict | None:
    """An answer that is itself an equation (a tangent line y = 2x - 1): same line, any arrangement."""
    for run in reversed(_math_runs(candidate)):
        if "=" not in run:
            continue
        try:
            parsed = parse_answer(run.rsplit(",", 1)[-1], builder)
        except MathError:
            continue
        if len(parsed) == 1 and isinstance(parsed[0], sp.Eq):
            same = relations_equivalent(expected, parsed[0])
            return Verdict(
                "agree" if same else "disagree", run, "方程相同。" if same else f"应为 {expected}。"
            )
    return None


def _close_enough(sol: Solution, expected: sp.Expr, found: sp.Expr) -> bool:
    if sol.form == "antiderivative":
        symbols = sorted(expected.free_symbols | found.free_symbols, key=lambda s: s.name)
        if len(symbols) == 1:
            x = symbols[0]
            return values_equal(sp.diff(expected, x), sp.diff(found, x))
    return values_equal(expected, found)


def _decimal_match(expected: sp.Expr, found: sp.Expr, candidate: str) -> bool:
    if not found.is_Rational or found.is_Integer:
        return False
    text = str(sp.N(found, 20)).rstrip("0")
    digits = len(text.split(".")[1]) if "." in text else 0
    return digits >= 2 and _rounds_to(expected, found, digits)


def _rounds_to(expected: sp.Expr, value: sp.Expr, digits: int) -> bool:
    if not expected.is_number:
        return False
    tolerance = sp.Rational(1, 10**digits) * sp.Rational(51, 100)
    return bool(abs(sp.N(expected, 30) - value) <= tolerance)


__all__ = ["compare_reply", "relations_equivalent"]
