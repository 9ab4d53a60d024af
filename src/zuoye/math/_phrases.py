"""Maths written in words, rewritten as maths: x的平方 → (x)^2, 3/4的倒数 → 1/(3/4), 根号16 → √(16).

A phrase applies to the operand written next to it, so the rewrite has to find that operand:
a number (with a fraction bar between whole numbers, 3/4), a single letter, a bracket, a LaTeX
group, |…|, a power or factorial of those, and a sign in front when it is a sign (−3的平方 is
(−3)², as every Chinese textbook reads it). When the operand could be read two ways — 2x的平方
is (2x)² or 2x², 2×3的平方 is (2×3)² or 2×3² — nothing is rewritten: the phrase is reported as
ambiguous and the solver refuses, because answering the other reading is worse than no answer.
"""

from __future__ import annotations

import re

from zuoye.math._errors import ParseError
from zuoye.messages import say

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")
_CN_NUM = "零一二两三四五六七八九十"
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "十": 10}
_OPEN = {")": "(", "]": "[", "}": "{"}
_CLOSE = {"(": ")", "[": "]", "{": "}"}


class Ambiguous(ParseError):
    """The words around an operand can be read two ways; `part` is the text to quote back, `hint`
    (said already, in the reader's language) how to write it so it reads one way."""

    def __init__(self, part: str, hint: str) -> None:
        self.part = part.strip()
        self.hint = hint
        super().__init__(say("math.ambiguous", part=self.part, hint=hint))

    def __reduce__(self) -> tuple[type[Ambiguous], tuple[str, str]]:  # type: ignore[override]
        return (type(self), (self.part, self.hint))


