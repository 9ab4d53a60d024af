from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner

from zuoye.cli import _register, app
from zuoye.store import Store
from zuoye.store.regenerate import retire_turn

_register()

ZUOYE = [sys.executable, "-c", "from zuoye.cli import main; main()"]  # the installed command, run anew


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """A clean environment: own ZUOYE_HOME and HOME, no real credentials."""
    for name in (
        "QIANFAN_AK",
        "QIANFAN_SK",
        "QIANFAN_ACCESS_TOKEN",
        "QIANFAN_ACCESS_KEY",
        "QIANFAN_SECRET_KEY",
        "QIANFAN_BASE_URL",
        "QIANFAN_BEARER_TOKEN",
        "QIANFAN_API_KEY",
        "QIANFAN_APP_ID",
        "QIANFAN_CONSOLE_API_BASE_URL",
        "QIANFAN_IAM_BASE_URL",
        "ZUOYE_OPENAI_BASE_URL",
        "ZUOYE_OPENAI_API_KEY",
        "ZUOYE_OPENAI_MODELS",
        "ZUOYE_OPENAI_TOOLS",
        "ZUOYE_MODEL",
        "ZUOYE_DATABASE_URL",
        "ZUOYE_MODE",
        "ZUOYE_GRADE",
        "ZUOYE_HELP_CEILING",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return {}


def v2_key(tag: str = "t") -> str:
    """A v2 API key of the right shape, made at run time (never a literal that looks real)."""
    return "bce-v3/ALTAK-" + tag * 20 + "/" + "s" * 40


@pytest.fixture
def online(cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Point the CLI at an emulator's Qianfan v2 with a v2 API key, as a user would."""

    def use(base_url: str) -> None:
        monkeypatch.setenv("QIANFAN_BEARER_TOKEN", v2_key())
        monkeypatch.setenv("QIANFAN_CONSOLE_API_BASE_URL", base_url)

    return use


@pytest.fixture
def online_v1(cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Point the CLI at an emulator's retired v1 with the old API Key / Secret Key pair."""

    def use(base_url: str) -> None:
        monkeypatch.setenv("QIANFAN_AK", "test-ak")
        monkeypatch.setenv("QIANFAN_SK", "test-sk")
        monkeypatch.setenv("QIANFAN_BASE_URL", base_url)

    return use


@pytest.fixture
def zuoye(cli_env: dict[str, str]) -> Callable[..., Run]:
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Run:
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


def regenerated_on_the_page(zuoye: Callable[..., Run], question: str) -> str:
    """A conversation whose first answer was regenerated on the page (retired, and the same
    question answered again); its session id."""
    first = zuoye("ask", "--json", question)
    assert first.exit_code == 0, first.stderr
    session: str = first.json()["session_id"]
    with Store(f"sqlite:///{Path(os.environ['ZUOYE_HOME']) / 'zuoye.db'}") as store:
        [turn] = store.get_conversation(conversation_id=session).turns
        retire_turn(store, turn_id=turn.id)
    assert zuoye("ask", "--session", session, question).exit_code == 0
    return session


@pytest.fixture
def terminal(cli_env: dict[str, str]) -> Iterator[Callable[..., pexpect.spawn]]:
    """Start `zuoye ARGS` on a pseudo-terminal, as a person's shell would (prompts, Ctrl-C, Ctrl-D);
    `child.logfile_read` holds what they saw. `zuoye chat` has its own, sized and without CPR."""
    children: list[pexpect.spawn] = []

    def start(*args: str, env: dict[str, str]) -> pexpect.spawn:
        child = pexpect.spawn(
            ZUOYE[0], [*ZUOYE[1:], *args], env=dict(os.environ, **env), encoding="utf-8", timeout=30
        )
        child.logfile_read = io.StringIO()
        children.append(child)
        return child

    yield start
    for child in children:
        child.close(force=True)
