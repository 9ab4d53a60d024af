"""`zuoye batch` killed twice with kill -9 and resumed: what 200 questions cost.

A worksheet of 200 maths questions at concurrency 8 against `zuoye emulator` (sentences 20 ms
apart), killed when 60 and then 130 answers are journaled, then run again until it finishes; once
fault-free and once at fault rate 0.3 with every fault kind. Counted from the store and the
emulator: turns (each a question asked), pending turns left behind, how many complete answers each
question has, and model calls (every chat request the emulator received, refused ones included).

Issue 12 found 200 questions → 277 turns, 292 model calls, 15 turns pending for good. Goal:
nothing pending, each question answered exactly once, turns = questions + the answers the kills
cut off. Run: `./dev bench batch_resume` or `.venv/bin/python bench/bench_batch_resume.py`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from bench_faults import FAULT_KINDS, _questions

QUESTIONS = 200
CONCURRENCY = 8
KILL_AT = (60, 130)  # answers journaled when the batch is killed


def _answered(out: Path) -> int:
    return sum(1 for line in out.read_bytes().splitlines() if b'"answered"' in line) if out.exists() else 0


def measure(*emulator_args: str) -> dict[str, Any]:
    from zuoye.emulator.testing import emulator_process, stats
    from zuoye.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        home, src, out = Path(tmp) / "home", Path(tmp) / "w.jsonl", Path(tmp) / "a.jsonl"
        questions = [f"{q}（第{i}题）" for i, q in enumerate((_questions() * 2)[:QUESTIONS])]
        lines = [
            json.dumps({"id": f"q{i}", "question": q}, ensure_ascii=False) for i, q in enumerate(questions)
        ]
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        with emulator_process("--stream-interval-ms", "20", *emulator_args) as url:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
            env |= {
                "ZUOYE_HOME": str(home),
                "QIANFAN_BEARER_TOKEN": "bce-v3/ALTAK-" + "b" * 20 + "/" + "c" * 40,
                "QIANFAN_CONSOLE_API_BASE_URL": url,
            }
            cmd = [
                sys.executable,
                "-c",
                "from zuoye.cli import main; main()",
                "batch",
                str(src),
                "-o",
                str(out),
            ]
            cmd += ["-c", str(CONCURRENCY)]
            started = time.perf_counter()
            for kill_at in KILL_AT:
                proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                while _answered(out) < kill_at and proc.poll() is None:
                    time.sleep(0.02)
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            runs = 0
            while runs < 3:  # a question that failed outright is retried by running the batch again
                runs += 1
                if subprocess.run(cmd, env=env, capture_output=True, timeout=600).returncode == 0:
                    break
            seconds = time.perf_counter() - started
            calls = stats(url)["v2_requests"]
        with Store(f"sqlite:///{home / 'zuoye.db'}") as store:
            turns = [
                t
                for conv, _ in store.list_conversations(limit=10_000)
                for t in store.get_conversation(conversation_id=conv.id).turns  # type: ignore[union-attr]
            ]
        last = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    complete = Counter(t.question for t in turns if t.status == "complete")
    return {
        "answered": sum(1 for r in last.values() if r["status"] == "answered"),
        "turns": len(turns),
        "pending": sum(1 for t in turns if t.status == "pending"),
        "answered twice": sum(1 for n in complete.values() if n > 1),
        "calls": calls,
        "seconds": seconds,
        "resumes": runs,
    }


def run() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    faults = ("--fault-rate", "0.3", "--fault-kinds", FAULT_KINDS, "--fault-latency-ms", "300", "--seed", "3")
    for label, args in (("no faults", ()), ("faults 0.3", faults)):
        got = measure(*args)
        note = f"{label}; killed at {KILL_AT[0]} and {KILL_AT[1]}, then {got['resumes']} run(s); {got['seconds']:.0f} s"
        bench = f"batch {QUESTIONS} kill -9 ×2"
        rows += [
            {
                "bench": bench,
                "metric": "answered",
                "value": got["answered"],
                "unit": f"/{QUESTIONS}",
                "note": note,
            },
            {"bench": bench, "metric": "turns", "value": got["turns"], "unit": "", "goal": "questions + cut"},
            {"bench": bench, "metric": "pending left", "value": got["pending"], "unit": "", "goal": "0"},
            {
                "bench": bench,
                "metric": "answered twice",
                "value": got["answered twice"],
                "unit": "",
                "goal": "0",
            },
            {
                "bench": bench,
                "metric": "model calls",
                "value": got["calls"],
                "unit": "",
                "goal": "≈ questions",
            },
        ]
    return rows


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    for row in run():
        print(
            f"{row['metric']:>15}: {row['value']} {row['unit']}  {row.get('goal', '')}  {row.get('note', '')}"
        )
