"""Where a model's reply states its final answer, and that passage as plain maths text.

A reply is Markdown with LaTeX in any of $…$, $$…$$, \\(…\\), \\[…\\], or plain Unicode. The final
answer is looked for, strongest first:
1. the last \\boxed{…};
2. the passage after the last answer label — 答：, 答案, 最终答案, 最终结果, 结论, 综上(所述), the answer
   is — in plain text, bold (**答：**) or as a heading (### 最终答案, with the answer in the next
   paragraph);
3. the passages after the last few conclusion words — 所以, 因此, 故, ∴, 从而, 即, 解得, 解为, 解集为 …;
4. the last line with a digit (weak: it may be an intermediate step, so it can only agree).
Paragraphs after the answer that are a check, a tip, an exercise or a sign-off (检验, 注意, 小贴士,
练习, 你能…, 希望…) are not looked at: they restate or discuss, and "若 Δ<0 则方程无实数根" in a tip is not the answer.

`plain_math` turns the LaTeX an answer uses into text the solver's parser reads, keeping what
carries meaning in an answer: mixed numbers (1\\frac{1}{4}, 1又1/4 are 5/4, not a product), ±,
∪, ℝ, ∅, ∈, set braces, cases written as rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAIL_CHARS = 6_000  # the final answer sits at the end; the rest of a long reply is working
PASSAGE_CHARS = 600  # an answer sentence is short; more is working caught by a missing full stop


@dataclass(frozen=True)
class Passage:
    text: str  # plain maths text (see plain_math), Chinese words kept
    source: str  # "boxed", "label", "conclusion", "last line"

    @property
    def weak(self) -> bool:
        return self.source == "last line"


# -- Markdown and delimiters -------------------------------------------------------------------
_DELIMS = re.compile(r"\$\$|\\\[|\\\]|\\\(|\\\)")
_MD_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]*|>[ \t]?|[-*+][ \t]+|\d{1,2}[.、)][ \t]+)", re.M)
_MD_INLINE = re.compile(r"\*\*|__|`+|~~")
_TAIL_HEAD = re.compile(
    r"^\s*(?:[【\[]?\s*(?:检验|验证|验算|注意|提示|小贴士|知识点|易错点|拓展|延伸|点评|方法总结|练习|举一反三|变式|"
    r"思考题|想一想|试一试)|你可以试|你能|接下来可以|类似的题|希望|如有|如果还有|有疑问|💡|📌|⚠)"
)


def markdown_plain(reply: str) -> str:
    """Markdown marks and LaTeX display delimiters gone; every maths span between single $."""
    text = reply.replace("\r\n", "\n")
    text = _LIST_AFTER_COLON.sub(_join_list, text)
    text = _DELIMS.sub("$", text)
    text = text.replace("【", " ").replace("】", "：")  # 【答案】 is a label like 答案：
    text = _MD_LINE.sub("", text)
    return _MD_INLINE.sub("", text)


# "原方程的解是：" then one root per list item: the whole list is the answer's sentence.
_ITEM = r"[ \t]*(?:[-*+•]|\d{1,2}[.、)])[ \t]+[^\n]*"
_LIST_AFTER_COLON = re.compile(rf"(?<=[:：])[ \t]*\n(?:[ \t]*\n)*({_ITEM}(?:\n(?:[ \t]*\n)*{_ITEM})*)")
_ITEM_MARK = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,2}[.、)])[ \t]+", re.M)


def _join_list(m: re.Match[str]) -> str:
    items = [ln.strip() for ln in _ITEM_MARK.sub("", m.group(1)).split("\n") if ln.strip()]
    return " " + "；".join(item.rstrip("。；;") for item in items)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs split on blank lines — except inside $…$, where a display formula may have them."""
    out: list[str] = []
    current: list[str] = []
    dollars = 0
    for line in text.split("\n"):
        if not line.strip() and dollars % 2 == 0:
            if current:
                out.append("\n".join(current))
                current = []
            continue
        current.append(line)
        dollars += line.count("$")
    if current:
        out.append("\n".join(current))
    return out


def _drop_tail(paragraphs: list[str]) -> tuple[list[str], bool]:
    """Checks, tips and sign-offs after the answer are not the answer (but a paragraph with an
    answer label is kept, whatever it starts with: 📌 最终答案：…). Also says whether a dropped
    paragraph held maths, which makes the last line of what is left no evidence of the end."""
    end = len(paragraphs)
    maths_dropped = False
    while end > 1 and _is_tail(paragraphs[end - 1]):
        maths_dropped = maths_dropped or bool(re.search(r"[0-9]|\$", paragraphs[end - 1]))
        end -= 1
    return paragraphs[:end], maths_dropped


