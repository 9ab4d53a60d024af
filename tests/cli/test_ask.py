from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.cli.conftest import Run

QUAD = "解方程 x^2-5x+6=0"
RIGHT = "解：因式分解得 $(x-2)(x-3)=0$。\n答：$x_1=2, x_2=3$。"


def test_offline_maths_is_answered_by_the_solver(zuoye: Callable[..., Run]) -> None:
    r = zuoye("ask", QUAD)
    assert r.exit_code == 0, r.stderr
    assert "答" in r.stdout and "2" in r.stdout and "3" in r.stdout
    # says ERNIE is not configured and how to fix it: a v2 key, Chinese first
    assert "QIANFAN_BEARER_TOKEN" in r.stderr and "QIANFAN_AK" not in r.stderr
    assert r.stderr.index("未配置") < r.stderr.index("QIANFAN_BEARER_TOKEN")


def test_offline_other_questions_exit_with_a_config_error(zuoye: Callable[..., Run]) -> None:
    r = zuoye("ask", "《静夜思》的作者是谁？")
    assert r.exit_code == 3
    assert "QIANFAN_BEARER_TOKEN" in r.stderr and "ZUOYE_OPENAI_BASE_URL" in r.stderr
    assert "未配置文心一言" in r.stderr and "No model is configured" not in r.stderr  # Chinese, the default


def test_ask_json_against_the_emulator_checks_the_answer(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str
) -> None:
    online(emulator)
    r = zuoye("ask", QUAD, "--json")
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert {"session_id", "answer", "model", "usage", "checks", "complete"} <= set(data)
    assert data["complete"] is True
    assert data["model"] == "ERNIE-4.0-8K"
    assert data["usage"]["total_tokens"] > 0
    assert data["checks"][-1]["status"] == "agree"

    # --session continues the same conversation; history shows both turns
    again = zuoye("ask", "再解一次：x^2-7x+12=0", "--session", data["session_id"][:8], "--json")
    assert again.exit_code == 0, again.stderr
    assert again.json()["session_id"] == data["session_id"]
    shown = zuoye("history", data["session_id"], "--json").json()
    assert [t["question"] for t in shown["turns"]] == [QUAD, "再解一次：x^2-7x+12=0"]
    listed = zuoye("history", "--json").json()
    assert listed[0]["id"] == data["session_id"] and listed[0]["turns"] == 2


def test_function_call_round_trip_through_the_emulator(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator_factory: Callable[..., str]
) -> None:
    from zuoye.math.tools import TOOLS

    tool = next(t["name"] for t in TOOLS if "solve" in t["name"])
    args = json.dumps({"question": QUAD}, ensure_ascii=False)
    scenario = {
        "rules": [
            {
                "match": "x\\^2",
                "when_functions": True,
                "reply": {"function_call": {"name": tool, "arguments": args, "thoughts": "用求解工具算一下"}},
            }
        ]
    }
    online(emulator_factory(scenario=scenario))
    r = zuoye("ask", QUAD, "--json", "--verbose")
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert data["tool_calls"][0]["name"] == tool
    assert data["complete"] is True


def test_need_clear_history_is_explained(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str
) -> None:
    online(emulator)
    first = zuoye("ask", "计算 1+1", "--json").json()
    r = zuoye("ask", "说一个敏感词", "--session", first["session_id"], "--json")
    assert r.exit_code == 0, r.stderr
    assert any(n["kind"] == "history_cleared" for n in r.json()["notices"])


def test_service_errors_exit_4_and_keep_the_question(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator_factory: Callable[..., str]
) -> None:
    online(emulator_factory(scenario={"rules": [{"match": "忙", "reply": {"error_code": 336100}}]}))
    r = zuoye("ask", "忙不忙")
    assert r.exit_code == 4
    assert "HTTP 503" in r.stderr and "service_unavailable" in r.stderr
    [turn] = zuoye("history", zuoye("history", "--json").json()[0]["id"], "--json").json()["turns"]
    assert (turn["question"], turn["status"]) == ("忙不忙", "failed")


