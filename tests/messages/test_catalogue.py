"""The message catalogue: every message in both languages with the same placeholders, every key
the code says exists and is said with the placeholders it needs, and no message nobody says."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

import zuoye
from zuoye.messages import CATALOGUE, say, use_language
from zuoye.messages._catalogue import AREAS

SRC = Path(zuoye.__file__).parent
# Keys made from data rather than written out: a validation error's type, a failure's kind.
DYNAMIC_PREFIXES = ("web.invalid.", "doctor.chat.fix.", "class.kind.", "class.mistake.")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _say_calls() -> list[tuple[Path, ast.Call]]:
    calls = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "say":
                calls.append((path, node))
    return calls


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    for key, text in CATALOGUE.items():
        assert text.zh.strip() and text.en.strip(), key
        assert _fields(text.zh) == _fields(text.en), key
        assert all(name.isidentifier() for name in _fields(text.zh)), key  # named, never {0} or {}


def test_a_key_is_in_one_area_only() -> None:
    assert sum(len(area) for area in AREAS) == len(CATALOGUE)


def test_every_key_said_exists_with_the_placeholders_it_needs() -> None:
    calls = _say_calls()
    assert len(calls) > 100  # the scan finds the code's calls
    for path, call in calls:
        where = f"{path.relative_to(SRC)}:{call.lineno}"
        first = call.args[0] if call.args else None
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue  # a key held in a variable: checked by the next test's literal search
        assert first.value in CATALOGUE, f"{where}: no message {first.value!r}"
        if any(k.arg is None for k in call.keywords):  # say(key, **params): filled from data
            continue
        given = {k.arg for k in call.keywords}
        assert given == _fields(CATALOGUE[first.value].zh), f"{where}: {first.value}"


def test_every_message_is_said_somewhere() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py") if p.parent.name != "messages")
    # the page's words (page.*) are said by the page: `{{page.key}}` in index.html, t("page.key") in its scripts
    page = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "web" / "static").glob("*.[hj][ts]*"))
    unused = [
        key
        for key in CATALOGUE
        if f'"{key}"' not in code
        and f"'{key}'" not in code
        and f'"{key}"' not in page
        and "{{" + key + "}}" not in page
        and not key.startswith(DYNAMIC_PREFIXES)
    ]
    assert unused == []


def test_the_catalogue_imports_nothing_else_from_zuoye() -> None:
    # It sits at the bottom: the store, the tutor and every interface import it.
    for path in (SRC / "messages").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("zuoye"):
                assert node.module.startswith("zuoye.messages"), path.name
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("zuoye") for a in node.names), path.name


def test_said_in_the_language_chosen() -> None:
    with use_language("zh"):
        assert say("password.too_short", min=8) == "密码太短：至少要 8 个字符。"
    with use_language("en"):
        assert say("password.too_short", min=8) == "the password is too short: use at least 8 characters"


def test_an_unknown_key_is_a_programming_error() -> None:
    with pytest.raises(KeyError):
        say("no.such.message")
