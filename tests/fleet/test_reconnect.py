"""Streams that survive reconnects across processes: a page reading an answer from one server
carries on from another (the balancer chose differently) with no gap and no repeat; if the
writing server dies, the reader gets the turn as saved, closed as interrupted, never a hang."""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from tests.store.conftest import postgres_url  # noqa: F401 -- a fixture, used by name
from tests.web.conftest import stream_events
from tests.web.test_cli import serving

pytestmark = pytest.mark.postgres

STORY = "".join(f"第{i}句，故事还在继续。" for i in range(1, 41))


def _events(lines: Iterator[str], *, until_deltas: int | None = None) -> list[tuple[str | None, str, dict]]:
    out, deltas = [], 0
    for event in stream_events(lines):
        out.append(event)
        deltas += event[1] == "delta"
        if until_deltas is not None and deltas >= until_deltas:
            break
    return out


def _text(events: list[tuple[str | None, str, dict]]) -> str:
    return "".join(d["text"] for _, name, d in events if name == "delta")


def test_a_reader_carries_on_from_another_process(
    tmp_path: Path,
    emulator_factory: Callable[..., str],
    redis_url: str,
    postgres_url: str,  # noqa: F811
) -> None:
    slow = emulator_factory(
        scenario={"rules": [{"match": "故事", "reply": {"result": STORY}, "delay_ms": 60}]}
    )
    (tmp_path / "config.toml").write_text("turn_lease_seconds = 3\n", encoding="utf-8")
    shared = {"ZUOYE_DATABASE_URL": postgres_url, "ZUOYE_REDIS_URL": redis_url}
    with ExitStack() as stack:
        (a, proc_a), (b, _) = (
            stack.enter_context(serving(tmp_path, emulator_url=slow, env=shared)) for _ in "ab"
        )

        # 1. read a few sentences from A, drop the connection, carry on from B
        with httpx.stream("POST", f"{a}/api/ask", json={"question": "讲一个故事"}, timeout=30) as r:
            first = _events(r.iter_lines(), until_deltas=3)
        cid = first[0][2]["conversation_id"]
        last_id = first[-1][0]
        assert last_id is not None
        with httpx.stream(
            "GET", f"{b}/api/conversations/{cid}/events", headers={"Last-Event-ID": last_id}, timeout=60
        ) as r:
            rest = _events(r.iter_lines())
        assert rest[-1][1] == "done" and rest[-1][2]["turn"]["status"] == "complete"
        assert _text(first) + _text(rest) == STORY == rest[-1][2]["turn"]["answer"]  # no gap, no repeat
        ids = [int(i.split("-")[1]) for i, _, _ in first + rest if i]
        assert ids == list(range(1, len(ids) + 1))

        # 2. the writer (A) dies mid-answer: the reader on B gets what was saved, closed as interrupted
        with httpx.stream(
            "POST", f"{a}/api/ask", json={"question": "再讲一个故事", "conversation_id": cid}, timeout=30
        ) as r:
            first = _events(r.iter_lines(), until_deltas=25)  # ~1.5 s: past a partial save
        proc_a.send_signal(signal.SIGKILL)
        proc_a.wait(timeout=10)
        with httpx.stream(
            "GET",
            f"{b}/api/conversations/{cid}/events",
            headers={"Last-Event-ID": first[-1][0] or ""},
            timeout=60,
        ) as r:
            rest = _events(r.iter_lines())
        done = rest[-1]
        assert done[1] == "done"
        assert done[2]["turn"]["status"] == "incomplete" and done[2]["turn"]["error"] == "interrupted"
        saved = done[2]["turn"]["answer"]
        assert saved and (_text(first) + _text(rest)).startswith(saved)
