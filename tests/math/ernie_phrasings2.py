"""Yet more ways replies end, used in the tuning part (round 2 of the held-out phrasings).

Written as the held-out part's own phrasings and measured blind once (round 2: 1 wrong answer
verified, 83.3% of wrong answers caught, 95.5% of right ones confirmed, 0.6% flagged, 9.1%
unchecked); then they joined the tuning material, and tests/math/ernie_heldout.py holds new ones.
【最终答案】, 本题答案, a horizontal rule before 答, The final answer is, aligned systems,
\\mathbf{R}, \\mathrm{~cm}^{2}, y^{\\prime}, \\mathrm{d}x …
"""

from __future__ import annotations

from fractions import Fraction

from tests.math.ernie_problems import Interval, Problem, Tex, Val
from tests.math.ernie_style import Style, number


def more_ending(sentence: str, boxed: str | None, s: Style) -> tuple[str, str]:
    endings = [
        ("h2-bracket-bold", f"**【最终答案】** {sentence}"),
        ("h2-suoyi-comma", f"所以，{sentence}。"),
        ("h2-benti", f"本题答案：{sentence}"),
        ("h2-result-bold", f"**结果：** {sentence}"),
        ("h2-rule-da", f"---\n\n**答**：{sentence}。"),
        ("h2-yiner", f"因而 {sentence}。"),
        ("h2-dedao", f"这样就得到 {sentence}。"),
        ("h2-quote-pin", f"> 📌 最终答案：{sentence}"),
        ("h2-english", f"The final answer is {sentence}."),
        ("h2-bullet", f"综上所述：\n\n- {sentence}"),
    ]
    if boxed is not None and s.tex:
        endings.append(("h2-boxed-after-suoyi", f"所以\n\n$\\boxed{{{boxed}}}$"))
    return s.rng.choice(endings)


def more_sentence(p: Problem, answer: object, s: Style) -> str | None:
    """The answer in one of these phrasings, or None when there is none for this kind."""
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


def _m(s: Style, tex: str, plain: str) -> str:
    return s.inline(tex) if s.tex else plain


def _plain_number(v: Val, s: Style) -> str:
    if isinstance(v, Tex):
        return v.plain
    text = number(v, s, mixed_ok=False)
    return (
        text.replace(r"\dfrac", "").replace(r"\frac", "").replace("}{", "/").replace("{", "").replace("}", "")
    )


def _none(s: Style, inequality: bool) -> str:
    if inequality:
        return s.rng.choice(["原不等式的解集为空集 " + _m(s, r"\varnothing", "∅"), "没有实数 x 满足该不等式"])
    return s.rng.choice(
        [
            "原方程无实数根（" + _m(s, r"\Delta<0", "Δ<0") + "）",
            "方程没有实数解，解集为 " + _m(s, r"\varnothing", "∅"),
        ]
    )


def _reals(s: Style) -> str:
    return s.rng.choice(
        [
            _m(s, "x", "x") + " 可以取任意实数",
            "解集为 " + _m(s, r"\mathbf{R}", "R"),
            "解集为全体实数 " + _m(s, r"\mathbb{R}", "ℝ"),
        ]
    )


def _end(v: Val | None, s: Style, low: bool) -> str:
    if v is None:
        return (r"-\infty" if low else r"\infty") if s.tex else ("-∞" if low else "∞")
    return number(v, s, mixed_ok=False) if s.tex else _plain_number(v, s)


def _intervals(ivs: list[Interval], s: Style) -> str:
    r = s.rng
    way = r.choice(["in-left-right", "builder-tight", "huozhe", "chain"])
    if way == "in-left-right":
        parts = []
        for lo, hi, lc, hc in ivs:
            o, c = ("[" if lc else "("), ("]" if hc else ")")
            a, b = _end(lo, s, True), _end(hi, s, False)
            parts.append(rf"\left{o}{a},{b}\right{c}" if s.tex else f"{o}{a}, {b}{c}")
        joined = (r" \cup " if s.tex else " ∪ ").join(parts)
        return _m(s, r"x\in" + joined, "x ∈ " + joined)
    pieces = []
    le = r"\le " if s.tex else "≤"
    ge = r"\ge " if s.tex else "≥"
    for lo, hi, lc, hc in ivs:
        if lo is None:
            pieces.append(f"x{le if hc else '<'}{_end(hi, s, False)}")
        elif hi is None:
            pieces.append(f"x{ge if lc else '>'}{_end(lo, s, True)}")
        else:
            pieces.append(f"{_end(lo, s, True)}{le if lc else '<'}x{le if hc else '<'}{_end(hi, s, False)}")
    if way == "builder-tight":
        body = "{x|" + "或".join(pieces) + "}"
        return "解集为 " + (s.inline(body.replace("{", r"\{").replace("}", r"\}")) if s.tex else body)
    if way == "huozhe":
        return " 或者 ".join(s.inline(p) if s.tex else p for p in pieces)
    return (
        "得 " + "，".join(s.inline(p) if s.tex else p for p in pieces)
        if len(pieces) == 1
        else ("解集为 " + " 或 ".join(s.inline(p) if s.tex else p for p in pieces))
    )


