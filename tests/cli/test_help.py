"""`--help` in the reader's language: a Chinese student reads Chinese help, an English developer
English, each one language — it was English for most commands whatever the locale, and
"中文。 / English." side by side for solve and mistakes. (serve, worker and emulator, for the people
who run a server, are still in English.)"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tests.cli.conftest import Run
from zuoye.messages import CATALOGUE

# A command, and help texts of its own that its --help must show (the catalogue's keys).
COMMANDS = [
    ((), ("help.version",)),  # help.app begins "作业 zuoye" in both languages
    (("ask",), ("help.ask", "help.ask.pick", "help.session")),
    (("chat",), ("help.verbose",)),
    (("history",), ("help.history", "help.history.limit")),
    (("batch",), ("help.batch", "help.batch.concurrency")),
    (("solve",), ("help.solve", "help.solve.timeout")),
    (("mistakes",), ("help.mistakes.due", "help.json")),
    (("mistakes", "practise"), ("help.mistakes.practise", "help.mistakes.answer")),
    (("doctor",), ("help.doctor.model",)),
    (("models",), ("help.json",)),
    (("users",), ("help.users.add", "help.users.list")),
    (("users", "tokens", "revoke"), ("help.users.revoke", "help.users.revoke_all")),
]
LISTED = ("help.ask", "help.history", "help.solve")  # in the command list of `zuoye --help`


def _start(text: str) -> str:
    """The first words of a help text, as Click wraps them onto one line."""
    return re.split(r"[，。,.(（:：]", text)[0][:16]


@pytest.mark.parametrize(("lang", "other"), [("zh_CN.UTF-8", "en"), ("en_US.UTF-8", "zh")])
@pytest.mark.parametrize(("command", "keys"), COMMANDS)
def test_help_in_one_language(
    zuoye: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    other: str,
    command: tuple[str, ...],
    keys: tuple[str, ...],
) -> None:
    monkeypatch.setenv("LANG", lang)
    shown = zuoye(*command, "--help")
    assert shown.exit_code == 0, shown.stderr
    said = " ".join(shown.stdout.split())  # as wrapped: one space for each line break
    own = "zh" if other == "en" else "en"
    for key in keys + (LISTED if not command else ()):
        assert _start(getattr(CATALOGUE[key], own)) in said, (key, said)
        assert _start(getattr(CATALOGUE[key], other)) not in said, (key, said)
    assert not re.search(r"\bhelp\.[a-z_]+", said), said  # no key left unsaid
    assert "。 / " not in said  # never both languages side by side
