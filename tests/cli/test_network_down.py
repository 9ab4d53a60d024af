"""Keys configured but ERNIE unreachable (the network is down): maths the solver can answer is
still answered, with a notice why; nothing else claims an answer was saved."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from tests.cli.conftest import Run, v2_key
from zuoye import ernie
from zuoye.providers._ernie import provider_error


@pytest.fixture
def network_down(cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A v2 key and a base URL on a port nobody listens on: every connection is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("QIANFAN_BEARER_TOKEN", v2_key())
    monkeypatch.setenv("QIANFAN_CONSOLE_API_BASE_URL", f"http://127.0.0.1:{port}")


@pytest.mark.usefixtures("network_down")
def test_maths_is_answered_by_the_solver_when_ernie_is_unreachable(zuoye: Callable[..., Run]) -> None:
    r = zuoye("ask", "解方程 2x+3=7")
    assert r.exit_code == 0, r.stderr
    assert "答" in r.stdout and "x = 2" in r.stdout
    assert "无法连接文心一言" in r.stderr  # says why, Chinese first
    assert "could not be reached" not in r.stderr  # Chinese only, the default
    assert "local-solver" in r.stderr  # the footer names who answered

    # Not maths: the connection error itself, exit 4, and no claim that anything was saved.
    other = zuoye("ask", "《静夜思》的作者是谁？")
    assert other.exit_code == 4
    assert "could not reach" in other.stderr
    assert "保存" not in other.stderr and "saved" not in other.stderr
    [conv, _] = zuoye("history", "--json").json()
    [turn] = zuoye("history", conv["id"], "--json").json()["turns"]
    assert turn["status"] == "failed" and turn["answer"] == ""


@pytest.mark.parametrize(
    ("error", "unreachable"),
    [
        (ernie.APIConnectionError("[Errno -2] Name or service not known"), True),  # DNS
        (ernie.APITimeoutError("timed out"), True),
        (ernie.ServerError("busy", http_status=503), False),  # reached: it answered, with an error
    ],
)
def test_what_counts_as_unreachable(error: ernie.ErnieError, unreachable: bool) -> None:
    # A timeout costs minutes to provoke for real; the mapping is what the tutor reads.
    assert provider_error(error, "ERNIE").unreachable is unreachable
