from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from zuoye import __version__
from zuoye.cli import _register, app

runner = CliRunner()


def test_version() -> None:
    _register()
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_console_script_help_runs_in_a_fresh_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from zuoye.cli import main; main()", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "zuoye" in proc.stdout
