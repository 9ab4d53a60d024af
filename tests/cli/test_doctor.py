from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Run, v2_key


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
    online(emulator_factory(bearer_token=v2_key("r")))
    r = zuoye("doctor", "--json")
    assert r.exit_code == 3
    chat = _by_name(r)["chat with ERNIE-4.0-8K"]
    assert chat["status"] == "fail" and "QIANFAN_BEARER_TOKEN" in chat["fix"]
    assert "s" * 40 not in r.stdout  # the key's secret half is never shown


def test_it_shows_the_protocol_and_kind_of_credentials_never_their_values(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str
) -> None:
    online(emulator)
    r = zuoye("doctor", "--json", "--no-call")
    assert r.exit_code == 0, r.stdout
    ernie = _by_name(r)["qianfan credentials"]
    assert ernie["status"] == "ok" and "协议 v2" in ernie["detail"]
    assert "QIANFAN_BEARER_TOKEN" in ernie["detail"] and "s" * 40 not in r.stdout


@pytest.mark.parametrize("mangled", ["half", "quoted", "another service's"])
def test_a_key_not_of_the_consoles_shape_is_a_warning_before_anything_is_sent(
    zuoye: Callable[..., Run],
    online: Callable[[str], None],
    emulator: str,
    monkeypatch: pytest.MonkeyPatch,
    mangled: str,
) -> None:
    online(emulator)
    key = {"half": v2_key()[:30], "quoted": f'"{v2_key()}"', "another service's": "sk-" + "q" * 40}[mangled]
    monkeypatch.setenv("QIANFAN_BEARER_TOKEN", key)
    r = zuoye("doctor", "--json", "--no-call")
    shape = _by_name(r)["qianfan key"]
    assert shape["status"] == "warn" and "bce-v3/ALTAK-" in shape["detail"] and "整串" in shape["fix"]
    assert key.strip('"') not in r.stdout and "q" * 40 not in r.stdout  # never shown
    monkeypatch.setenv("QIANFAN_BEARER_TOKEN", v2_key())  # as the console gives it: nothing to say
    assert "qianfan key" not in _by_name(zuoye("doctor", "--json", "--no-call"))


def test_retired_v1_credentials_are_a_warning_that_says_what_to_do(
    zuoye: Callable[..., Run], online_v1: Callable[[str], None], emulator: str
) -> None:
    online_v1(emulator)
    r = zuoye("doctor", "--json")
    assert r.exit_code == 0, r.stdout  # it still answers, for now
    ernie = _by_name(r)["qianfan credentials"]
    assert ernie["status"] == "warn" and "协议 v1" in ernie["detail"]
    assert "千帆控制台 → API Key" in ernie["fix"] and "QIANFAN_BEARER_TOKEN" in ernie["fix"]
    assert "test-sk" not in r.stdout


def test_each_provider_is_checked(
    zuoye: Callable[..., Run], cli_env: dict[str, str], emulator: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", f"{emulator}/v1")
    monkeypatch.setenv("ZUOYE_OPENAI_MODELS", "deepseek-v3")
    r = zuoye("doctor", "--json")
    assert r.exit_code == 0, r.stdout
    checks = _by_name(r)
    assert "协议 openai" in checks["openai credentials"]["detail"]
    assert checks["openai reachability"]["status"] == "ok"
    assert checks["chat with openai/deepseek-v3"]["status"] == "ok"


def test_a_provider_whose_key_variable_is_unset_fails_naming_it(
    zuoye: Callable[..., Run], cli_env: dict[str, str], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text(
        '[providers.deepseek]\nbase_url = "http://127.0.0.1:9/v1"\napi_key_env = "DEEPSEEK_KEY"\n'
        'models = ["deepseek-chat"]\n',
        encoding="utf-8",
    )
    r = zuoye("doctor", "--json", "--no-call")
    assert r.exit_code == 3
    check = _by_name(r)["deepseek credentials"]
    assert check["status"] == "fail" and "DEEPSEEK_KEY" in check["detail"]


def test_bad_database_url_fails(zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZUOYE_DATABASE_URL", "postgresql+psycopg://nobody:pw@127.0.0.1:1/none")
    r = zuoye("doctor", "--json", "--no-call")
    assert r.exit_code == 3
    assert _by_name(r)["database"]["status"] == "fail"
    assert ":pw@" not in r.stdout


def test_a_long_chinese_detail_folds_beside_its_mark(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 40 columns a long Chinese detail left "! 模型服务:" and "→" alone on their lines (Rich wraps
    only at spaces): now the words fold beside the mark, the fix beside its arrow."""
    monkeypatch.setenv("COLUMNS", "40")
    shown = zuoye("doctor", "--no-call").stdout.splitlines()
    services = next(k for k, line in enumerate(shown) if "模型服务" in line)
    assert shown[services].startswith("! 模型服务：一个也没有配置") and len(shown[services]) > 20
    arrow = next(line for line in shown[services:] if "→" in line)
    assert arrow.lstrip().startswith("→ 没有配置任何模型服务"), shown
    assert not any(line.strip() in ("→", "! 模型服务:", "! 模型服务：") for line in shown)


def test_a_home_that_is_a_file_is_said_not_a_traceback(
    zuoye: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ZUOYE_HOME naming a file made every command (doctor included) fail with a traceback from the
    store's mkdir; doctor then blamed ZUOYE_DATABASE_URL, which was not set."""
    home = tmp_path / "a-file"
    home.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ZUOYE_HOME", str(home))
    for command in (("ask", "1+1"), ("history",), ("mistakes",)):
        r = zuoye(*command)
        assert r.exit_code == 3, (command, r.stderr)
        assert f"数据库所在的文件夹 {home} 建不起来：请把 ZUOYE_HOME 设为" in r.stderr, r.stderr
    doctor = zuoye("doctor", "--no-call", "--json")
    assert doctor.exit_code == 3
    database = next(c for c in doctor.json() if c["name"] == "database")
    assert database["status"] == "fail" and "ZUOYE_HOME" in database["fix"]
    assert "ZUOYE_DATABASE_URL" not in database["fix"]