def _is_tail(paragraph: str) -> bool:
    if _EXERCISE_HEAD.match(paragraph):
        return True  # another problem or a wrong answer, with an answer label: "举一反三：…，答案是 …"
    if _LABEL.search(paragraph):
        return False
    if _TAIL_HEAD.match(paragraph):
        return True
    # 总结：… sums up the method ("先找 2 和 3 的最小公倍数 6"), unless it states the result (解为 …)
    summary = _SUMMARY_HEAD.match(paragraph)
    if summary is None or _CONCLUSION.search(paragraph, summary.end()):
        return False
    # "总结：$48$" is the answer itself: maths and joining words only, no prose about the method
    words = re.sub(r"\$[^$]*\$|或者|或|和|且|[，。、；,.;:\s]", "", paragraph[summary.end() :])
    return bool(re.search(f"[{_CJK_CHARS}]", words))


_CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff"
_EXERCISE_HEAD = re.compile(
    r"^\s*[（(]?\s*[【\[]?\s*(?:练习|巩固练习|拓展练习|举一反三|变式|思考题|想一想|试一试|类似的题|再来一题|"
    # another question's answer ("如果题目是 x²+5x+6=0，答案是 …") or a wrong one (易错点, 错误答案)
    r"如果|假如|假设|倘若|要是|若(?:题目|原题|题中|方程|不等式)|易错|常见错误|错误答案|错解|误区)"
)
_SUMMARY_HEAD = re.compile(r"^\s*[【\[]?\s*(?:总结|小结|归纳)\s*[】\]]?\s*[:：]?")


# -- finding the passage ----------------------------------------------------------------------
_LABEL = re.compile(
    r"(?:最终答案|最后答案|最终结果|最终的结果|最后结果|正确答案|(?<![回解作])答案(?!解析|分析|详解|与解析)|"
    r"(?<![回解作])答(?=\s*[:：])|结果(?=\s*[:：])|结论|综上所述|综上|the (?:final )?answer is|"
    r"final answer)\s*(?:是|为)?\s*[:：]?",
    re.I,
)
_CONCLUSION = re.compile(
    r"(?:所以|因此|因而|故而|故|∴|\\therefore|从而|于是|即(?!可|使)|解得|求得|得到|可得|最终得|得出|解为|解是|解集为|解集是|"
    r"可知|所求(?:的)?(?:结果|值)?(?:为|是)|综合以上(?:步骤|分析|所述)?|(?<=^)(?:总结|小结)\s*[:：]|(?<=\n)(?:总结|小结)\s*[:：]|"
    r"(?:最终|最后)(?=\s*[,，])|"
    r"\btherefore\b|\bthus\b|\bhence\b|\bso\b)\s*[:：,，]?",
    re.I,
)
_SENTENCE_END = re.compile(r"。|\n|\.(?=\s|$)|！|(?<![0-9a-zA-Z)])!")  # 6! is a factorial


def _sentence_after(text: str, start: int) -> str:
    """From `start` to the end of its sentence, not cutting inside $…$; the next paragraph when
    the label ends its line (### 答案 ↵ the answer)."""
    rest = text[start:]
    i, dollars = 0, 0
    while i < len(rest):
        ch = rest[i]
        if ch == "$":
            dollars += 1
        elif (
            dollars % 2 == 0
            and _SENTENCE_END.match(rest, i)
            # a label alone on its line goes on to the answer on the next non-empty line
            and (
                rest[i] != "\n"
                or re.search(r"[0-9a-zA-Z∅ℝ\\]|无|没有|不存在|全体|任意|一切|所有|空集", rest[:i])
            )
        ):
            break
        i += 1
    return rest[:i][:PASSAGE_CHARS].strip(" \n:：,，")


def _boxed(text: str) -> str | None:
    """The last \\boxed{…}, with the boxes just before it when only a joining word or a comma
    stands between them: $\\boxed{x=2}$ 和 $\\boxed{x=3}$ boxes one answer in two."""
    boxes: list[tuple[int, int, str]] = []
    for mt in re.finditer(r"\\boxed\s*\{", text):
        depth = 0
        for i in range(mt.end() - 1, len(text)):
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    boxes.append((mt.start(), i + 1, text[mt.end() : i]))
                    break
    if not boxes:
        return None
    kept = [boxes[-1]]
    for box in reversed(boxes[:-1]):
        if not _BETWEEN_BOXES.fullmatch(text[box[1] : kept[0][0]]):
            break
        kept.insert(0, box)
    return "，".join(content for _, _, content in kept)


_BETWEEN_BOXES = re.compile(
    r"[\s$,，、;；]*(?:和|或|或者|及|与|and|or|\\quad|\\qquad|\\,|\\;)?[\s$,，、;；]*"
)


