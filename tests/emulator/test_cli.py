from __future__ import annotations

import socket
from pathlib import Path

from typer.testing import CliRunner

from zuoye.cli import _register, app
from zuoye.cli._app import EXIT_CONFIG, EXIT_USAGE, CliError

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str]:
    _register()
    result = runner.invoke(app, ["emulator", *args])
    if isinstance(result.exception, CliError):
        return result.exception.exit_code, result.exception.message
    return result.exit_code, result.output


def test_help_documents_the_test_hooks() -> None:
    code, out = _invoke("--help")
    assert code == 0
    for text in ("/_emulator/stats", "expire-tokens", "--token-ttl", "--scenario", "--fault-rate", "--port"):
        assert text in out


def test_help_documents_v2_the_openai_face_and_their_options() -> None:
    code, out = _invoke("--help")
    assert code == 0
    flat = " ".join(out.split())  # the help is wrapped to the terminal
    for text in (
        "/v2/chat/completions",
        "/v2/models",
        "/v1/BCE-BEARER/token",
        "/v1/chat/completions",
        "QIANFAN_CONSOLE_API_BASE_URL",
        "QIANFAN_BEARER_TOKEN",
        "QIANFAN_IAM_BASE_URL",
        "--bearer-token",
        "--openai-api-key",
        "--input-tpm",
        "--output-tpm",
        "--model",
        "--v1-retired",
    ):
        assert text in flat, text


def test_a_bad_scenario_file_is_a_usage_error_naming_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "s.json"
    bad.write_text('{"rules": [{"reply": {}}]}', encoding="utf-8")
    code, message = _invoke("--scenario", str(bad), "--port", "0")
    assert code == EXIT_USAGE
    assert "s.json: rule 1" in message and "exactly one of" in message


def test_bad_settings_are_usage_errors() -> None:
    code, message = _invoke("--fault-rate", "2", "--port", "0")
    assert code == EXIT_USAGE and "--fault-rate is a probability" in message
    code, message = _invoke("--api-key", "only-one", "--port", "0")
    assert code == EXIT_USAGE and "--secret-key" in message
    code, message = _invoke("--bearer-token", "sk-123", "--port", "0")
    assert code == EXIT_USAGE and "bce-v3/ALTAK-" in message
    code, message = _invoke("--v1-retired", "maybe", "--port", "0")
    assert code == EXIT_USAGE and "--v1-retired" in message and "html" in message
    code, message = _invoke("--output-tpm", "0", "--port", "0")
    assert code == EXIT_USAGE and "--output-tpm must be a positive number" in message


def test_a_busy_port_is_a_configuration_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, message = _invoke("--port", str(port))
    # in the reader's language (Chinese here), with what to do: another --port
    assert code == EXIT_CONFIG and f"127.0.0.1:{port}" in message and "--port" in message
