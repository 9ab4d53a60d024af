"""Write the ERNIE-style reply set: model answers to real problems, right and wrong, in the many ways
ERNIE writes them — Markdown headings and bold labels, steps then 答：…, LaTeX between $…$, \\(…\\),
$$…$$ or \\[…\\], or plain Unicode; double roots, ±, mixed numbers, units, sets, intervals, ℝ,
无实数根, several values in one sentence, a check or a tip after the answer.

    python -m tests.math.ernie_replies      # rewrites tests/math/data/ernie_replies.jsonl

Every reply is built from templates picked by a seeded random generator (one per problem), so
the set is varied and reproducible. Problems are split once into a tuning part and a held-out part
(a third of the problems, never tuned on). Half of the replies end in extra phrasings: in the
tuning part those of earlier held-out rounds (ernie_phrasings*.py), in the held-out part its own
(ernie_heldout.py), written before the reader ran on them. bench/bench_reply.py reports the figures.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

from tests.math import (
    ernie_phrasings,
    ernie_phrasings2,
    ernie_phrasings3,
    ernie_phrasings4,
    ernie_phrasings5,
)
from tests.math.ernie_heldout import heldout_ending, heldout_sentence
from tests.math.ernie_problems import PROBLEMS, Interval, Problem, Tex, Val
from tests.math.ernie_style import Rng, Style, abs_val, negatives, number, plain, val

DATA = Path(__file__).parent / "data" / "ernie_replies.jsonl"
SEED = 20261204
RIGHT_PER_PROBLEM = 8
WRONG_PER_OPTION = 2

# Problems whose last line of working is an unfinished calculation a reply may end with "= answer".
CHAINS = {"p01", "p02", "p03", "p20", "p26", "p31", "p33", "e03", "e04", "e17", "e20", "e21", "e24", "p37",
          "e05", "e25", "e26", "p16", "p29"}  # fmt: skip


def part_of(problem_id: str) -> str:
    """A third of the problems are held out, chosen by a hash so the split never moves."""
    digest = hashlib.sha256(f"ernie-replies/{problem_id}".encode()).digest()
    return "heldout" if digest[0] % 3 == 0 else "tune"


# -- answers, kind by kind --------------------------------------------------------------------
def roots_sentence(values: list[Val], s: Style, kind_word: str = "方程") -> str:
    r = s.rng
    e = s.eq()
    distinct = list(dict.fromkeys(values))
    if len(values) == 2 and len(distinct) == 1:  # a double root
        v = number(distinct[0], s)
        forms = [
            f"{kind_word}有两个相等的实数根 " + s.inline(f"x_1{e}x_2{e}{v}"),
            s.inline(f"x_1{e}x_2{e}{v}"),
            s.inline(f"x_{{1}}{e}x_{{2}}{e}{v}"),
            f"原{kind_word}的解为 " + s.inline(f"x_1{e}x_2{e}{v}"),
            s.inline(f"x{e}{v}") + "（二重根）",
            s.inline(f"x_1{e}{v}") + "，" + s.inline(f"x_2{e}{v}"),
        ]
        if not s.tex:
            forms.append(f"x₁ = x₂ = {plain(v)}")
        return r.choice(forms)
    if len(distinct) == 1:
        v = number(distinct[0], s)
        return r.choice(
            [
                f"原{kind_word}的解为 " + s.inline(f"x{e}{v}"),
                s.inline(f"x{e}{v}"),
                f"{kind_word}的解是 " + s.inline(f"x{e}{v}"),
                s.inline(f"x{e}{v}") + f" 是原{kind_word}的解",
            ]
        )
    if r.random() < 0.4:
        r.shuffle(distinct)
    texts = [number(v, s, mixed_ok=False) for v in distinct]
    subs = ["_1", "_2", "_3"] if r.random() < 0.7 else ["_{1}", "_{2}", "_{3}"]
    named = "，".join(s.inline(f"x{subs[i]}{e}{t}") for i, t in enumerate(texts))
    forms = [
        f"原{kind_word}的解为 {named}",
        named,
        s.inline(", ".join(f"x{subs[i]}{e}{t}" for i, t in enumerate(texts))),
        s.inline(r",\quad ".join(f"x{subs[i]}{e}{t}" for i, t in enumerate(texts))),
        " 或 ".join(s.inline(f"x{e}{t}") for t in texts),
        s.inline(r" \text{ 或 } ".join(f"x{e}{t}" for t in texts)) if s.tex else " 或 ".join(texts),
        f"{kind_word}的{'两' if len(texts) == 2 else '三'}个根分别是 "
        + " 和 ".join(s.inline(t) for t in texts),
        f"{kind_word}的根为 " + "、".join(s.inline(t) for t in texts),
        "解集为 " + s.inline(r"\{" + ", ".join(texts) + r"\}")
        if s.tex
        else "解集为 {" + ", ".join(texts) + "}",
    ]
    if len(texts) == 2 and negatives(distinct[0], distinct[1]):
        forms.append(s.inline(f"x{e}\\pm {number(abs_val(distinct[0]), s)}"))
    return r.choice(forms)


def none_sentence(s: Style, inequality: bool) -> str:
    empty = s.rng.choice([r"\varnothing", r"\emptyset"]) if s.tex else "∅"
    if inequality:
        return s.rng.choice(
            [
                "原不等式无解",
                "不等式无解",
                "不等式的解集为 " + s.inline(empty),
                "解集为空集",
                "该不等式没有实数解",
            ]
        )
    return s.rng.choice(
        [
            "方程无实数根",
            "原方程没有实数根",
            "此方程无实数解",
            "方程在实数范围内无解",
            s.inline(r"\Delta<0") + "，所以原方程无实数根",
            "原方程的解集为 " + s.inline(empty),
        ]
    )


def reals_sentence(s: Style) -> str:
    forms = [
        "解集为全体实数",
        "不等式的解集是 " + s.inline(r"\mathbb{R}") if s.tex else "不等式的解集是 ℝ",
        "x 取全体实数",
        "原不等式的解集为 " + s.inline(r"(-\infty, +\infty)"),
        "任意实数 " + s.inline("x") + " 都满足不等式",
        s.inline(r"x \in \mathbb{R}") if s.tex else "x∈R",
        "解集为 R",
    ]
    return s.rng.choice(forms)


def interval_text(ivs: list[Interval], s: Style) -> str:
    r = s.rng
    ways = ["ineq", "ineq", "interval", "interval", "builder"]
    way = r.choice(ways)
    if way == "interval":
        parts = []
        for lo, hi, lc, hc in ivs:
            lo_t = r"-\infty" if lo is None else number(lo, s, mixed_ok=False)
            hi_t = r.choice([r"+\infty", r"\infty"]) if hi is None else number(hi, s, mixed_ok=False)
            parts.append(("[" if lc else "(") + f"{lo_t}, {hi_t}" + ("]" if hc else ")"))
        union = r" \cup ".join(parts)
        if r.random() < 0.3:
            union = r"x \in " + union
        return ("解集为 " if r.random() < 0.5 else "") + s.inline(union)
    pieces = []
    for lo, hi, lc, hc in ivs:
        lo_t = None if lo is None else number(lo, s, mixed_ok=False)
        hi_t = None if hi is None else number(hi, s, mixed_ok=False)
        lop, hip = (s.le if lc else "<"), (s.le if hc else "<")
        if lo_t is None and hi_t is not None:
            pieces.append(f"x {hip} {hi_t}")
        elif hi_t is None and lo_t is not None:
            pieces.append(f"x {s.ge if lc else '>'} {lo_t}")
        else:
            pieces.append(f"{lo_t} {lop} x {hip} {hi_t}")
    if way == "builder":
        inner = r" \text{ 或 } ".join(pieces) if s.tex else " 或 ".join(pieces)
        body = (r"\{x \mid " + inner + r"\}") if s.tex else "{x | " + plain(inner) + "}"
        return "解集为 " + (s.inline(body) if s.tex else body)
    if len(pieces) > 1 and r.random() < 0.5:
        return " 或 ".join(s.inline(p) for p in pieces)
    joined = r" \text{ 或 } ".join(pieces) if s.tex else " 或 ".join(plain(p) for p in pieces)
    return r.choice(["", "不等式的解集为 ", "原不等式的解集是 "]) + (s.inline(joined) if s.tex else joined)


def system_sentence(values: dict[str, Val], s: Style) -> str:
    e = s.eq()
    rows = [f"{k}{e}{number(v, s, mixed_ok=False)}" for k, v in values.items()]
    forms = [
        "，".join(s.inline(row) for row in rows),
        s.inline(", ".join(rows)),
        "方程组的解是 " + "，".join(s.inline(row) for row in rows),
    ]
    if s.tex:
        forms += [
            s.inline(r"\begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"),
            s.inline(r"\left\{\begin{array}{l} " + r" \\ ".join(rows) + r" \end{array}\right."),
        ]
    return s.rng.choice(forms)


def value_sentence(p: Problem, v: Val, s: Style) -> str:
    r = s.rng
    text = number(v, s)
    if p.unit is not None:
        unit_tex, unit_plain, unit_zh = p.unit
        way = r.choice(["tex", "zh", "paren", "none"])
        if way == "tex":
            core = (
                s.inline(f"{text}" + r.choice([r"\ ", r"\,", " "]) + unit_tex)
                if s.tex
                else f"{text} {unit_plain}"
            )
        elif way == "zh":
            core = val(v, s) + unit_zh
        elif way == "paren" and p.id in CHAINS:
            core = s.inline(p.work[-1] + s.eq() + text) + f"（{unit_zh}）"
        else:
            core = val(v, s)
        return r.choice([f"{p.noun}是 {core}", f"{p.noun}为 {core}", core])
    forms = [
        f"{p.noun}是 {val(v, s)}",
        f"{p.noun}为 {val(v, s)}",
        s.inline("原式" + s.eq() + text),
        val(v, s),
    ]
    if p.id in CHAINS:  # the last line of working continues to the answer: 原式 = … = v
        forms.append(s.inline(p.work[-1] + s.eq() + text))
    return r.choice(forms)


def expr_sentence(p: Problem, tex_plain: tuple[str, str], s: Style) -> str:
    tex, text = tex_plain
    r = s.rng
    if p.kind == "antideriv":
        forms = [
            s.inline(r"\int \cos x\,dx" + s.eq() + tex + " + C"),
            s.inline(tex + " + C") + "（" + s.inline("C") + " 为任意常数）",
            "原函数为 " + s.inline(tex + "+C"),
        ]
        return r.choice(forms) if s.tex else r.choice([f"∫cos x dx = {text} + C", f"{text} + C（C 为常数）"])
    if not s.tex:
        return r.choice([f"{p.lhs} = {text}", text, f"结果是 {text}"])
    forms = [s.inline(f"{p.lhs}{s.eq()}{tex}"), s.inline(tex), "结果是 " + s.inline(tex)]
    if p.kind == "factor":
        forms.append("原式" + s.inline(s.eq() + tex))
    return r.choice(forms)


def answer_sentence(p: Problem, answer: object, s: Style) -> str:
    """The final answer of `p` as a sentence; `answer` is the right one or a wrong option."""
    inequality = p.form == "relation" or p.kind in ("relation", "reals")
    if answer == "none" or (p.kind == "none" and answer is None):
        return none_sentence(s, inequality)
    if answer == "reals" or (p.kind == "reals" and answer is None):
        return reals_sentence(s)
    if p.kind in ("relation", "reals") or (p.kind == "none" and inequality):
        return interval_text(answer, s)  # type: ignore[arg-type]
    if p.kind in ("roots", "none"):
        return roots_sentence(answer, s)  # type: ignore[arg-type]
    if p.kind == "system":
        return system_sentence(answer, s)  # type: ignore[arg-type]
    if p.kind == "value":
        return value_sentence(p, answer, s)  # type: ignore[arg-type]
    return expr_sentence(p, answer[0] if isinstance(answer, list) else answer, s)  # type: ignore[arg-type]


def boxed_math(p: Problem, answer: object, s: Style) -> str | None:
    """The answer as one LaTeX formula for \\boxed{…}, where a model would box it."""
    if p.kind == "value" and isinstance(answer, Fraction | Tex):
        return number(answer, s)
    if p.kind in ("expr", "factor") and isinstance(answer, list):
        return answer[0][0]
    if p.kind == "roots" and isinstance(answer, list) and all(isinstance(a, Fraction | Tex) for a in answer):
        if len(answer) == 2 and answer[0] == answer[1]:
            return f"x_1=x_2={number(answer[0], s)}"
        return ", ".join(f"x_{i + 1}={number(a, s, mixed_ok=False)}" for i, a in enumerate(answer))
    if answer == "none" or (p.kind == "none" and answer is None):
        return s.rng.choice([r"\text{无实数根}" if p.form != "relation" else r"\varnothing", r"\varnothing"])
    return None


# -- a whole reply ------------------------------------------------------------------------------
INTROS = [
    "",
    "",
    "这是一道关于{topic}的题目。",
    "我们来一步一步地解这道题。",
    "好的，下面是详细的解答过程：",
    "**解题思路**：本题考查{topic}。",
    "## 解答",
    "### 分析\n\n本题主要考查{topic}，按步骤计算即可。",
]
TAILS = [
    "",
    "",
    "",
    "希望对你有帮助！如果还有疑问，欢迎继续提问。",
    "**知识点**：{topic}。",
    "💡 **小贴士**：做完后记得把结果代回原题检验。",
]
ROOT_TAILS = [
    "**注意**：若 {delta}，则方程无实数根；本题不属于这种情况。",
    "**检验**：把 {first} 代入原方程，左边 {eq} 右边，所以 {first} 是原方程的解。",
]


def step_lines(p: Problem, s: Style) -> list[str]:
    r = s.rng
    lines: list[str] = []
    question_math = re.sub(r"^[^0-9a-zA-Z(|√∫\\]*", "", p.q).strip()
    if r.random() < 0.5 and question_math:
        lines.append(
            r.choice(["原题：", "已知：", "题目："])
            + (question_math if not s.tex else s.inline(question_math))
        )
    fmt = r.choice(["bold", "numbered", "bullets", "display", "plain"])
    for i, line in enumerate(p.work, 1):
        if fmt == "bold":
            lines.append(f"**第{'一二三四五'[min(i, 5) - 1]}步**：\n\n" + s.display(line))
        elif fmt == "numbered":
            lines.append(f"{i}. " + r.choice(["由题意得：", "计算：", "", "整理得 "]) + s.inline(line))
        elif fmt == "bullets":
            lines.append("- " + s.inline(line))
        elif fmt == "display":
            lines.append(s.display(line))
        else:
            lines.append(r.choice(["可得 ", "则 ", ""]) + s.inline(line))
    return lines


def ending(p: Problem, answer: object, s: Style, heldout: bool) -> tuple[str, str]:
    r = s.rng
    # Half the replies use the tuned phrasings below; the other half the held-out part's own
    # (ernie_heldout) in the held-out part, and earlier rounds of those (ernie_phrasings*) elsewhere.
    other = r.random() < 0.5
    more = r.choice([ernie_phrasings, ernie_phrasings2, ernie_phrasings3, ernie_phrasings4, ernie_phrasings5])
    sentence_in, ending_in = (
        (heldout_sentence, heldout_ending) if heldout else (more.more_sentence, more.more_ending)
    )
    sentence = (sentence_in(p, answer, s) if other else None) or answer_sentence(p, answer, s)
    boxed = boxed_math(p, answer, s) if s.tex else None
    if other and r.random() < 0.6:
        return ending_in(sentence, boxed, s)
    endings: list[tuple[str, Callable[[], str]]] = [
        ("bold-da", lambda: f"**答：** {sentence}。"),
        ("da", lambda: f"答：{sentence}。"),
        ("final-bold", lambda: f"**最终答案**：{sentence}"),
        ("final-heading", lambda: f"### 最终答案\n\n{sentence}。"),
        ("result-bold", lambda: f"**最终结果：** {sentence}"),
        ("answer-heading", lambda: f"## 答案\n\n{sentence}"),
        ("quote-da", lambda: f"> **答**：{sentence}。"),
        ("conclusion", lambda: f"**结论**：{sentence}。"),
        ("yinci", lambda: f"因此，{sentence}。"),
        ("suoyi", lambda: f"所以{sentence}。"),
        ("therefore", lambda: f"∴ {sentence}"),
        ("zongshang", lambda: f"综上所述，{sentence}。"),
        ("gu", lambda: f"故{sentence}。"),
        ("bold-sentence", lambda: f"**所以{sentence}。**"),
    ]
    if boxed is not None:
        endings += [
            ("boxed-final", lambda: f"最终答案是 $\\boxed{{{boxed}}}$。"),
            ("boxed-display", lambda: f"综上，\n\n$$\\boxed{{{boxed}}}$$"),
            ("boxed-after-da", lambda: f"**答：** {sentence}。\n\n$$\\boxed{{{boxed}}}$$"),
        ]
    name, build = r.choice(endings)
    return name, build()


def reply(p: Problem, answer: object, rng: Rng) -> tuple[str, dict[str, str]]:
    s = Style(rng)
    intro = rng.choice(INTROS).format(topic=p.topic or "计算")
    name, end = ending(p, answer, s, part_of(p.id) == "heldout")
    tails = [t.format(topic=p.topic or "计算") for t in TAILS]
    if p.kind == "roots" and isinstance(answer, list) and answer:
        first = s.inline(f"x={number(answer[0], s, mixed_ok=False)}")
        delta = s.inline(r"\Delta<0")
        tails += [t.format(first=first, delta=delta, eq=s.inline("=")) for t in ROOT_TAILS]
    tail = rng.choice(tails)
    parts = [intro, *step_lines(p, s), end, tail]
    text = "\n\n".join(x for x in parts if x)
    return text, {"delim": s.delim, "ending": name, "tail": "yes" if tail else "no"}


def build() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for p in PROBLEMS:
        rng = random.Random(f"{SEED}/{p.id}")  # per problem: adding one never reshuffles the others
        base = {"problem": p.id, "part": part_of(p.id), "q": p.q, "answer": p.answer, "form": p.form}
        for n in range(RIGHT_PER_PROBLEM):
            text, style = reply(p, p.right, rng)
            items.append(base | {"id": f"{p.id}-r{n}", "truth": "right", "style": style, "reply": text})
        for w, wrong in enumerate(p.wrong):
            for n in range(WRONG_PER_OPTION):
                text, style = reply(p, wrong, rng)
                items.append(
                    base | {"id": f"{p.id}-w{w}{n}", "truth": "wrong", "style": style, "reply": text}
                )
    return items


def load(part: str | None = None) -> list[dict[str, Any]]:
    """The stored set (optionally one part: "tune" or "heldout")."""
    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [i for i in items if part is None or i["part"] == part]


def main() -> None:
    items = build()
    DATA.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    parts = {p: sum(1 for i in items if i["part"] == p) for p in ("tune", "heldout")}
    print(f"wrote {len(items)} replies to {DATA} ({parts})")


if __name__ == "__main__":
    main()
