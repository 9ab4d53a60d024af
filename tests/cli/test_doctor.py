from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.cli.conftest import Run


def _by_name(run: Run) -> dict[str, dict[str, str]]:
    return {c["name"]: c for c in run.json()}


def test_offline_is_a_warning_not_a_failure(zuoye: Callable[..., Run]) -> None:
    r = zuoye("doctor", "--json")
    assert r.exit_code == 0, r.stdout
    checks = _by_name(r)
    assert checks["model services"]["status"] == "warn"
    assert "QIANFAN_BEARER_TOKEN" in checks["model services"]["fix"]
    assert checks["database"]["status"] == checks["maths solver"]["status"] == "ok"


def test_everything_ok_against_the_emulator(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str
) -> None:
    online(emulator)
    r = zuoye("doctor", "--json")
    assert r.exit_code == 0, r.stdout
    checks = _by_name(r)
    assert checks["qianfan reachability"]["status"] == "ok"
    assert checks["chat with ERNIE-4.0-8K"]["status"] == "ok"
    assert "test-sk" not in r.stdout  # never shows a secret


def test_wrong_keys_fail_with_what_to_do(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator_factory: Callable[..., str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    online(emulator_factory(api_key="right-ak", secret_key="right-sk"))
    r = zuoye("doctor", "--json")
    assert r.exit_code == 3
    chat = _by_name(r)["chat with ERNIE-4.0-8K"]
    assert chat["status"] == "fail" and "API Key" in chat["fix"]
    assert "test-sk" not in r.stdout


def test_bad_database_url_fails(zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZUOYE_DATABASE_URL", "postgresql+psycopg://nobody:pw@127.0.0.1:1/none")
    r = zuoye("doctor", "--json", "--no-call")
    assert r.exit_code == 3
    assert _by_name(r)["database"]["status"] == "fail"
    assert ":pw@" not in r.stdout
