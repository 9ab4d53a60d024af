"""The tutor's use of `zuoye.math`, off the event loop and never fatal.

The solver runs in its own worker with a time budget; here it is only awaited in a thread so a
slow solve never blocks other students' streams. A problem the solver cannot do is `None`, not an
error: the model still answers, just without a computer check.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any

from zuoye import math as zmath
from zuoye.messages import language, say

log = logging.getLogger(__name__)


# Students wrap the maths in pleas ("…，我很着急，直接告诉我答案", "… just give me the answer"). When
# the whole question is not solved, the solver is tried once more without such clauses — only at
# either end of the question, and only clauses with no maths in them and no word that could change
# the maths (正, 整数, 保留, 平方…): dropping anything else would answer a different question.
_PIECE = re.compile(r"[，,。！？!?；;：:\n]+|\s+(?=[\u4e00-\u9fffA-Za-z]{2})")
_MATHS_CHARS = re.compile(r"[0-9+\-*/=<>^()\[\]{}|√∛°%×÷²³πα-ω]|(?<![A-Za-z'])[A-Za-z](?![A-Za-z'])")
_CONDITION_WORDS = re.compile(
    "正|负|整|实|自然|有理|无理|取|保留|精确|只|不|小于|大于|至少|至多|最|范围|区间|单位|分数|小数|近似|倍|"
    "平方|立方|次方|倒数|相反|绝对|根|加|减|乘|除|差|积|商|和|等于|其中|当|若|如果|已知|设|令|另|再|求值|化简|"
    "角|度|边|长|宽|高|面积|体积|周长|速度|时间|价|元|米|克|%"
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_MATH_WORDS_TEXT = (
    "sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh log ln lg exp sqrt lim int pi abs max min "
    "gcd lcm mod dx dy dt squared cubed plus minus times over divided equals power root half"
)
_MATH_WORDS = frozenset(_MATH_WORDS_TEXT.split())


# A task word before the maths says what to do with it (求导 sin x): never dropped from the front.
# At the end it is a plea more often than a task (求求你直接说结果), and the task came first.
_TASK_WORDS = re.compile(
    "求|解|计算|化简|展开|分解|导|积分|极限|值|方程|不等式|约分|通分|数列|函数|平均|方差|公约|公倍"
)


def _is_chatter(piece: str, *, leading: bool = False) -> bool:
    if not piece.strip():
        return True
    if _MATHS_CHARS.search(piece) or _CONDITION_WORDS.search(piece):
        return False
    if leading and _TASK_WORDS.search(piece):
        return False
    return not any(w.lower() in _MATH_WORDS for w in _LATIN_WORD.findall(piece))


def _candidates(question: str) -> list[str]:
    out = [question]
    bounds = [0]
    for mt in _PIECE.finditer(question):
        bounds += [mt.start(), mt.end()]
    bounds.append(len(question))
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    while pieces and _is_chatter(question[pieces[-1][0] : pieces[-1][1]]):
        pieces.pop()
    while pieces and _is_chatter(question[pieces[0][0] : pieces[0][1]], leading=True):
        pieces.pop(0)
    if pieces:
        trimmed = question[pieces[0][0] : pieces[-1][1]].strip()
        if trimmed and trimmed != question.strip():
            out.append(trimmed)
    return out


# Why the solver last declined a question, so an offline answer can say which part it did not
# understand — by language too, as the reason was said in the asker's. Bounded; a lost entry only
# costs the reason, never the answer.
_REFUSALS: dict[tuple[str, str], str] = {}
_MAX_REFUSALS = 256


def solve_or_none(question: str, *, strict: bool = False) -> zmath.Solution | None:
    """The solver's solution of the question, or of the maths in it; None when it declined.
    `strict`: zmath.BudgetExceeded (out of time or memory: a busy machine) is raised, not None, for
    a caller that must know the solver did not look (the hint guard)."""
    reason = ""
    for candidate in _candidates(question):
        try:
            return zmath.solve(candidate)
        except zmath.BudgetExceeded as exc:
            log.debug("solver gave up: %s", exc)
            if strict:
                raise
            reason = reason or exc.message
            break  # a smaller piece of the same problem would not be cheaper
        except zmath.MathError as exc:
            log.debug("solver declined %r: %s", candidate[:80], exc)
            reason = reason or exc.message
    if len(_REFUSALS) >= _MAX_REFUSALS:
        _REFUSALS.clear()
    _REFUSALS[language(), question] = reason
    return None


def offline_refusal(question: str, *, runs_service: bool = True) -> str:
    """The error for an offline question the solver declined: how to get a model (or, for a
    reader who does not run the service, whom to ask), and, when the solver said so, which part
    of the question it did not understand (said in the reader's language: the solver's worker is
    told it with each call)."""
    reason = _REFUSALS.get((language(), question), "")
    declined = say("tutor.solver_declined", reason=reason) if reason else ""
    return say("tutor.offline_refusal" if runs_service else "tutor.offline_refusal_shared", declined=declined)


async def solve(question: str, *, strict: bool = False) -> zmath.Solution | None:
    return await asyncio.to_thread(solve_or_none, question, strict=strict)


# A check's label, stored with the turn as the asker was told it (已验算 / Checked).
_LABEL_KEYS = {
    "agree": "tutor.label.agree",
    "disagree": "tutor.label.disagree",
    "unknown": "tutor.label.unknown",
}


def verdict(solution: zmath.Solution, reply: str) -> dict[str, Any]:
    """The check of one reply, as stored with the turn. On a disagreement it also says whether the
    reply read the question as the computer did ("reading": same / different / unknown)."""
    v = zmath.compare_reply(solution, reply)
    label = say(_LABEL_KEYS[v.status])
    check: dict[str, Any] = {
        "status": v.status,
        "label": label,
        "found": v.found,
        "expected": list(solution.answer),
        "expected_latex": solution.answer_latex,
        "detail": v.detail,
        "understood": solution.understood,
    }
    if v.status == "disagree":
        check["reading"], check["model_reading"] = compare_reading(solution, reply)
    return check


# A model restates the question before solving it ("原方程：$x^2 - 4x + 4 = 0$"): its maths spans,
# LaTeX-delimited or a line of bare maths, in the order written.
_SPAN = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$|\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_BARE_LINE = re.compile(r"[^\n\u4e00-\u9fff：:，,]*[=<>≤≥][^\n\u4e00-\u9fff，,]*")
_LETTER = re.compile(r"(?<![A-Za-z\\])[a-z](?![A-Za-z])")
_NUMBER_ONLY = re.compile(r"\s*-?\s*\d+(?:\.\d+)?\s*")
_RELATION = re.compile(r"=|<|>|\\leq?(?![a-z])|\\geq?(?![a-z])|\\neq|≤|≥")  # \\le, not \\left
_MAX_SPANS = 8  # restatements come first; later spans are working, not the question


def _spans(reply: str) -> list[tuple[str, str]]:
    """(maths, the words just before it) for each maths span of the reply, in order."""
    out: list[tuple[str, str]] = []
    last = 0
    for mt in _SPAN.finditer(reply):
        maths = next(g for g in mt.groups() if g is not None).strip()
        before = re.split(r"[。！？!?\n]", reply[last : mt.start()])[-1]
        out.append((maths, before))
        last = mt.end()
    if not out:
        for mt in _BARE_LINE.finditer(reply):
            line_start = reply.rfind("\n", 0, mt.start()) + 1
            out.append((mt.group(0).strip(), reply[line_start : mt.start()]))
    cleaned = [(m.strip().rstrip("。.，,；;：:").strip(), b) for m, b in out]
    return [(m, b) for m, b in cleaned if m][:_MAX_SPANS]


# Words that introduce the question itself (原方程：…, 我们要解方程 …), and words that introduce a
# result of working (…得, 所以 …): only the first kind is a restatement.
_RESTATING = re.compile(
    r"原方程|原式|原不等式|题目|题意|方程|不等式|要解|求解|解方程|计算|化简|已知|即求|问题|求"
)
_DERIVED = re.compile(r"得|所以|因此|于是|即|则|∴|=>|⇒|→|代入|化为|变为|移项|整理")


def _letters(latex: str) -> set[str]:
    return set(_LETTER.findall(re.sub(r"\\[A-Za-z]+", " ", latex)))


def _restates(span: str, ours: str) -> bool:
    """Could `span` be the model's statement of the same question? Same kind of maths (relation or
    expression), the same unknowns, and not a bare result such as x = 2."""
    if bool(_RELATION.search(span)) != bool(_RELATION.search(ours)) or _letters(span) != _letters(ours):
        return False
    sides = _RELATION.split(span)
    if len(sides) == 2 and re.fullmatch(r"\s*[a-z]\s*", sides[0]) and _NUMBER_ONLY.fullmatch(sides[1]):
        return False  # x = 2: an answer, not a restatement
    return bool(re.search(r"[-+*/^×÷]|\\frac|\\sqrt|\\cdot|\\times", span))


def compare_reading(solution: zmath.Solution, reply: str) -> tuple[str, str | None]:
    """("same" | "different" | "unknown", the model's restatement) for a reply that disagrees.

    "same": somewhere the reply writes maths equivalent to what the computer read — the two read
    one question and differ in the working. "different": the reply's first restatement of the
    question is other maths than the computer read — one of them misread it, and only the student
    can say which. Anything else is "unknown".
    """
    ours = [r for r in solution.reading if r.strip()]
    if not ours:
        return "unknown", None
    spans = _spans(reply)
    for span, _ in spans:
        for mine in ours:
            # Only maths of the same shape can be the same question; each comparison is a solver call.
            if _letters(span) != _letters(mine) or bool(_RELATION.search(span)) != bool(
                _RELATION.search(mine)
            ):
                continue
            try:
                if zmath.expressions_equal(mine, span):
                    return "same", span
            except zmath.MathError:
                continue
    for span, before in spans[:3]:
        if _RESTATING.search(before) and not _DERIVED.search(before):
            if any(_restates(span, mine) for mine in ours):
                return "different", span
            break  # the reply's restatement is not comparable maths: say nothing about the reading
    return "unknown", None


def check_notice(check: dict[str, Any], solution: zmath.Solution, *, retried: bool = False) -> str:
    """What the student is told about the check: always what the computer understood, and on a
    disagreement never that the computer is right — it may have read another question."""
    understood = say("check.understood", understood=solution.understood) if solution.understood else ""
    result = f"${solution.answer_latex}$" + (f" {solution.unit}" if solution.unit else "")
    if check["status"] == "agree":
        return say("check.agree", result=result, understood=understood).rstrip()
    if check["status"] != "disagree":
        # Why the answer was not checked (not found, or found but not read): the solver said it in
        # the reader's language (the worker is told it with each call).
        reason = str(check.get("detail") or "") or say("check.no_answer")
        return say("check.unchecked", reason=reason, understood=understood).rstrip()
    if check.get("reading") == "different":
        return say(
            "check.read_differently",
            understood=understood,
            model_reading=check["model_reading"],
            result=result,
        )
    again = say("check.again") if retried else ""
    return say("check.disagree", result=result, again=again, understood=understood)


def format_solution(solution: zmath.Solution) -> str:
    """A classroom-style answer written from the solver's own steps (the offline answer)."""
    lines = [say("check.understood", understood=solution.understood), ""] if solution.understood else []
    steps, conclusion = solution.worked()  # 答 once, with the answer's unit; in the reader's language
    lines += [say("math.step.solution")]
    lines += [f"{i}. {step}" for i, step in enumerate(steps, 1)]
    lines.append("")  # a blank line ends the numbered list, so 答 is not read as part of its last step
    lines.append(conclusion)
    return "\n".join(lines)


def format_hint(solution: zmath.Solution, level: str) -> str:
    """What the help ceiling allows offline: the first step ("step") or only the method ("hint")."""
    steps = solution.steps[1:] or solution.steps  # the first step usually restates the problem
    first = steps[0] if steps else ""
    method = re.split(r"[$（(：:]", first, maxsplit=1)[0].strip().rstrip("，,") or say("tutor.hint.no_method")
    # A first step one operation from the answer ((x-2)(x-3) = 0) would all but give it: name its
    # method. So does a first step the solver could not check in time.
    if level == "step" and not _near_answer(solution, first):
        return say("tutor.hint.first_step", step=first)
    if level == "step":
        return say("tutor.hint.step_method", method=method)
    return say("tutor.hint.method", method=method)


def _near_answer(solution: zmath.Solution, step: str) -> bool:
    try:
        return any(s.near for s in zmath.solving_steps(solution, step, strict=True))
    except zmath.BudgetExceeded:
        return True  # not checked: taken as near


def format_review(lines: list[str], bad_index: int | None) -> str:
    """The offline 批改 answer: where the working first goes wrong, from the solver's line check."""
    if bad_index is None:
        return say("tutor.review.ok")
    if bad_index == 0:  # the first line itself could not be read
        return say("tutor.review.wrong_first", line_no=1, line=lines[0])
    return say(
        "tutor.review.wrong_after",
        line_no=bad_index + 1,
        line=lines[bad_index],
        before_no=bad_index,
        before=lines[bad_index - 1],
    )