def test_quota_errors_exit_3_with_what_to_do(
    zuoye: Callable[..., Run], online_v1: Callable[[str], None], emulator_factory: Callable[..., str]
) -> None:
    # v1 has a daily quota code (17); v2 reports no such thing
    online_v1(emulator_factory(scenario={"rules": [{"reply": {"error_code": 17}}]}))
    r = zuoye("ask", "计算 1+1")
    assert r.exit_code == 3
    assert "QIANFAN" in r.stderr or "quota" in r.stderr.lower()


def test_a_stream_cut_midway_is_stored_incomplete(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator_factory: Callable[..., str]
) -> None:
    scenario = {"rules": [{"match": "慢", "reply": {"result": "第一句。第二句。第三句。"}, "cut_after": 1}]}
    online(emulator_factory(scenario=scenario))
    r = zuoye("ask", "讲慢一点")
    assert r.exit_code == 4
    assert "第一句" in r.stdout  # what arrived was shown
    conv = zuoye("history", "--json").json()[0]["id"]
    [turn] = zuoye("history", conv, "--json").json()["turns"]
    assert turn["status"] == "incomplete" and turn["answer"].startswith("第一句")


def test_chat_reads_one_question_per_line_in_one_session(
    zuoye: Callable[..., Run], online: Callable[[str], None], emulator: str
) -> None:
    online(emulator)
    r = zuoye("chat", input="计算 1+2\n\n计算 2+3\n")
    assert r.exit_code == 0, r.stderr
    [conv] = zuoye("history", "--json").json()
    assert conv["turns"] == 2


def test_bad_options_are_usage_errors(zuoye: Callable[..., Run]) -> None:
    assert zuoye("ask", "1+1", "--mode", "cheat").exit_code == 2
    r = zuoye("ask", "1+1", "--model", "ERNIE-9")
    assert r.exit_code == 2 and "zuoye models" in r.stderr
    assert zuoye("ask", "1+1", "--session", "ffffffff").exit_code == 2
    assert zuoye("ask", "").exit_code == 2


def test_models_offline_still_shows_the_ernie_table(zuoye: Callable[..., Run]) -> None:
    report: dict[str, Any] = zuoye("models", "--json").json()
    assert report["offline"] is True and report["default"] == "ERNIE-4.0-8K"
    [ernie] = report["providers"]
    assert (ernie["name"], ernie["listed_by"]) == ("qianfan", "table")
    assert "QIANFAN_BEARER_TOKEN" in ernie["error"]  # says how to get more than the table
    by_name = {m["name"]: m for m in ernie["models"]}
    assert by_name["ERNIE-4.0-8K"]["tools"] is True
    assert by_name["ERNIE-Speed-8K"]["tools"] is False
    shown = zuoye("models")
    assert shown.exit_code == 0 and "ERNIE-4.0-8K *" in shown.stdout


def test_ask_with_a_photo_of_the_question(zuoye: Callable[..., Run], tmp_path: Any) -> None:
    from tests.ocr._images import encode, question

    photo = tmp_path / "q.png"
    photo.write_bytes(encode(question(["解方程 2x+3=7"])))
    r = zuoye("ask", "--image", str(photo), "--json")
    assert r.exit_code == 0, r.stderr
    assert "2x+3=7" in r.stderr.replace(" ", "")  # the recognised text is shown
    data = r.json()
    assert data["complete"] and "x=2" in data["answer"].replace(" ", "")


def test_ask_with_a_bad_photo_is_a_clear_usage_error(zuoye: Callable[..., Run], tmp_path: Any) -> None:
    bad = tmp_path / "q.gif"
    bad.write_bytes(b"GIF89a" + b"\0" * 100)
    r = zuoye("ask", "--image", str(bad))
    assert r.exit_code == 2 and "GIF" in r.stderr
    assert zuoye("ask", "--image", str(tmp_path / "missing.png")).exit_code == 2