def _has_content(passage: str) -> bool:
    return bool(re.search(r"[0-9a-zA-Z∅ℝ√π∞]|无|没有|不存在|全体|任意|一切|所有|空集", passage))


def final_passages(reply: str) -> list[Passage]:
    """Candidate final-answer passages, strongest first (at most a handful)."""
    text = markdown_plain(reply[-TAIL_CHARS:])
    kept, maths_dropped = _drop_tail(_paragraphs(text))
    body = "\n\n".join(kept)
    out: list[Passage] = []
    boxed = _boxed(body)
    if boxed:
        out.append(Passage(plain_math(boxed), "boxed"))
    labels = list(_LABEL.finditer(body))
    for mt in reversed(labels[-2:]):
        passage = _sentence_after(body, mt.end())
        if _has_content(passage):
            out.append(Passage(plain_math(passage), "label"))
    for mt in reversed(list(_CONCLUSION.finditer(body))[-3:]):
        passage = _sentence_after(body, mt.end())
        if _has_content(passage):
            out.append(Passage(plain_math(passage), "conclusion"))
    # Only the very last line: an earlier one is working, and working is often equivalent to the
    # answer — (x-1)² ≥ 0 has the same solutions as the question — so it proves nothing.
    lines = [ln for ln in re.split(r"[\n。]", body) if ln.strip(" $")]
    if lines and _has_content(lines[-1]) and not maths_dropped:
        out.append(Passage(plain_math(lines[-1][-PASSAGE_CHARS:]), "last line"))
    return out


# -- LaTeX as plain answer text ----------------------------------------------------------------
_CASES = re.compile(r"\\begin\{(cases|array|aligned|gathered|matrix)\}(?:\{[^}]*\})?(.*?)\\end\{\1\}", re.S)
# \left\{ \begin{array} … \end{array} \right. : a system's brace, opened and never closed
_BRACED_ROWS = re.compile(r"\\left\s*\\\{\s*(\\begin\{(\w+)\}.*?\\end\{\2\})\s*\\right\s*\.", re.S)
# ✅ 🎯 👉 ⭐ beside an answer are decoration (✕ and ✖ are kept: normalize reads them as ×)
_EMOJI = re.compile("[\u2600-\u2714\u2717-\u27bf\u2b50\u2b55\ufe0f\U0001f300-\U0001faff]")
_WRAPPER = re.compile(
    r"\\(?:text|mathrm|textrm|mathit|mathbf|mathsf|boldsymbol|bm|operatorname|mbox|textbf|color\{[a-z]+\})\s*\{"
)
# Full-width maths a Chinese IME types (＜ 3, ＝, ５); the punctuation that separates clauses
# (，。；：（）) stays as it is.
_FULL_WIDTH = str.maketrans("＜＞＝＋－／＊［］｛｝｜０１２３４５６７８９．", "<>=+-/*[]{}|0123456789.") | {
    ord(c): ord(c) - 0xFEE0
    for c in "ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ"
}
_MIXED_TEX = re.compile(
    r"(?<![\d.}^_])(\d+)\s*\\[dt]?frac\s*(?:\{\s*(\d+)\s*\}|(\d))\s*(?:\{\s*(\d+)\s*\}|(\d))"
)
_MIXED_ZH = re.compile(r"(?<![\d.])(\d+)\s*又\s*(\d+)\s*/\s*(\d+)")
_MIXED_ZH_FEN = re.compile(r"(?<![\d.])(\d+)\s*又\s*(\d+)\s*分之\s*(\d+)")
_WORDS = [
    (r"\\(?:varnothing|emptyset|O)(?![A-Za-z])", " ∅ "),
    (r"\\mathbb\s*\{?\s*R\s*\}?", " ℝ "),
    (r"\\(?:cup|bigcup)(?![A-Za-z])", " ∪ "),
    (r"\\(?:cap)(?![A-Za-z])", " ∩ "),
    (r"\\in(?![A-Za-z])", " ∈ "),
    (r"\\(?:mid|vert)(?![A-Za-z])", " | "),
    (r"\\infty(?![A-Za-z])", "∞"),
    # x_{1,2} = 1 ± √2 and x₁,₂ = 2 name both roots at once
    (r"(?<![A-Za-z])([a-zA-Z])\s*(?:_\s*\{\s*1\s*,\s*2\s*\}|₁\s*,\s*₂)", r"\1"),
    # The discriminant is a name in a condition (Δ < 0), never the answer's unknown.
    (r"\\Delta(?![A-Za-z])|Δ", " D "),
    (r"\\pm(?![A-Za-z])", "±"),
    (r"\\mp(?![A-Za-z])", "∓"),
    (r"\\(?:leqslant|leq|le)(?![A-Za-z])", " ≤ "),
    (r"\\(?:geqslant|geq|ge)(?![A-Za-z])", " ≥ "),
    (r"\\lt(?![A-Za-z])", " < "),
    (r"\\gt(?![A-Za-z])", " > "),
    (r"\\(?:neq|ne)(?![A-Za-z])", " ≠ "),
    (r"\\approx(?![A-Za-z])", " ≈ "),
    (r"\\therefore(?![A-Za-z])", " ∴ "),
    (r"\\because(?![A-Za-z])", " ∵ "),
    (r"\\(?:Rightarrow|implies|Longrightarrow)(?![A-Za-z])", " ⇒ "),
    (r"\\(?:quad|qquad|displaystyle|textstyle)(?![A-Za-z])", " "),
    (r"\\[,;:! ]", " "),
    (r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)\s*\.", " "),
    (r"\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![A-Za-z])", ""),
    (r"\\[dt]frac(?![A-Za-z])", r"\\frac"),
    (r"~", " "),
]
# ㎠ and its kin are one character each; NFKC would make ㎠ "cm2", which reads as a product.
_UNIT_SIGNS = str.maketrans(
    {"㎠": "cm²", "㎡": "m²", "㎤": "cm³", "㎥": "m³", "㎝": "cm", "㎜": "mm", "㎞": "km", "㎏": "kg"}
)
_PERCENT_ZH = re.compile(r"百分之\s*(\d+(?:\.\d+)?)")
_FRACTION_ZH = re.compile(r"(?<![\d.又])(\d+)\s*分之\s*(\d+)")
_NEGATIVE_ZH = re.compile(r"负\s*(?=[\d(（\\√])")
_THOUSANDS = re.compile(r"(?<![\d.,(\[{])\d{1,3}(?:,\d{3})+(?![\d,.])")
_WORD_RES = [(re.compile(p), r) for p, r in _WORDS]


