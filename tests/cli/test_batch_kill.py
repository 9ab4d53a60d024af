"""`zuoye batch` killed twice with kill -9 and resumed, as a teacher's machine might do it: no
turn is left pending, each question is answered exactly once, and the model is called about
once a question (plus the answers cut by the kills)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import v2_key
from zuoye.emulator.testing import stats
from zuoye.store import Store

N = 16
CONCURRENCY = 4


def _answered(out: Path) -> int:
    if not out.exists():
        return 0
    return sum(1 for line in out.read_bytes().splitlines() if b'"answered"' in line)


@pytest.mark.slow
def test_kill_9_twice_then_resume_leaves_nothing_pending_and_pays_once(
    cli_env: dict[str, str], emulator_factory: Callable[..., str], tmp_path: Path
) -> None:
    # each answer streams for about a second; the questions are not maths (one call each)
    url = emulator_factory(stream_interval_ms=25, solver=False)
    env = dict(os.environ, QIANFAN_BEARER_TOKEN=v2_key(), QIANFAN_CONSOLE_API_BASE_URL=url)
    src = tmp_path / "w.jsonl"
    questions = [f"讲讲第{i}个成语故事" for i in range(N)]
    src.write_text(
        "".join(
            json.dumps({"id": f"q{i}", "question": q}, ensure_ascii=False) + "\n"
            for i, q in enumerate(questions)
        ),
        encoding="utf-8",
    )
    out = tmp_path / "a.jsonl"
    cmd = [sys.executable, "-c", "from zuoye.cli import main; main()", "batch", str(src), "-o", str(out)]
    cmd += ["-c", str(CONCURRENCY)]

    for kill_after in (4, 9):  # answered lines in the journal when the machine dies
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _answered(out) < kill_after and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.02)
        assert proc.poll() is None, "the batch ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finished = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    answered = Counter(r["id"] for r in records if r["status"] == "answered")
    assert answered == Counter({f"q{i}": 1 for i in range(N)})  # each question answered exactly once

    with Store(f"sqlite:///{tmp_path / 'home' / 'zuoye.db'}") as store:
        turns = [
            t
            for conv, _ in store.list_conversations(limit=1000)
            for t in store.get_conversation(conversation_id=conv.id).turns  # type: ignore[union-attr]
        ]
    assert [t.id for t in turns if t.status == "pending"] == []  # nothing left stuck
    complete = Counter(t.question for t in turns if t.status == "complete")
    assert complete == Counter(questions)  # no answer paid for twice
    cut = [t for t in turns if t.status != "complete"]
    assert all(t.error == "interrupted" for t in cut)
    assert len(cut) <= 2 * CONCURRENCY  # at most the answers in flight at each kill
    assert len(turns) == N + len(cut)
    # one model call per answer started, none for an answer already paid for (a turn killed
    # before its call went out costs nothing)
    assert N <= stats(url)["v2_requests"] <= len(turns)
