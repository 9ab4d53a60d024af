"""Phrasings used only in the held-out part of the reply set (round 6).

Written before the reader was run on them and never tuned on; about half of the held-out
replies end in one of them, and the held-out problems are themselves never tuned on, so the
held-out figures measure the reader on problems and writing it was not shaped around. Earlier
rounds were measured blind once each and then joined the tuning material (ernie_phrasings*.py).
"""

from __future__ import annotations

from fractions import Fraction

from tests.math.ernie_problems import Interval, Problem, Tex, Val
from tests.math.ernie_style import Style, number, plain


def heldout_ending(sentence: str, boxed: str | None, s: Style) -> tuple[str, str]:
    endings = [
        ("h6-table", f"**答案**\n\n| 项目 | 结果 |\n|---|---|\n| 答案 | {sentence} |"),
        ("h6-zongshang-dedao", f"综上，我们得到：{sentence}"),
        ("h6-key", f"🔑 **答案**：{sentence}"),
        ("h6-jielun-shi", f"结论是：{sentence}。"),
        ("h6-yushi", f"于是 {sentence}。"),
        ("h6-english-answer", f"**Answer:** {sentence}"),
        ("h6-kedechu", f"因此可以得出 {sentence}。"),
        ("h6-zhejiushi", f"这就是答案：{sentence}"),
        ("h6-jieda-gu", f"【解答】按上面的步骤计算，故 {sentence}。"),
        ("h6-o", f"所以这道题的答案是 {sentence} 哦！"),
        ("h6-daanwei", f"答案为{sentence}。"),
    ]
    if boxed is not None and s.tex:
        endings.append(("h6-final-display", f"**最终答案为：**\n$${boxed}$$"))
    return s.rng.choice(endings)


def heldout_sentence(p: Problem, answer: object, s: Style) -> str | None:
    """The answer in a held-out phrasing, or None when there is none for this kind."""
    inequality = p.form == "relation" or p.kind in ("relation", "reals")
    if answer == "none" or (p.kind == "none" and answer is None):
        return _none(s, inequality)
    if answer == "reals" or (p.kind == "reals" and answer is None):
        return _reals(s)
    if p.kind in ("relation", "reals") or (p.kind == "none" and inequality):
        return _intervals(answer, s)  # type: ignore[arg-type]
    if p.kind in ("roots", "none"):
        return _roots(answer, s)  # type: ignore[arg-type]
    if p.kind == "system":
        return _system(answer, s)  # type: ignore[arg-type]
    if p.kind == "value" and isinstance(answer, Fraction | Tex):
        return _value(p, answer, s)
    if p.kind in ("expr", "factor", "antideriv") and isinstance(answer, list):
        return _expr(p, answer[0], s)
    return None


def _m(s: Style, tex: str) -> str:
    return s.inline(tex) if s.tex else plain(tex)


def _num(v: Val, s: Style) -> str:
    if not s.tex:
        return v.plain if isinstance(v, Tex) else plain(number(v, s, mixed_ok=False))
    return number(v, s, mixed_ok=False)


def _none(s: Style, inequality: bool) -> str:
    if inequality:
        return s.rng.choice(["原不等式无解", "不等式的解集为 " + _m(s, r"\emptyset")])
    return s.rng.choice(["方程无实数根", "原方程无解", _m(s, r"\therefore") + " 原方程无实数根"])


def _reals(s: Style) -> str:
    return s.rng.choice([_m(s, "x") + " 取任何实数", _m(s, r"\mathbb{R}"), _m(s, r"(-\infty, +\infty)")])


