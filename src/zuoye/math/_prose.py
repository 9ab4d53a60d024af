"""Accounting for the words: every Chinese word around the maths must be one the solver knows.

The maths is read from the runs between Chinese words, so a word the solver does not know would
otherwise vanish — and `x的平方-4x+4=0` would be solved as `-4x+4=0`. After the maths phrases
are rewritten (`_phrases`), every run of Chinese must split into the words below: task words the
readers act on (解方程, 的导数, 首项为…), question framing (已知, 求, 是多少) and joins (和, 时, 在).
Anything else is reported back, and the solver refuses rather than answer another question.

Deliberately absent: words that change the maths (平方, 倒数, 正数, 整数, 保留…) unless a reader
acts on them; `的` alone (`的和` must not pass as 的 + 和); number words (三个数); 或 (the readers
take the relations of a question together, so x+1>0 或 2x-3<1 would be solved as its 且); 精确到 (no
reader rounds: 计算 1/3（精确到0.01） was answered 1/3 and shown as 计算 1/3).
"""

from __future__ import annotations

import re
from functools import lru_cache

from zuoye.math._phrases import CJK

_TASKS = """
计算 求 解 求解 求值 化简 约分 通分 先化简 再求值 化简求值 因式分解 分解因式 分解质因数 展开 展开式 的展开式 的展开式中 展开式中
解方程 解方程组 解不等式 解不等式组 解一元一次方程 解一元二次方程 解二元一次方程组 解分式方程 解关于 的方程
方程 方程组 不等式 不等式组 一元一次方程 一元二次方程 二元一次方程组 分式方程 的解 的解集 的根 的实数根 的解是 的根是
的解为 的解是多少 的解集是 求方程 求不等式 的两个根 两个根 的两根 的两个解
求导 求导数 导数 的导数 的导函数 导函数 的二阶导数 二阶导数 的导数值 处的导数 处的导数值 处的函数值 函数值
在 区间 在区间 处 的切线方程 处的切线方程 切线方程 曲线 在点 求曲线
积分 不定积分 定积分 求积分 求不定积分 求定积分 计算定积分 计算不定积分 的定积分 的不定积分 从 到
极限 求极限 的极限
的值 的值是 的值为 的值是多少 代数式 求代数式 的最小值 的最大值 最小值 最大值 的最值 上的最大值 上的最小值
上的最大值和最小值 的极值 的极大值 的极小值 极值 极大值 极小值 函数 求函数 已知函数 设函数 二次函数 一次函数 已知二次函数 分段函数 已知分段函数
行列式 计算行列式 求行列式 的行列式
平均数 的平均数 的平均分 平均分 平均值 的平均值 方差 的方差 中位数 的中位数 众数 的众数 标准差 的标准差 极差 的极差
数据 一组数据 求数据 求一组数据 的中位数是多少 的平均数是多少
最大公约数 的最大公约数 最大公因数 的最大公因数 最小公倍数 的最小公倍数 的最大公约数是 的最大公约数是多少
的最小公倍数是 的最小公倍数是多少
等差数列 等比数列 数列 已知等差数列 已知等比数列 首项 首项为 公差 公差为 公比 公比为 求公差 求公比 第 项 项是 前 项和
项的和 的前 求第 求前 的第 通项 通项公式 的通项公式 项的值
组合数 排列数 计算组合数 计算排列数 阶乘 的阶乘 计算阶乘
系数 的系数 项的系数
关于
某班 某组 同学 名同学 学生 名学生 个数 的成绩 成绩 的成绩为 成绩为 分别为 分别是 得分 的得分
"""
_FRAMING = """
已知 若 设 令 则 当 时 且 并 和 与 及 以及 其中 这里 那么 试 试求 求出 请 请计算 请求 请解 帮我 帮忙 谢谢 并检验 检验 并
等于 等于多少 等于几 是多少 是几 得多少 得几 多少 几 结果 的结果 的结果是 的结果是多少 结果是多少 结果是 答案 答案是
是 为 得 中 上 内 对 由 把 它 它的 其 该数列 这个数列 此数列 数列的 直接写出得数 口算 脱式计算 简便计算 递等式计算 列式计算 下列 各题 计算下列各题 填空 题 例 问 呢 的结果为
为实数 是实数 在实数范围内 实数范围内 求值时
用因式分解法 用公式法 用配方法 用直接开平方法 用代入消元法 用加减消元法 用代入法 用加减法
"""
LEXICON = frozenset((_TASKS + _FRAMING).split())
# Words only one reader acts on, known only when its subject is in the question: 第3项 means
# nothing to the expander (展开式的第3项 would be answered with the whole expansion).
_SEQUENCE_WORDS = (
    "第 项 项是 前 项和 项的和 的前 求第 求前 的第 通项 通项公式 的通项公式 项的值 首项 首项为 "
    "公差 公差为 公比 公比为 求公差 求公比"
)
_EXPANSION_WORDS = "系数 的系数 项的系数"
_ONLY_WITH: list[tuple[tuple[str, ...], frozenset[str]]] = [
    (("数列", "等差", "等比"), frozenset(_SEQUENCE_WORDS.split())),
    (("展开",), frozenset(_EXPANSION_WORDS.split())),
]
_MAX = max(len(w) for w in LEXICON)