def _rows(m: re.Match[str]) -> str:
    # cases / array rows are separate statements: x=2 \\ y=3 → "x=2 ; y=3"; a row's tag — & (1),
    # \\tag{2}, ① — names the equation and is not part of it
    body = _ROW_TAG.sub(" ", m.group(2))
    return " " + body.replace("&", " ").replace("\\\\", " ; ") + " "


_ROW_TAG = re.compile(r"&\s*\(\s*\d+\s*\)|\\tag\s*\{[^{}]*\}|&\s*[①-⑩]|[①-⑩](?=\s*(?:\\\\|$))")


def _mixed(whole: str, num: str, den: str) -> str:
    return f"({whole}+{num}/{den})"


def _unwrap(text: str) -> str:
    """\\text{…}, \\mathbf{…}, \\boldsymbol{…}: their content, braces balanced (\\mathbf{\\frac{5}{6}})."""
    for _ in range(20):  # each pass unwraps the innermost-first occurrence; answers nest a little
        mt = _WRAPPER.search(text)
        if mt is None:
            return text
        depth, end = 0, len(text)
        for i in range(mt.end() - 1, len(text)):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            if depth == 0:
                end = i
                break
        text = f"{text[: mt.start()]} {text[mt.end() : end]} {text[end + 1 :]}"
    return text


def plain_math(text: str) -> str:
    """An answer passage's LaTeX as text the parser reads; prose is kept as it is."""
    text = _EMOJI.sub(" ", text.translate(_UNIT_SIGNS).translate(_FULL_WIDTH))
    text = _BRACED_ROWS.sub(lambda m: m.group(1), text)
    text = _CASES.sub(_rows, text)
    text = _unwrap(text)
    for pattern, repl in _WORD_RES:
        text = pattern.sub(repl, text)
    text = _MIXED_TEX.sub(
        lambda m: _mixed(m.group(1), m.group(2) or m.group(3), m.group(4) or m.group(5)), text
    )
    text = _MIXED_ZH.sub(lambda m: _mixed(m.group(1), m.group(2), m.group(3)), text)
    text = _MIXED_ZH_FEN.sub(lambda m: _mixed(m.group(1), m.group(3), m.group(2)), text)
    # Number words between digits are part of the number, not words that split it:
    # 负3 is -3, 3分之4 is 4/3, 百分之25 is 25% (read as "3", "4" they would be other values).
    text = _PERCENT_ZH.sub(lambda m: f"{m.group(1)}%", text)
    text = _FRACTION_ZH.sub(lambda m: f"({m.group(2)}/{m.group(1)})", text)
    text = _NEGATIVE_ZH.sub("-", text)
    # 1,230 元 is one number (read as "1, 230" it agreed with 230); not inside brackets: [1,100]
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    text = text.replace("\\{", "{").replace("\\}", "}").replace("$", " ")
    return re.sub(r"[ \t]+", " ", text).strip()
