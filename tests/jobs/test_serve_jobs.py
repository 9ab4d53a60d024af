"""Worksheets run by `zuoye serve` itself, as an operator meets it: on SQLite (the embedded
default: the server runs them as its own tasks, and takes up after a kill -9 and a restart what
it had not finished) and on PostgreSQL (each server also works Procrastinate's queue; a cancel
aborts the job where it runs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from zuoye.emulator.testing import emulator_process, stats
from zuoye.store import Store

SERVE = [sys.executable, "-c", "from zuoye.cli import main; main()", "serve", "--port", "0"]
QUESTIONS = [
    f"讲讲成语“{w}”的意思" for w in ["画蛇添足", "守株待兔", "亡羊补牢", "刻舟求剑", "掩耳盗铃", "井底之蛙"]
]


def _csv(questions: list[str]) -> bytes:
    return ("题号,题目\n" + "".join(f"{n},{q}\n" for n, q in enumerate(questions, 1))).encode("gb18030")


@contextmanager
def serving(home: Path, emulator_url: str, db_url: str | None = None) -> Iterator[tuple[str, Any]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env |= {
        "ZUOYE_HOME": str(home),
        "QIANFAN_AK": "test-ak",
        "QIANFAN_SK": "test-sk",
        "QIANFAN_BASE_URL": emulator_url,
    }
    if db_url:
        env["ZUOYE_DATABASE_URL"] = db_url
    proc = subprocess.Popen(SERVE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http"), "zuoye serve did not start"
        for _ in range(300):
            try:
                if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.05)
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def _until(url: str, job_id: str, ok: Any, seconds: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job: dict[str, Any] = httpx.get(f"{url}/api/worksheets/{job_id}", timeout=10).json()
        if ok(job):
            return job
        time.sleep(0.1)
    raise AssertionError(f"timed out; the job is {job}")


def _complete_turns(db_url: str) -> tuple[Counter[str], int]:
    with Store(db_url) as store:
        turns = [
            t
            for c, _ in store.list_conversations(limit=500)
            for t in store.get_conversation(conversation_id=c.id).turns  # type: ignore[union-attr]
        ]
    return Counter(t.question for t in turns if t.status == "complete"), sum(
        t.status != "complete" for t in turns
    )


def test_on_sqlite_a_server_killed_mid_worksheet_finishes_it_after_a_restart(tmp_path: Path) -> None:
    with emulator_process("--latency-ms", "150", "--stream-interval-ms", "60", "--no-solver") as emulator:
        with serving(tmp_path, emulator) as (url, proc):
            r = httpx.post(f"{url}/api/worksheets", files={"file": ("成语.csv", _csv(QUESTIONS))}, timeout=10)
            assert r.status_code == 202 and r.json()["runner"] == "in-process"
            job_id = r.json()["id"]
            _until(url, job_id, lambda j: j["answered"] >= 2)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        with serving(tmp_path, emulator) as (url, _):
            job = _until(url, job_id, lambda j: j["status"] in ("done", "failed", "cancelled"))
        counted = stats(emulator)
    assert (job["status"], job["answered"], job["failed"], job["runs"]) == ("done", len(QUESTIONS), 0, 2)
    complete, cut = _complete_turns(f"sqlite:///{tmp_path / 'zuoye.db'}")
    assert complete == Counter(QUESTIONS)  # one stored answer per question
    assert counted["chat_requests"] == len(QUESTIONS) + cut  # and one call each, plus those the kill cut


@pytest.mark.postgres
def test_on_postgresql_the_server_works_the_queue_and_a_cancel_aborts_the_job(
    postgres_url: str, tmp_path: Path
) -> None:
    with (
        emulator_process("--latency-ms", "100", "--stream-interval-ms", "300", "--no-solver") as emulator,
        serving(tmp_path, emulator, postgres_url) as (url, _),
    ):
        r = httpx.post(f"{url}/api/worksheets", files={"file": ("成语.csv", _csv(QUESTIONS))}, timeout=10)
        assert r.status_code == 202 and r.json()["runner"] == "queue"
        job_id = r.json()["id"]
        _until(url, job_id, lambda j: j["status"] == "running")
        time.sleep(0.5)  # answers being written
        cancelled = httpx.post(f"{url}/api/worksheets/{job_id}/cancel", timeout=10)
        assert cancelled.status_code == 202
        started = time.monotonic()
        job = _until(url, job_id, lambda j: j["status"] in ("done", "failed", "cancelled"), 20)
        took = time.monotonic() - started
        assert job["status"] == "cancelled" and job["answered"] < len(QUESTIONS)
        assert took < 5, f"the cancel took {took:.1f} s"
        # Nothing goes on being asked after the cancel.
        asked = stats(emulator)["chat_requests"]
        time.sleep(1.5)
        assert stats(emulator)["chat_requests"] == asked
        report = httpx.get(f"{url}/api/worksheets/{job_id}/report", params={"format": "csv"}, timeout=10)
        assert report.status_code == 200 and report.text.startswith("\ufeffid,question,status")