def _lexicon(text: str) -> frozenset[str]:
    out = LEXICON
    for subjects, words in _ONLY_WITH:
        if not any(s in text for s in subjects):
            out = out - words
    return out


_CJK_RUN = re.compile(f"[{CJK}]+")
_CJK = re.compile(f"[{CJK}]")


@lru_cache(maxsize=512)
def _covers(run: str, lexicon: frozenset[str] = LEXICON) -> list[tuple[int, int]]:
    """The spans of `run` no split into known words can cover (empty when it all splits)."""
    n = len(run)
    # best[i]: fewest uncovered characters for run[:i]; a word costs 0, an unknown character 1.
    best = [0] + [n + 1] * n
    back: list[tuple[int, bool]] = [(0, True)] * (n + 1)
    for i in range(1, n + 1):
        for size in range(1, min(_MAX, i) + 1):
            if run[i - size : i] in lexicon and best[i - size] < best[i]:
                best[i], back[i] = best[i - size], (i - size, True)
        if best[i - 1] + 1 < best[i]:
            best[i], back[i] = best[i - 1] + 1, (i - 1, False)
    unknown: list[tuple[int, int]] = []
    i = n
    while i > 0:
        j, known = back[i]
        if not known:
            if unknown and unknown[-1][0] == i:
                unknown[-1] = (j, unknown[-1][1])
            else:
                unknown.append((j, i))
        i = j
    return unknown[::-1]


# English words that are not maths. The lexer would read "2 by 3" as 2·b·y·3 and "how much is"
# as h·o·w·μ·c·h: a standalone one is prose the solver did not understand. Task words it does
# understand (solve, find, the, of …) are dropped before parsing, and letters like ab stay maths.
_ENGLISH_PROSE_TEXT = (
    "by in on at add adds added sum how much many which get give tell me my you your it its this "
    "there was were be been into onto per than so as do does did can could will would should plus "
    "minus times over divided divide multiply multiplied subtract subtracted equals equal product "
    "quotient difference total half twice double triple number numbers percent squared cubed square "
    "cube root power raised less more greater smaller larger bigger between after before when each"
)
_ENGLISH_PROSE = frozenset(_ENGLISH_PROSE_TEXT.split())
_LATIN_WORD = re.compile(r"(?<![A-Za-z\\])[A-Za-z]{2,}(?![A-Za-z])")


# What a question asks, by the reader that does it. A question asking two (求 y=x² 的导数的最小值)
# would be answered for one of them and the other dropped.
_TASK_GROUPS = {
    "求导": ("导数", "求导", "导函数"),
    "最值": ("最小值", "最大值", "最值", "极值", "极大值", "极小值"),
    "积分": ("积分",),
    "极限": ("极限",),
    "因式分解": ("因式分解", "分解因式"),
    "化简": ("化简",),
    "解不等式": ("不等式",),
    "统计": ("平均数", "平均值", "平均分", "方差", "中位数", "众数", "标准差", "极差"),
    "公约数/公倍数": ("公约数", "公因数", "公倍数"),
}
METHODS = re.compile(r"[(（]?\s*用?(?:因式分解|配方|公式|直接开平方|代入消元|加减消元|代入|加减)法\s*[)）]?")


def tasks_asked(text: str) -> list[str]:
    """The kinds of task the question names (用因式分解法 names a method, not a task)."""
    text = METHODS.sub(" ", text)
    return [name for name, words in _TASK_GROUPS.items() if any(w in text for w in words)]


def unknown_english(text: str) -> list[str]:
    """English words in `text` that are prose, not maths."""
    return [w for w in dict.fromkeys(_LATIN_WORD.findall(text)) if w.lower() in _ENGLISH_PROSE]


def unknown_words(text: str) -> list[str]:
    """The Chinese in `text` the solver does not know, each with a character of context around it."""
    out: list[str] = []
    lexicon = _lexicon(text)
    for mt in _CJK_RUN.finditer(text):
        if not _covers(mt.group(0), lexicon):
            continue
        # Quote the whole run, with the number or letter it follows (100的和是多少, not 的).
        left = mt.start()
        while (
            left > 0
            and mt.start() - left < 4
            and ((text[left - 1].isascii() and text[left - 1].isalnum()) or text[left - 1] in ".^")
        ):
            left -= 1
        shown = text[left : mt.end()]
        if shown not in out:
            out.append(shown)
    return out