def test_the_configured_help_ceiling_cannot_be_raised_from_the_command_line(
    zuoye: Callable[..., Run], monkeypatch: Any
) -> None:
    monkeypatch.setenv("ZUOYE_HELP_CEILING", "hint")
    r = zuoye("ask", QUAD, "--help-ceiling", "full")
    assert r.exit_code == 2 and "家长或老师设置的帮助上限" in r.stderr


def test_ctrl_c_mid_answer_keeps_the_partial_answer(
    cli_env: Any, emulator_factory: Callable[..., str]
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    scenario = {
        "rules": [{"match": "慢", "reply": {"result": "第一句。第二句。第三句。第四句。"}, "delay_ms": 700}]
    }
    url = emulator_factory(scenario=scenario)
    env = dict(os.environ, QIANFAN_AK="test-ak", QIANFAN_SK="test-sk", QIANFAN_BASE_URL=url)
    cmd = [sys.executable, "-c", "from zuoye.cli import main; main()", "ask", "讲慢一点"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    first = proc.stdout.read(len("第一句。".encode()))
    assert first.decode() == "第一句。"
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    proc.stdout.close()
    assert proc.returncode == 130
    check = subprocess.run(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "history", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    conv = json.loads(check.stdout)[0]["id"]
    shown = subprocess.run(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "history", conv, "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    [turn] = json.loads(shown.stdout)["turns"]
    assert turn["status"] == "incomplete" and turn["error"] == "interrupted"
    assert turn["answer"].startswith("第一句。") and "第四句" not in turn["answer"]


def test_ask_a_schools_openai_compatible_server(
    zuoye: Callable[..., Run], cli_env: dict[str, str], emulator_factory: Callable[..., str], monkeypatch: Any
) -> None:
    """A school's own server, no ERNIE key at all: questions never leave the building."""
    scenario = {"rules": [{"match": "x\\^2", "protocol": "openai", "reply": {"result": RIGHT}}]}
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", f"{emulator_factory(scenario=scenario)}/v1")
    r = zuoye("ask", QUAD, "--model", "openai/deepseek-v3", "--json")
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert (data["model"], data["complete"]) == ("openai/deepseek-v3", True)
    assert data["checks"][-1]["status"] == "agree"  # checked by the solver like any answer
    follow = zuoye("ask", "再解一次：x^2-7x+12=0", "--session", data["session_id"], "--json")
    assert follow.exit_code == 0, follow.stderr
    [conv] = zuoye("history", "--json").json()
    assert conv["model"] == "openai/deepseek-v3" and conv["turns"] == 2
    listed = zuoye("models", "--json").json()
    [school] = listed["providers"]
    assert (school["name"], school["protocol"], school["listed_by"]) == ("openai", "openai", "service")
    assert "openai/deepseek-v3" in [m["name"] for m in school["models"]]


def test_tool_calls_with_ids_through_an_openai_compatible_server(
    zuoye: Callable[..., Run], cli_env: dict[str, str], emulator_factory: Callable[..., str], monkeypatch: Any
) -> None:
    args = json.dumps({"question": QUAD}, ensure_ascii=False)
    scenario = {
        "rules": [
            {
                "match": "x\\^2",
                "protocol": "openai",
                "when_functions": True,
                "reply": {"tool_calls": [{"name": "solve_math_problem", "arguments": args}]},
            },
            {"after_function": True, "protocol": "openai", "reply": {"result": RIGHT}},
        ]
    }
    url = emulator_factory(scenario=scenario, models=("qwen2.5:7b",))
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", f"{url}/v1")
    monkeypatch.setenv("ZUOYE_OPENAI_MODELS", "qwen2.5:7b")
    monkeypatch.setenv("ZUOYE_OPENAI_TOOLS", "true")
    r = zuoye("ask", QUAD, "--json")  # the only service configured: its model is the default
    assert r.exit_code == 0, r.stderr
    data = r.json()
    assert data["model"] == "openai/qwen2.5:7b" and data["complete"] is True
    [call] = data["tool_calls"]
    assert call["name"] == "solve_math_problem" and call["id"].startswith("call_")
    assert data["checks"][-1]["status"] == "agree"
