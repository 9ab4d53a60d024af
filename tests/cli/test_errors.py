"""One root for the application's errors, with a kind that says who must act, and the CLI's one
mapping from kinds to exit codes: 2 the user's input, 3 the setup, 4 a service."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

import pytest

import zuoye
from tests.cli.conftest import Run
from zuoye.cli._app import EXIT_FOR_KIND
from zuoye.errors import ZuoyeError

# Packages with their own roots by design: the client (it imports nothing else from zuoye) and the
# emulator (a stand-in for Baidu); OCR's errors still use `kind` for the image type.
_OWN_TREES = ("zuoye.ernie", "zuoye.emulator", "zuoye.ocr", "zuoye.web", "zuoye.cli", "zuoye.render")
# Control flow inside one module, never shown to anyone.
_INTERNAL = {"Busy"}


def _application_errors() -> list[type[BaseException]]:
    found = []
    for info in pkgutil.walk_packages(zuoye.__path__, "zuoye."):
        if info.name.startswith(_OWN_TREES) or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, BaseException)
                and obj.__module__ == info.name
                and not name.startswith("_")
                and name not in _INTERNAL
            ):
                found.append(obj)
    return found


def test_every_application_error_has_the_one_root_and_a_kind() -> None:
    errors = _application_errors()
    names = {e.__name__ for e in errors}
    assert {"SettingsError", "ProviderError", "TutorInputError", "NotConfigured", "StoreError"} <= names
    assert {"AccountError", "PasswordError", "InputError", "JournalError", "MathError"} <= names
    for error in errors:
        assert issubclass(error, ZuoyeError), f"{error.__module__}.{error.__name__} has no ZuoyeError root"
        assert error.kind in EXIT_FOR_KIND, error


def test_a_bad_config_file_is_the_setups_to_fix(zuoye: Callable[..., Run], tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "config.toml").write_text('[providers.school]\nbase_url = "ftp://nowhere"\n', encoding="utf-8")
    for command in (["ask", "1+1"], ["models"], ["history"]):
        r = zuoye(*command)
        assert r.exit_code == 3, (command, r.stderr)
        assert str(home / "config.toml") in r.stderr and "base_url" in r.stderr
        assert "Traceback" not in r.stderr and "zuoye doctor" in r.stderr


def test_a_bad_request_about_accounts_is_the_users_to_fix(zuoye: Callable[..., Run]) -> None:
    r = zuoye("users", "add", "amy", "--password-stdin", input="short\n")
    assert r.exit_code == 2 and "密码太短" in r.stderr and "Traceback" not in r.stderr


def test_a_worksheet_that_cannot_be_read(zuoye: Callable[..., Run], tmp_path: Path) -> None:
    r = zuoye("batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out.jsonl"))
    assert r.exit_code == 2 and "missing.jsonl" in r.stderr


@pytest.mark.parametrize(("kind", "code"), [("input", 2), ("config", 3), ("service", 4)])
def test_kinds_are_exit_codes(kind: str, code: int) -> None:
    assert EXIT_FOR_KIND[kind] == code  # type: ignore[index]


def test_the_next_step_follows_a_whole_sentence(
    zuoye: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An English message without a stop ran into the next step: "... 讲解, 提示, 批改, 练习 `zuoye doctor` ..."."""
    monkeypatch.setenv("ZUOYE_MODE", "foo")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    r = zuoye("ask", "1+1")
    assert r.exit_code == 3
    assert r.stderr.rstrip().endswith("练习. `zuoye doctor` checks the setup."), r.stderr
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "练习）。 运行 `zuoye doctor`" in zuoye("ask", "1+1").stderr  # a Chinese one already ended
