"""The hint guard against models that walk through the whole solution (issue 13 item 9).

Every right reply of the ERNIE-style reply set (complete worked solutions, in the many ways ERNIE
writes them) is streamed five characters at a time through the guard of 提示 mode, as if the model
had ignored the rule to give one step and a question back. Rows: the answer still readable in what
is shown (by the same answer check the tutor uses; goal 0), a chain left (more than one step derived
from the question, or a step one operation from the answer; goal 0), replies where nothing was held
back, and the guard's time per reply (a sentence costs two solver calls).

    ./dev bench hint_guard
    .venv/bin/python bench/bench_hint_guard.py --show    # what is shown where a goal is missed

Measured on this 2-core machine shared with other work: 632 replies, answer readable in 1 (a word
problem's one substitution step, 周长 C = 2×(12+7), which a step may show), no chain left,
~80 ms per reply.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.math.ernie_replies import load  # noqa: E402
from tests.math.reply_figures import solutions  # noqa: E402

from zuoye import math as zmath  # noqa: E402
from zuoye.tutor.guard import AnswerGuard, Sentences  # noqa: E402

PIECE = 5  # characters per streamed delta, as v2 and OpenAI-compatible servers send them


def screened(sol: zmath.Solution, reply: str) -> tuple[str, AnswerGuard]:
    guard, sentences, shown = AnswerGuard(sol), Sentences(), ""
    for i in range(0, len(reply), PIECE):
        for sentence in sentences.feed(reply[i : i + PIECE]):
            shown += guard.screen(sentence)
    rest = sentences.flush()
    return shown + (guard.screen(rest) if rest else "") + guard.closing(), guard


def measure(show: bool = False) -> dict[str, Any]:
    items = [i for i in load() if i["truth"] == "right"]
    sols = solutions(items)
    counts = {"replies": 0, "answer readable": 0, "chain left": 0, "nothing held back": 0}
    started = time.perf_counter()
    for item in items:
        sol = sols[item["problem"]]
        if sol is None:
            continue
        shown, guard = screened(sol, item["reply"])
        counts["replies"] += 1
        leaked = zmath.compare_reply(sol, shown).status == "agree"
        steps = zmath.solving_steps(sol, shown)
        chain = len(steps) > 1 or any(s.near for s in steps)
        counts["answer readable"] += leaked
        counts["chain left"] += chain
        counts["nothing held back"] += not guard.withheld
        if show and (leaked or chain):
            print(f"===== {item['id']} {item['q']}\n{shown}\n")
    counts["seconds"] = time.perf_counter() - started
    return counts


def run() -> list[dict[str, Any]]:
    counts = measure()
    note = f"{counts['replies']} complete solutions given as hints"
    rows: list[dict[str, Any]] = [
        {"bench": "hint guard", "metric": "answer readable", "value": counts["answer readable"], "unit": "",
         "goal": "0", "note": note},
        {"bench": "hint guard", "metric": "chain left", "value": counts["chain left"], "unit": "", "goal": "0"},
        {"bench": "hint guard", "metric": "nothing held back", "value": counts["nothing held back"], "unit": ""},
        {"bench": "hint guard", "metric": "time per reply", "unit": "ms",
         "value": 1000 * counts["seconds"] / max(1, counts["replies"])},
    ]  # fmt: skip
    return rows


if __name__ == "__main__":
    if "--show" in sys.argv:
        print(measure(show=True))
    else:
        for row in run():
            print(row)