def cn_int(text: str) -> int | None:
    """三 → 3, 十二 → 12, 二十 → 20, 二十三 → 23, digits → int; None when it is not a number."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    t = _CN_DIGITS.get(tens, -1) if tens else 1
    u = _CN_DIGITS.get(units, -1) if units else 0
    return None if t < 0 or u < 0 or u >= 10 else 10 * t + u


# -- finding the operand -----------------------------------------------------------------------
def _skip_back(s: str, j: int) -> int:
    while j > 0 and s[j - 1] == " ":
        j -= 1
    return j


def _match_back(s: str, j: int) -> int | None:
    """s[j-1] closes a bracket; the index of its opener, or None when unbalanced."""
    close = s[j - 1]
    opener = _OPEN[close]
    depth = 0
    for k in range(j - 1, -1, -1):
        if s[k] == close:
            depth += 1
        elif s[k] == opener:
            depth -= 1
            if depth == 0:
                return k
    return None


def _atom_back(s: str, j: int) -> int | None:
    """Start of the atom ending at s[:j] (j already past spaces), or None when there is none."""
    if j == 0:
        return None
    ch = s[j - 1]
    if ch.isdigit():
        k = j
        while k > 0 and (s[k - 1].isdigit() or s[k - 1] == "."):
            k -= 1
        # 3/4 typed between whole numbers is one fraction, as the parser reads it.
        if k > 1 and s[k - 1] == "/" and s[k - 2].isdigit() and "." not in s[k:j]:
            m = k - 1
            while m > 0 and s[m - 1].isdigit():
                m -= 1
            k = m
        return k
    if ch.isascii() and ch.isalpha():
        k = j
        while k > 0 and s[k - 1].isascii() and s[k - 1].isalpha():
            k -= 1
        word = s[k:j]
        if len(word) == 1 or word == "pi":
            return k
        raise Ambiguous(word, say("math.hint.single_letters"))
    if ch in _OPEN:
        opener = _match_back(s, j)
        if opener is None:
            return None
        k = opener
        if ch == "}" and k > 0 and s[k - 1] == "}":  # \frac{a}{b}: two groups
            inner = _match_back(s, k)
            if inner is None:
                return None
            k = inner
        m = k
        while m > 0 and ((s[m - 1].isascii() and s[m - 1].isalpha()) or s[m - 1] == "\\"):
            m -= 1  # sin(x), f(x), \frac{..}{..}, \sqrt{..}: the name belongs to the operand
        if m < k and not s[m:k].startswith("\\") and k - m > 1 and s[m:k] not in _FUNCTION_NAMES:
            raise Ambiguous(s[m:j], say("math.hint.operation_before_function"))
        return m
    if ch == "|":
        k = s.rfind("|", 0, j - 1)
        return k if k >= 0 else None
    if ch in "!°":
        return _atom_back(s, _skip_back(s, j - 1))
    return None


_FUNCTION_NAMES = frozenset(
    {"sin", "cos", "tan", "cot", "sec", "csc", "ln", "lg", "log", "exp", "sqrt", "abs", "arcsin", "arccos"}
    | {"arctan", "tg", "ctg"}
)


def operand_before(s: str, end: int, *, power: bool = False) -> int | None:
    """Where the operand ending at `end` starts; None if there is none; Ambiguous if unclear.

    `power`: the phrase is a power (的平方, 的3次方), which binds tighter than × and ÷ — 3.14×2的平方
    is 3.14 × 2², as 3.14×2² would be. Other phrases after × or ÷ (2×3的倒数) are refused."""
    j = _skip_back(s, end)
    k = _atom_back(s, j)
    if k is None:
        return None
    while True:
        b = _skip_back(s, k)
        if b > 0 and s[b - 1] == "^":  # x^2 的倒数: the exponent's base is part of the operand
            base = _atom_back(s, _skip_back(s, b - 1))
            if base is None:
                return None
            k = base
            continue
        if b > 0 and s[b - 1] in "√∛":
            k = b - 1
            continue
        break
    b = _skip_back(s, k)
    prev = s[b - 1] if b > 0 else ""
    if prev == "-":
        before = s[_skip_back(s, b - 1) - 1] if _skip_back(s, b - 1) > 0 else ""
        if before == "" or before in "([{,;=<>:+-*/×÷" or _CJK_CHAR.match(before):
            return b - 1  # a sign, not a subtraction: −3的平方 is (−3)²
        return k
    if prev and ((prev.isalnum() and prev.isascii()) or prev in ")]}|!"):
        raise Ambiguous(s[_start_of_product(s, b) : end], say("math.hint.whole_product"))
    if prev and prev in "*/×÷" and power:
        return k
    if prev and prev in "*/×÷^":
        raise Ambiguous(s[_start_of_product(s, b) : end], say("math.hint.whole_expression"))
    return k


def _start_of_product(s: str, j: int) -> int:
    k = j
    while k > 0 and s[k - 1] not in "+-=<>,;:" and not _CJK_CHAR.match(s[k - 1]):
        k -= 1
    return k


def operand_after(s: str, start: int) -> int | None:
    """Where the operand starting at `start` ends (根号16, 根号(x+1), 根号x); None if there is none."""
    i = start
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return None
    ch = s[i]
    if ch in _CLOSE:
        depth = 0
        for k in range(i, len(s)):
            if s[k] == ch:
                depth += 1
            elif s[k] == _CLOSE[ch]:
                depth -= 1
                if depth == 0:
                    return k + 1
        return None
    if ch.isdigit():
        k = i
        while k < len(s) and (s[k].isdigit() or s[k] == "."):
            k += 1
        if k < len(s) and ((s[k].isascii() and s[k].isalpha()) or s[k] in "(√"):
            raise Ambiguous(s[start - 2 : k + 1], say("math.hint.root_brackets", example="根号(2x)"))
        return k
    if ch.isascii() and ch.isalpha():
        if i + 1 < len(s) and ((s[i + 1].isascii() and s[i + 1].isalnum()) or s[i + 1] in "(^"):
            raise Ambiguous(s[start - 2 : i + 2], say("math.hint.root_brackets", example="根号(x+1)"))
        return i + 1
    return None


def _paren(a: str) -> str:
    """`a` as an operand: bare when it is one already (16, x, (x+1), |x|), else in brackets."""
    if re.fullmatch(r"\d+(?:\.\d+)?|[a-zA-Z]|pi", a):
        return a
    if a[:1] in "([" and a[-1:] in ")]" and _match_back(a, len(a)) == 0:
        return a
    if a.startswith("|") and a.endswith("|") and a.count("|") == 2:
        return a
    return f"({a})"


# -- the phrases --------------------------------------------------------------------------------
# A marker in the table below (compared by identity) and the key of the hint it gives.
_TWO_ROOTS = "math.hint.two_roots"
# Postfix phrases: (pattern after the operand, how to write operand A as maths). Longest first.
_EXPONENT = rf"(-?\d+|[a-zA-Z]|负?[{_CN_NUM}]{{1,3}})"
_POSTFIX: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"的算术平方根"), "√{p}"),
    # 16的平方根 is ±4 in every Chinese textbook: two numbers, which an arithmetic answer cannot be.
    (re.compile(r"的平方根"), _TWO_ROOTS),
    (re.compile(r"的平方根"), "√{p}"),
    (re.compile(r"的立方根"), "∛{p}"),
    (re.compile(rf"的\s*{_EXPONENT}\s*次(?:方|幂)(?!程)"), "{p}^{n}"),
    (re.compile(rf"(?<![的{CJK}]){_EXPONENT}\s*次(?:方|幂)(?!程)"), "{p}^{n}"),
    (re.compile(r"的平方(?![根差和米])"), "{p}^2"),
    (re.compile(r"的立方(?![根差和米])"), "{p}^3"),
    (re.compile(r"(?<![完全的])平方(?![根差和米厘分千公])"), "{p}^2"),
    (re.compile(r"(?<![的])立方(?![根差和米厘分千公体])"), "{p}^3"),
    (re.compile(r"的倒数"), "(1/{p})"),
    (re.compile(r"的相反数"), "(-{p})"),
    (re.compile(r"的绝对值"), "|{a}|"),
    (re.compile(r"的阶乘"), "{p}!"),
]
# Prefix phrases: 根号16, 根号下(x+1), 三次根号8, 负3, 阶乘5.
_PREFIX: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:三次根号|立方根号)(?:下)?"), "∛{p}"),
    (re.compile(r"(?:二次)?根号(?:下)?"), "√{p}"),
    (re.compile(r"(?<![0-9a-zA-Z)])负(?=\s*[0-9(])"), "(-{a})"),
    (re.compile(r"(?<![0-9a-zA-Z)])正(?=\s*[0-9])"), "{a}"),
]
# A 与 B 的和/差/积/商 — the sum/difference/product/quotient of two named operands.
_OF_TWO = re.compile(r"的(和|差|积|商)")
_TWO_OPS = {"和": "+", "差": "-", "积": "*", "商": "/"}
# Which words join A and B for each: 3与5的和, 3加5的和, 7减2的差, 3乘5的积, 6除以2的商 (never 6除2, which
# reads both ways).
_JOIN = {
    "和": re.compile(r"(?:与|和|跟|同|加上|加)\s*$"),
    "差": re.compile(r"(?:与|和|跟|同|减去|减)\s*$"),
    "积": re.compile(r"(?:与|和|跟|同|乘以|乘)\s*$"),
    "商": re.compile(r"(?:与|和|跟|同|除以)\s*$"),
}
# 1/2+1/3+1/6的和, 2×3×4的积: the whole expression written before it, with its own operator.
_RUN_OPS = {"和": "+", "差": "-", "积": "×*·", "商": "÷/"}
_RUN_START = re.compile(f"[{CJK},;:=]")


def _apply_postfix(text: str) -> str:
    for _ in range(50):  # each pass rewrites one phrase; 50 is far beyond any homework question
        hits = [(mt, fmt) for pattern, fmt in _POSTFIX if (mt := pattern.search(text))]
        if not hits:
            return text
        mt, fmt = min(hits, key=lambda h: (h[0].start(), -len(h[0].group(0))))
        try:
            start = operand_before(text, mt.start(), power="^" in fmt)
        except Ambiguous as exc:
            raise Ambiguous(exc.part + mt.group(0), exc.hint) from None
        if start is None:
            # Nothing to apply it to (一个数的平方): leave the words for the prose check to report.
            return _protect(text, mt, _apply_postfix)
        a = text[start : mt.start()].strip()
        if fmt is _TWO_ROOTS:
            raise Ambiguous(a + mt.group(0), say(_TWO_ROOTS))
        n = mt.group(1) if mt.groups() else ""
        if n and not n.isascii():
            value = cn_int(n.removeprefix("负"))
            if value is None:
                return _protect(text, mt, _apply_postfix)
            n = str(-value if n.startswith("负") else value)
        if not (n.isdigit() or len(n) == 1):
            n = f"({n})"
        text = text[:start] + fmt.format(a=a, p=_paren(a), n=n) + text[mt.end() :]
    return text


def _protect(text: str, mt: re.Match[str], again: object) -> str:
    """Leave an unmatched phrase in place but keep rewriting after it."""
    head, tail = text[: mt.end()], text[mt.end() :]
    rest = again(tail) if callable(again) else tail
    return head + str(rest)


def _apply_prefix(text: str) -> str:
    for pattern, fmt in _PREFIX:
        out = []
        pos = 0
        for mt in pattern.finditer(text):
            if mt.start() < pos:
                continue
            end = operand_after(text, mt.end())
            if end is None:
                continue
            out.append(text[pos : mt.start()])
            a = text[mt.end() : end].strip()
            if mt.group(0).endswith("下") and not a.startswith("(") and re.match(r"\s*[-+]", text[end:]):
                raise Ambiguous(
                    text[mt.start() : end + 3], say("math.hint.root_brackets", example="根号下(x+1)")
                )
            out.append(fmt.format(a=a, p=_paren(a)))
            pos = end
        out.append(text[pos:])
        text = "".join(out)
    return text


def _apply_of_two(text: str) -> str:
    for _ in range(20):
        found = next(((m, f) for m in _OF_TWO.finditer(text) if (f := _two_operands(text, m))), None)
        if found is None:
            return text
        mt, (a_start, a, b) = found
        if b:
            text = text[:a_start] + f"({_paren(a)}{_TWO_OPS[mt.group(1)]}{_paren(b)})" + text[mt.end() :]
        else:  # the whole run before it: 1/2+1/3+1/6的和
            text = text[:a_start] + f"({a})" + text[mt.end() :]
    return text


def _run_before(text: str, end: int, ops: str) -> tuple[int, str] | None:
    """The maths written since the last Chinese word when it is joined by `ops` at the top level."""
    starts = [m.end() for m in _RUN_START.finditer(text, 0, end)]
    start = starts[-1] if starts else 0
    run = text[start:end].strip()
    depth = 0
    joined = False
    for ch in run:
        depth += (ch in "([{") - (ch in ")]}")
        joined = joined or (depth == 0 and ch in ops)
    if not joined or depth != 0 or not re.fullmatch(r"[-+*/×÷·^()\[\]{}0-9a-zA-Z.\s√]+", run):
        return None
    return text.index(run, start), run


def _two_operands(text: str, mt: re.Match[str]) -> tuple[int, str, str] | None:
    try:
        b_start = operand_before(text, mt.start())
    except Ambiguous:
        b_start = None  # 2×3×4的积: not one operand, perhaps a whole run
    conj = _JOIN[mt.group(1)].search(text[:b_start]) if b_start is not None else None
    if b_start is None or conj is None:
        run = _run_before(text, mt.start(), _RUN_OPS[mt.group(1)])
        return (run[0], run[1], "") if run else None
    try:
        a_start = operand_before(text, conj.start())
    except Ambiguous:
        return None
    if a_start is None:
        return None
    return a_start, text[a_start : conj.start()].strip(), text[b_start : mt.start()].strip()


# Units after a number: 5厘米 + 3厘米 is 5 + 3 in 厘米. Longest first, so 平方厘米 is not 平方 + 厘米.
_UNITS_TEXT = (
    "平方千米 平方公里 平方米 平方分米 平方厘米 平方毫米 立方米 立方分米 立方厘米 千米 公里 米 分米 厘米 毫米 "
    "千克 公斤 克 吨 毫升 升 元 角 秒 分钟 小时 天 周 个 只 本 支 件 人 名"
)
UNIT_WORDS = _UNITS_TEXT.split()
_UNIT = re.compile(r"(?<=[0-9])\s*(" + "|".join(sorted(UNIT_WORDS, key=len, reverse=True)) + rf")(?![{CJK}])")
_DEGREES = re.compile(rf"(?<=[0-9])\s*度(?![{CJK}])")


def strip_units(text: str) -> tuple[str, list[str]]:
    """Drop units written after numbers (and read 30度 as 30°); return the units seen, in order.

    A unit is only dropped at the end of a number followed by maths, not inside Chinese prose
    (一个数 stays a word), so the word problems' own readers still see their text.
    """
    text = _DEGREES.sub("°", text)
    units: list[str] = []

    def drop(mt: re.Match[str]) -> str:
        if mt.group(1) not in units:
            units.append(mt.group(1))
        return " "

    return _UNIT.sub(drop, text), units


def rewrite(text: str) -> str:
    """Rewrite the maths phrases in `text`; raise Ambiguous when an operand can be read two ways."""
    text = _apply_prefix(text)
    text = _apply_postfix(text)
    return _apply_of_two(text)