def _intervals(ivs: list[Interval], s: Style) -> str:
    r = s.rng
    pieces = []
    for lo, hi, lc, hc in ivs:
        le, ge = (r"\le", r"\ge") if s.tex else ("≤", "≥")
        if lo is None:
            pieces.append(f"x {le if hc else '<'} {_num(hi, s)}")  # type: ignore[arg-type]
        elif hi is None:
            pieces.append(f"x {ge if lc else '>'} {_num(lo, s)}")
        else:
            pieces.append(f"{_num(lo, s)} {le if lc else '<'} x {le if hc else '<'} {_num(hi, s)}")
    parts = []
    for lo, hi, lc, hc in ivs:
        a = (r"-\infty" if s.tex else "-∞") if lo is None else _num(lo, s)
        b = (r"+\infty" if s.tex else "+∞") if hi is None else _num(hi, s)
        parts.append(("[" if lc else "(") + f"{a},{b}" + ("]" if hc else ")"))
    way = r.choice(["or", "builder-spaces", "union", "plain-chain"])
    if way == "builder-spaces" and s.tex:
        return s.inline(r"\{x\,|\," + r"\ \text{或}\ ".join(pieces) + r"\}")
    if way == "union":
        return _m(s, (r"\cup" if s.tex else "∪").join(parts))
    if way == "plain-chain" and not s.tex:
        return " 或 ".join(p.replace(" ", "") for p in pieces)
    return " 或 ".join(_m(s, p) for p in pieces)


def _roots(values: list[Val], s: Style) -> str:
    r = s.rng
    distinct = list(dict.fromkeys(values))
    texts = [_num(v, s) for v in distinct]
    if len(values) == 2 and len(distinct) == 1:
        return r.choice([_m(s, f"x_1=x_2={texts[0]}") + "（重根）", _m(s, f"x={texts[0]}") + "（二重根）"])
    if len(distinct) == 1:
        return _m(s, f"x = {texts[0]}") + " 为原方程的解"
    forms = [
        "，".join(_m(s, f"x_{i + 1}={t}") for i, t in enumerate(texts)) + " 是原方程的两个根",
        "解得：" + "；".join(_m(s, f"x_{{{i + 1}}}={t}") for i, t in enumerate(texts)),
        " or ".join(_m(s, f"x={t}") for t in texts),
    ]
    if not s.tex:
        forms.append(" ".join(f"x{'₁₂₃'[i]}={t}" for i, t in enumerate(texts)))
    return r.choice(forms)


def _system(values: dict[str, Val], s: Style) -> str:
    pairs = [(k, _num(v, s)) for k, v in values.items()]
    if s.tex:
        return s.rng.choice(
            [
                s.inline(r"\begin{cases} " + r" \\ ".join(f"{k} = {t}" for k, t in pairs) + r" \end{cases}"),
                s.inline(
                    r"\{ \begin{array}{l} " + r" \\ ".join(f"{k}={t}" for k, t in pairs) + r" \end{array}"
                ),
                "方程组的解为 " + s.inline("(" + ", ".join(t for _, t in pairs) + ")"),
            ]
        )
    return "，".join(f"{k}={t}" for k, t in pairs)


def _value(p: Problem, v: Fraction | Tex, s: Style) -> str:
    r = s.rng
    text = _num(v, s)
    if p.unit is not None:
        unit_tex, unit_plain, unit_zh = p.unit
        if s.tex:
            return r.choice(
                [s.inline(text + r"\;" + unit_tex), s.inline("S=" + text + unit_tex.replace("{", "{ "))]
            )
        return r.choice([f"{text} {unit_plain}", f"{text}{unit_zh}"])
    if s.tex:
        forms = [s.inline(text), "结果是 " + s.inline(r"\mathbf{" + text + "}")]
        if isinstance(v, Fraction) and v.denominator != 1 and abs(v.numerator) < 10 and v.denominator < 10:
            forms.append(s.inline(rf"\dfrac{v.numerator}{v.denominator}") if v > 0 else s.inline(text))
        return r.choice(forms)
    return r.choice([text, f"＝{text}"])


def _expr(p: Problem, tex_plain: tuple[str, str], s: Style) -> str:
    tex, text = tex_plain
    if not s.tex:
        return text + (" + C（C为常数）" if p.kind == "antideriv" else "")
    if p.kind == "antideriv":
        return s.inline(tex + "+C") + " (C为常数)"
    if p.kind == "factor":
        return s.inline(tex)
    return s.inline(f"{p.lhs}={tex}")
