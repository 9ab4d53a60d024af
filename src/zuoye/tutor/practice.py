"""练习 mode (举一反三): similar problems whose answers the solver computed.

The model proposes problems; each is solved by `zuoye.math` and only verified ones are kept. When
the model proposes none the solver can verify (or no model is configured), variants are made
locally by changing the numbers in the original question.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass

from zuoye import math as zmath
from zuoye.messages import say
from zuoye.tutor.maths import solve_or_none

_ITEM = re.compile(r"^\s*(?:第?\s*\d{1,2}\s*[.．、)）:：题]|[-*•])\s*(.+?)\s*$")
_INT = re.compile(r"(?<![\d.^_])\d{1,3}(?![\d.])")


@dataclass(frozen=True)
class Exercise:
    question: str
    solution: zmath.Solution


def parse_items(text: str) -> list[str]:
    items = []
    for line in text.splitlines():
        m = _ITEM.match(line)
        if m and len(m.group(1)) >= 3:
            items.append(m.group(1))
    return items


def verify(candidates: list[str], *, limit: int) -> list[Exercise]:
    kept: list[Exercise] = []
    for q in candidates:
        sol = solve_or_none(q)
        if sol is not None and sol.answer:
            kept.append(Exercise(q, sol))
        if len(kept) >= limit:
            break
    return kept


def variants(question: str, *, count: int, tries: int = 40) -> list[str]:
    """Same problem, other numbers: deterministic per question so a rerun shows the same set.
    Written as a teacher would write them (`tidy`): no coefficient or denominator of 1, no
    brackets left with nothing to multiply, fractions in lowest terms when the question's were."""
    numbers = _INT.findall(question)
    if not numbers:
        return []
    rng = random.Random(question)
    blemishes = _fraction_blemishes(question)
    seen = {question}
    out: list[str] = []
    for _ in range(tries):

        def swap(m: re.Match[str]) -> str:
            n = int(m.group(0))
            if n <= 1:
                return m.group(0)
            # A denominator stays a denominator (x/1 is not how anyone writes x), and a bracket
            # keeps its multiplier: 2(x-1)=6 is practice in removing brackets, x-1=10 is not.
            denominator = question[: m.start()].rstrip().endswith("/")
            least = 2 if denominator or question[m.end() : m.end() + 1] == "(" else 1
            return str(max(least, n + rng.choice([-3, -2, -1, 1, 2, 3, 4])))

        candidate = tidy(_INT.sub(swap, question))
        if candidate not in seen and _fraction_blemishes(candidate) == blemishes:
            seen.add(candidate)
            out.append(candidate)
        if len(out) >= count * 2:
            break
    return out


# A number written as a fraction of two whole numbers (3/4), not part of a longer number.
_FRACTION = re.compile(r"(?<![\d.])(\d+)\s*/\s*(\d+)(?![\d.])")


def _fraction_blemishes(question: str) -> set[str]:
    """What a teacher would not write in a fraction unless the question is about it (约分 6/8):
    a whole number in disguise (4/4, 6/2, 3/1), one not in lowest terms (2/8)."""
    found = set()
    for a, b in ((int(a), int(b)) for a, b in _FRACTION.findall(question)):
        if b == 0:
            continue
        if a % b == 0:
            found.add("whole")
        elif math.gcd(a, b) > 1:
            found.add("reducible")
    return found


# A coefficient of 1 in front of a letter, a root or π, as a changed number can leave it ("1x").
_UNIT_COEFFICIENT = re.compile(r"(?<![\d.^/])1(?=[a-zA-Z√π])")
# … and in front of a bracket: 2(x-1) with 2 changed to 1.
_UNIT_BRACKET = re.compile(r"(?<![\d.^/])1\(")
# What may stand before a bracket whose term begins there, and after one whose term ends there:
# then the bracket holds the whole term and says nothing. After a minus it is needed.
_TERM_BEFORE = set("=+<>≤≥≠,，:：;；")
_TERM_AFTER = set("=+-<>≤≥≠,，。:：;；？?")


def tidy(question: str) -> str:
    """`1x` → `x`, `-1x` → `-x`, `1(x-1)=10` → `x-1=10`, `5-1(x+1)` → `5-(x+1)`: nobody writes a
    coefficient of 1, nor brackets around a term with nothing to multiply it."""
    text, start = question, 0
    while (found := _UNIT_BRACKET.search(text, start)) is not None:
        opening = found.end() - 1
        closing = _closing(text, opening)
        inner = text[opening + 1 : closing] if closing is not None else ""
        before = text[found.start() - 1] if found.start() else ""
        after = text[closing + 1] if closing is not None and closing + 1 < len(text) else ""
        bare = (
            closing is not None
            and (not before or before.isspace() or before in _TERM_BEFORE or _is_chinese(before))
            and (not after or after.isspace() or after in _TERM_AFTER or _is_chinese(after))
            and not (before == "+" and inner.lstrip().startswith("-"))
        )
        if bare and closing is not None:
            text = text[: found.start()] + inner + text[closing + 1 :]
            start = found.start()
        else:
            text = text[: found.start()] + text[found.start() + 1 :]
            start = found.start() + 1
    return _UNIT_COEFFICIENT.sub("", text)


def _closing(text: str, opening: int) -> int | None:
    depth = 0
    for i in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i
    return None


def _is_chinese(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def render(exercises: list[Exercise]) -> str:
    lines = [say("tutor.practice.exercises"), ""]
    lines += [f"{i}. {ex.question}" for i, ex in enumerate(exercises, 1)]
    lines += ["", say("tutor.practice.answers"), ""]
    lines += [f"{i}. ${ex.solution.answer_latex}$" for i, ex in enumerate(exercises, 1)]
    return "\n".join(lines)
