"""`zuoye serve` as a real process on a real socket (against the emulator), and `zuoye users`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.web.conftest import stream_events
from zuoye.cli import _register, app

_register()
runner = CliRunner()
SERVE = [sys.executable, "-c", "from zuoye.cli import main; main()", "serve", "--port", "0"]


def _env(home: Path, emulator_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIANFAN_", "ZUOYE_"))}
    env["ZUOYE_HOME"] = str(home)
    if emulator_url:
        env |= {"QIANFAN_AK": "test-ak", "QIANFAN_SK": "test-sk", "QIANFAN_BASE_URL": emulator_url}
    return env


@contextmanager
def serving(
    home: Path, *args: str, emulator_url: str | None = None, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    proc = subprocess.Popen(
        [*SERVE, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**_env(home, emulator_url), **(env or {})},
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), (url, proc.stderr.read() if proc.stderr else "")
        for _ in range(200):  # the socket listens before the URL is printed; the app starts just after
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
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _turns(url: str, cid: str) -> list[dict]:
    return httpx.get(f"{url}/api/conversations/{cid}", timeout=10).json()["turns"]


def test_serve_answers_from_the_emulator_and_a_dropped_reader_carries_on(
    tmp_path: Path, emulator_factory: Callable[..., str]
) -> None:
    slow = emulator_factory(stream_interval_ms=150)
    with serving(tmp_path, emulator_url=slow) as (url, _):
        health = httpx.get(f"{url}/api/health").json()
        assert (health["ernie"], health["mode"]) == ("configured", "single-user")
        page = httpx.get(url)
        assert page.status_code == 200 and "content-security-policy" in page.headers

        # the connection drops mid-answer (a refresh, a train going into a tunnel): the answer is
        # still written, and reading again from the last event seen carries on, no gap, no repeat
        with httpx.stream("POST", f"{url}/api/ask", json={"question": "讲一个很长的故事"}, timeout=30) as r:
            assert r.status_code == 200
            before, cid, last_id = _read_events(r.iter_lines(), stop_after_delta=True)
        assert cid is not None and last_id is not None and before
        with httpx.stream(
            "GET", f"{url}/api/conversations/{cid}/events", headers={"Last-Event-ID": last_id}, timeout=60
        ) as r:
            after, _, _ = _read_events(r.iter_lines())
        [turn] = _turns(url, cid)
        assert turn["status"] == "complete"
        assert before + after == turn["answer"]


def _read_events(
    lines: Iterator[str], *, stop_after_delta: bool = False
) -> tuple[str, str | None, str | None]:
    """(the deltas' text, the conversation id, the last event id) of an answer's event stream."""
    text, cid, last_id = "", None, None
    for event_id, name, data in stream_events(lines):
        last_id = event_id or last_id
        cid = cid or data.get("conversation_id")
        if name == "delta":
            text += data["text"]
            if stop_after_delta:
                break
    return text, cid, last_id


def test_stopping_the_server_saves_answers_being_written(
    tmp_path: Path, emulator_factory: Callable[..., str]
) -> None:
    slow = emulator_factory(stream_interval_ms=200)
    with (
        serving(tmp_path, emulator_url=slow) as (url, proc),
        httpx.stream("POST", f"{url}/api/ask", json={"question": "讲一个很长的故事"}, timeout=30) as r,
    ):
        for line in r.iter_lines():
            if line == "event: delta":
                break
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal (the conventional exit)
        assert proc.wait(timeout=20) in (0, -signal.SIGTERM)
    from zuoye.store import Store

    with Store(f"sqlite:///{tmp_path / 'zuoye.db'}") as store:
        [(conv, _)] = store.list_conversations()
        full = store.get_conversation(conversation_id=conv.id)
        assert full is not None
        [turn] = full.turns
        assert turn.status == "incomplete" and turn.answer


def test_serve_offline_says_so(tmp_path: Path) -> None:
    with serving(tmp_path) as (url, _):
        assert httpx.get(f"{url}/api/health").json()["ernie"] == "not_configured"
        assert httpx.get(f"{url}/api/models").json()["offline"] is True


def test_single_user_mode_stays_on_this_machine(tmp_path: Path) -> None:
    everywhere = "0.0.0.0"  # noqa: S104 -- refused, which is the point
    proc = subprocess.run(
        [*SERVE, "--host", everywhere], capture_output=True, text=True, env=_env(tmp_path, None), timeout=60
    )
    assert proc.returncode == 2
    assert "--multi-user" in proc.stderr and proc.stdout == ""


def test_users_cli_creates_accounts_that_can_log_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from zuoye.store import _passwords

    monkeypatch.setattr(_passwords, "LOG_N", 10)
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))
    monkeypatch.delenv("ZUOYE_DATABASE_URL", raising=False)

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        result = runner.invoke(app, ["users", *args], input=stdin)
        return result.exit_code, result.stdout, result.stderr

    code, out, _ = run("add", "王老师", "--role", "teacher", "--password-stdin", stdin="teacher-password\n")
    assert code == 0 and "已创建账号 王老师（teacher，" in out
    assert run("add", "kid", "--password-stdin", stdin="kid-password\n")[0] == 0
    code, _, err = run("add", "kid", "--password-stdin", stdin="kid-password\n")
    assert code == 2 and "已经有叫“kid”的用户了" in err
    code, _, err = run("add", "short", "--password-stdin", stdin="1234\n")
    assert code == 2 and "至少要 8 个字符" in err
    assert run("link", "王老师", "kid")[0] == 0
    assert run("set", "kid", "--help-ceiling", "hint", "--daily-quota", "5")[0] == 0
    code, out, _ = run("list", "--json")
    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["王老师"]["students"] == ["kid"]
    assert (rows["kid"]["help_ceiling"], rows["kid"]["daily_quota"]) == ("hint", 5)
    code, out, err = run("token", "kid", "--label", "homework app")
    token = out.strip()
    assert code == 0 and token.startswith("zy_") and "只显示这一次" in err

    from zuoye.store import Store
    from zuoye.store.users import Accounts

    with Store(f"sqlite:///{tmp_path / 'zuoye.db'}") as store:
        accounts = Accounts(store)
        assert accounts.authenticate(name="kid", password="kid-password") is not None
        user = accounts.user_for_token(secret=token, kind="api")
        assert user is not None and user.name == "kid"
    assert run("passwd", "nobody", "--password-stdin", stdin="whatever-1\n")[0] == 2


def test_users_tokens_list_and_revoke_and_passwd_revokes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zuoye.store import Store, _passwords
    from zuoye.store.users import Accounts

    monkeypatch.setattr(_passwords, "LOG_N", 10)
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))
    monkeypatch.setenv("ZUOYE_API_TOKEN_MAX_DAYS", "60")
    monkeypatch.delenv("ZUOYE_DATABASE_URL", raising=False)

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        result = runner.invoke(app, ["users", *args], input=stdin)
        return result.exit_code, result.stdout, result.stderr

    assert run("add", "kid", "--password-stdin", stdin="kid-password\n")[0] == 0
    code, first, err = run("token", "kid", "--label", "homework app")
    assert code == 0 and "有效期到" in err
    code, _, err = run("tokens", "add", "kid", "--label", "too long", "--days", "61")
    assert code == 2 and "1 到 60 天" in err
    code, second, _ = run("tokens", "add", "kid", "--label", "grades sync", "--days", "7")
    assert code == 0
    with Store(f"sqlite:///{tmp_path / 'zuoye.db'}") as store:
        accounts = Accounts(store)
        assert accounts.user_for_token(secret=first.strip(), kind="api") is not None  # used once
        session, _ = accounts.issue_token(user_id=accounts.require_user(name="kid").id, kind="session")

    code, out, _ = run("tokens", "list", "kid", "--json")
    rows = {r["label"]: r for r in json.loads(out)}
    assert set(rows) == {"homework app", "grades sync", ""} and rows[""]["kind"] == "session"
    assert rows["homework app"]["last_used_at"] and not rows["grades sync"]["last_used_at"]
    assert all(r["expires_at"] for r in rows.values())
    assert first.strip() not in out and second.strip() not in out  # never the secrets
    code, table, _ = run("tokens", "list", "kid")
    assert "grades sync" in table and "从未" in table and first.strip() not in table

    code, out, _ = run("tokens", "revoke", "kid", rows["grades sync"]["id"])
    assert code == 0 and f"已撤销 {rows['grades sync']['id']}" in out
    code, _, err = run("tokens", "revoke", "kid", "f" * 32)
    assert code == 2 and "没有令牌" in err
    assert run("tokens", "revoke", "kid")[0] == 2  # neither ids nor --all

    code, out, _ = run("passwd", "kid", "--password-stdin", stdin="new-password\n")
    assert code == 0 and "结束了 1 个登录会话，撤销了 1 个 API 令牌" in out
    with Store(f"sqlite:///{tmp_path / 'zuoye.db'}") as store:
        accounts = Accounts(store)
        assert accounts.user_for_token(secret=first.strip(), kind="api") is None
        assert accounts.user_for_token(secret=session, kind="session") is None
    assert json.loads(run("tokens", "list", "kid", "--json")[1]) == []
    run("token", "kid")
    code, out, _ = run("tokens", "revoke", "kid", "--all")
    assert code == 0 and "结束了 0 个登录会话，撤销了 1 个 API 令牌" in out
