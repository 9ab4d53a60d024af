"""Which language: the locale variables in gettext's order, ZUOYE_LANG above them; Accept-Language."""

from __future__ import annotations

import pytest

from zuoye.messages import language, language_from_accept, language_from_env, use_language


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "zh"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "C"}, "zh"),
        ({"LANG": "C.UTF-8"}, "zh"),
        ({"LANG": "POSIX"}, "zh"),
        ({"LANG": "fr_FR.UTF-8"}, "zh"),
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "en_US:en"}, "en"),
        ({"LANGUAGE": "", "LANG": "en_US.UTF-8"}, "en"),  # set but empty: the next one decides
        ({"LANG": "en_US.UTF-8", "ZUOYE_LANG": "zh"}, "zh"),
        ({"LANG": "zh_CN.UTF-8", "ZUOYE_LANG": "en"}, "en"),
    ],
)
def test_the_locale_variables(environ: dict[str, str], expected: str) -> None:
    assert language_from_env(environ) == expected


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "zh"),
        ("", "zh"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        ("en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        ("fr-FR,en;q=0.5", "en"),
        ("fr-FR,de;q=0.5", "zh"),
        ("en;q=0.3,zh;q=0.7", "zh"),
        ("en;q=0", "zh"),
        ("*", "zh"),
        ("en;q=abc", "zh"),
    ],
)
def test_accept_language(header: str | None, expected: str) -> None:
    assert language_from_accept(header) == expected


def test_chosen_here_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for name in ("ZUOYE_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    assert language() == "en"
    with use_language("zh"):
        assert language() == "zh"
    assert language() == "en"