def _roots(values: list[Val], s: Style) -> str:
    r = s.rng
    distinct = list(dict.fromkeys(values))
    texts = [number(v, s, mixed_ok=False) if s.tex else _plain_number(v, s) for v in distinct]
    if len(values) == 2 and len(distinct) == 1:
        return r.choice(
            [
                _m(s, f"x_1 = x_2 = {texts[0]}", f"x₁ = x₂ = {texts[0]}") + "，即方程有两个相等的实数根",
                _m(s, f"x={texts[0]}", f"x={texts[0]}") + "（重根）",
            ]
        )
    if len(distinct) == 1:
        return r.choice(
            [
                "未知数 " + _m(s, "x", "x") + " 的值为 " + _m(s, texts[0], texts[0]),
                _m(s, f"x={texts[0]}", f"x={texts[0]}"),
            ]
        )
    forms = [
        " 或 ".join(_m(s, f"x_{i + 1} = {t}", f"x{'₁₂₃'[i]} = {t}") for i, t in enumerate(texts)),
        "方程的解为 " + "，".join(_m(s, f"x={t}", f"x={t}") for t in texts),
        "、".join(_m(s, f"x={t}", f"x={t}") for t in texts),
        "两根为 " + "、".join(_m(s, t, t) for t in texts),
    ]
    if not s.tex:
        forms.append("方程的实数根为 " + "，".join(f"x{'₁₂₃'[i]}={t}" for i, t in enumerate(texts)))
    return r.choice(forms)


def _system(values: dict[str, Val], s: Style) -> str:
    texts = [number(v, s, mixed_ok=False) if s.tex else _plain_number(v, s) for v in values.values()]
    pairs = list(zip(values, texts, strict=True))
    if s.tex:
        return s.rng.choice(
            [
                s.inline(
                    r"\left\{ \begin{aligned} "
                    + r" \\ ".join(f"{k} &= {t}" for k, t in pairs)
                    + r" \end{aligned} \right."
                ),
                " 且 ".join(s.inline(f"{k}={t}") for k, t in pairs),
            ]
        )
    return "所求方程组的解为 {" + ", ".join(f"{k}={t}" for k, t in pairs) + "}"


def _value(p: Problem, v: Fraction | Tex, s: Style) -> str:
    r = s.rng
    text = number(v, s) if s.tex else _plain_number(v, s)
    if p.unit is not None:
        unit_tex, unit_plain, unit_zh = p.unit
        if s.tex:
            base = unit_tex.split("{")[1].split("}")[0]
            power = "^{2}" if "^2" in unit_tex else ""
            return r.choice(
                [
                    s.inline(text + r"\,\text{" + unit_zh + "}"),
                    f"{p.noun}为 " + s.inline(text + r" \mathrm{~" + base + "}" + power),
                ]
            )
        return r.choice([f"{text}{unit_zh}（{unit_plain}）", f"{p.noun}：{text} {unit_plain}"])
    forms = [
        "结果等于 " + _m(s, text, text),
        _m(s, r"\therefore", "∴") + " 原式 " + _m(s, "=" + text, "=" + text),
        "值为 " + _m(s, text, text),
    ]
    return r.choice(forms)


def _expr(p: Problem, tex_plain: tuple[str, str], s: Style) -> str:
    tex, plain = tex_plain
    if not s.tex:
        return (
            f"{p.lhs or '结果'}：{plain}" if p.kind != "antideriv" else f"∫cos x dx = {plain} + C（C为常数）"
        )
    if p.kind == "antideriv":
        return s.rng.choice(
            [
                s.inline(r"\int\cos x\,\mathrm{d}x=" + tex + "+C"),
                s.inline(tex + "+C") + "（" + s.inline("C") + "为常数）",
            ]
        )
    tex2 = tex.replace("e^", r"\mathrm{e}^").replace("^2", "^{2}")
    lhs = p.lhs.replace("'", r"^{\prime}")
    return s.rng.choice([s.inline(f"{lhs}={tex2}"), "结果为 " + s.inline(tex2)])
