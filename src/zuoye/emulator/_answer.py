"""What the emulator says: maths from the local solver, function results, honest placeholders.

Every answer is deterministic for a given request, so tests can assert on it. Maths questions go
to `zuoye.math` (imported lazily: the emulator works, and says so, without it) in a thread pool
with a time limit, because SymPy may take a while and must not stall the event loop; results are
cached by question, since benchmarks ask the same thing thousands of times.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import re
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from zuoye.emulator._text import estimate_tokens

# Cheap pre-check before asking the solver: digits, operators or a maths word. Everything else
# gets the placeholder at once, which keeps the emulator fast for non-maths benchmark traffic.
_MATHS_HINT = re.compile(r"[0-9=^√π∫∑≤≥]|解方程|方程|计算|化简|因式分解|求解|函数|导数|积分|极限|不等式|展开")
FLAGGED_REPLY = "抱歉，这个话题我无法回答。我们换一个学习上的问题聊聊吧。"


@dataclass(frozen=True, slots=True)
class Answer:
    result: str
    function_call: dict[str, str] | None = None  # v1 sends one call: the first of `tool_calls`
    finish_reason: str = "normal"
    is_truncated: bool = False
    flagged: bool = False
    ban_round: int | None = None
    tool_calls: tuple[dict[str, str], ...] = ()

    @property
    def completion_tokens(self) -> int:
        if len(self.tool_calls) > 1:
            return estimate_tokens(json.dumps(self.tool_calls, ensure_ascii=False))
        if self.function_call is not None:
            return estimate_tokens(json.dumps(self.function_call, ensure_ascii=False))
        return estimate_tokens(self.result)


def _quote(question: str, limit: int = 60) -> str:
    question = " ".join(question.split())
    return question if len(question) <= limit else question[: limit - 1] + "…"


def placeholder(question: str, note: str = "") -> str:
    """The honest default: it says it comes from the emulator, not from ERNIE; `note` leads."""
    return (
        f"{note}这是 zuoye 本地模拟器给出的占位回答，不是文心大模型（ERNIE）的真实回复。"
        "模拟器只会用本地求解器解答数学题；其他问题请配置 QIANFAN_BEARER_TOKEN（千帆 v2 API Key）连接真正的文心服务。"
        f"你的问题是：「{_quote(question)}」。"
    )


def from_function_result(name: str, content: str, question: str) -> str:
    """A final answer that uses the function's result, as ERNIE's second round does."""
    try:
        data: Any = json.loads(content)
    except ValueError:
        data = content
    if isinstance(data, dict) and data:
        facts = "，".join(f"{k}为{_scalar(v)}" for k, v in data.items())
    else:
        facts = _scalar(data)
    return f"根据 {name} 的返回结果：{facts}。以上回答了你的问题「{_quote(question, 40)}」。"


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def format_solution(steps: list[str], answer: list[str], answer_latex: str, unit: str = "") -> str:
    """Write a solver result the way ERNIE writes a worked solution: 解：… steps … 答：… (once:
    a last step that is already the solver's 答 sentence is the answer's end), with its unit."""
    lines = ["解："]
    lines.extend(s.strip() for s in steps if s.strip())
    if len(lines) > 1 and lines[-1].startswith("答"):
        return "\n".join(lines)
    latex = answer_latex.strip().strip("$")
    final = f"${latex}$" if latex else "，".join(answer)
    lines.append(f"答：{final}{' ' + unit if unit else ''}")
    return "\n".join(lines)


def apply_limits(text: str, *, max_output_tokens: int | None, stop: list[str]) -> tuple[str, str, bool]:
    """Cut `text` at a stop string or at the output token limit: (text, finish_reason, truncated)."""
    for s in stop:
        at = text.find(s) if s else -1
        if at >= 0:
            return text[:at], "stop", False
    if max_output_tokens is not None and estimate_tokens(text) > max_output_tokens:
        lo, hi = 0, len(text)
        while lo < hi:  # the longest prefix within the limit
            mid = (lo + hi + 1) // 2
            if estimate_tokens(text[:mid]) <= max_output_tokens:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo], "length", True
    return text, "normal", False


class MathsAnswerer:
    """Answers maths questions from `zuoye.math`, off the event loop, with a cache."""

    def __init__(self, *, enabled: bool = True, timeout: float = 20.0, cache_size: int = 512) -> None:
        self.enabled = enabled
        self.timeout = timeout
        self._cache: OrderedDict[str, str] = OrderedDict()
        self._cache_size = cache_size
        self._pool: ThreadPoolExecutor | None = None
        self.calls = 0

    def looks_like_maths(self, question: str) -> bool:
        return self.enabled and _MATHS_HINT.search(question) is not None

    async def answer(self, question: str) -> str:
        cached = self._cache.get(question)
        if cached is not None:
            self._cache.move_to_end(question)
            return cached
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="emulator-solver")
        self.calls += 1
        loop = asyncio.get_running_loop()
        try:
            text = await asyncio.wait_for(
                loop.run_in_executor(self._pool, _solve_to_text, question), self.timeout
            )
        except TimeoutError:
            text = placeholder(question, f"本地求解器 {self.timeout:g} 秒内没有算完。")
        self._cache[question] = text
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return text

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _solve_to_text(question: str) -> str:
    try:  # looked up at run time: the emulator must work (and say so) without the solver
        maths = importlib.import_module("zuoye.math")
        solve, MathError = maths.solve, maths.MathError
        use_language = importlib.import_module("zuoye.messages").use_language
    except (ImportError, AttributeError):
        return placeholder(question, "本地数学求解器 zuoye.math 尚未安装。")
    try:
        # The emulator stands in for ERNIE, which answers in Chinese whatever the locale it runs in:
        # the solver's reason is quoted in its sentence, so it is asked for in Chinese too.
        with use_language("zh"):
            solution = solve(question)
    except MathError as exc:
        reason = str(exc).rstrip("。. ") or type(exc).__name__
        return placeholder(question, f"本地求解器没有解出这道题：{reason}。")
    except Exception as exc:  # a solver bug must not take the emulator down
        return placeholder(question, f"本地求解器出错（{type(exc).__name__}）。")
    return format_solution(
        list(solution.steps),
        list(solution.answer),
        str(solution.answer_latex),
        str(getattr(solution, "unit", "")),
    )
