"""Settings as an operator meets them: a config.toml in $ZUOYE_HOME, ZUOYE_* variables and
command-line options, in that order of strength, and a wrong value refused saying which and what
is allowed (Chinese first)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from zuoye.settings import Settings, SettingsError


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("GRADE", "MODE", "DAILY_QUOTA", "MULTI_USER", "MODEL", "DATABASE_URL", "HELP_CEILING"):
        monkeypatch.delenv(f"ZUOYE_{name}", raising=False)
    for name in ("BASE_URL", "API_KEY", "MODELS", "TOOLS"):
        monkeypatch.delenv(f"ZUOYE_OPENAI_{name}", raising=False)
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))
    return tmp_path


def _config(home: Path, text: str) -> Path:
    path = home / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _chinese_first(message: str) -> bool:
    """Chinese (the default language), and only Chinese: not both side by side."""
    return any("\u4e00" <= ch <= "\u9fff" for ch in message) and " / " not in message


def test_options_beat_the_environment_which_beats_the_file_which_beats_the_defaults(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(home, 'grade = "小学"\ndaily_quota = 10\nmode = "提示"\nmulti_user = true\n')
    monkeypatch.setenv("ZUOYE_DAILY_QUOTA", "20")
    monkeypatch.setenv("ZUOYE_MODE", "批改")
    monkeypatch.setenv("ZUOYE_MODEL", "")  # set but empty: unset, as a shell user means it
    s = Settings.load(mode="练习", grade=None)  # None: not given on the command line
    assert s.grade == "小学"  # the file
    assert s.daily_quota == 20  # the environment over the file
    assert s.mode == "练习"  # the option over both
    assert s.multi_user is True and s.max_tool_rounds == 4 and s.model == ""  # file, defaults
    assert s.home == home and s.db_url == f"sqlite:///{home / 'zuoye.db'}"


def test_a_home_given_reads_its_own_config_file(home: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    other = tmp_path_factory.mktemp("other")
    _config(other, "daily_quota = 7\n")
    assert Settings.load(home=other).daily_quota == 7
    assert Settings.load().daily_quota == 50  # $ZUOYE_HOME has no file


@pytest.mark.parametrize(
    ("text", "says", "in_english", "names_the_file"),
    [
        (
            "turn_lease_seconds = 1\n",
            "turn_lease_seconds 必须是 3–3600 之间的整数，而不是 1",
            "turn_lease_seconds must be a whole number 3–3600, not 1",
            False,
        ),
        (
            'grade = "幼儿园"\n',
            "年级 '幼儿园' 不是可选的值（小学、初中、高中、大学）",
            "grade '幼儿园' is not one of 小学, 初中, 高中, 大学",
            False,
        ),
        ('multi_user = "maybe"\n', "multi_user 是开关设置", "multi_user is a yes/no setting", False),
        ("database_url = 5\n", "database_url", "database_url", False),
        ("daily_qouta = 5\n", "不认识的设置 daily_qouta", "unknown setting(s) daily_qouta", True),
        ("grade = 小学\n", "不是有效的 TOML 文件", "is not valid TOML", True),
    ],
)
def test_a_bad_value_in_the_file_is_refused_saying_what_to_do(
    home: Path, monkeypatch: pytest.MonkeyPatch, text: str, says: str, in_english: str, names_the_file: bool
) -> None:
    path = _config(home, text)
    with pytest.raises(SettingsError) as info:
        Settings.load()
    message = str(info.value)
    assert says in message and _chinese_first(message)
    assert (str(path) in message) is names_the_file
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    with pytest.raises(SettingsError) as info:
        Settings.load()
    assert in_english in str(info.value) and " / " not in str(info.value)


def test_a_bad_value_in_the_environment_is_refused(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZUOYE_DAILY_QUOTA", "lots")
    with pytest.raises(SettingsError, match="daily_quota 必须是 0–1000000 之间的整数") as info:
        Settings.load()
    assert _chinese_first(str(info.value))


def test_a_token_maximum_below_the_default_lowers_the_default(home: Path) -> None:
    _config(home, "api_token_max_days = 30\n")
    s = Settings.load()
    assert (s.api_token_max_days, s.api_token_days) == (30, 30)


def test_provider_tables_and_the_environment_provider(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _config(
        home,
        '[providers.deepseek]\nbase_url = "https://api.deepseek.com/v1/"\napi_key_env = "DEEPSEEK_API_KEY"\n'
        'models = ["deepseek-chat"]\n\n[providers.openai]\nbase_url = "http://file.example/v1"\n',
    )
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("ZUOYE_OPENAI_MODELS", "qwen2.5, qwen2.5")
    providers = {p.name: p for p in Settings.load().providers}
    assert providers["deepseek"].base_url == "https://api.deepseek.com/v1"
    assert providers["deepseek"].models == ("deepseek-chat",)
    # the environment's provider wins over a table of the same name
    assert providers["openai"].base_url == "http://127.0.0.1:11434/v1"
    assert providers["openai"].models == ("qwen2.5",) and providers["openai"].api_key_env is None


def test_settings_made_in_code_are_validated_and_read_no_environment(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _config(home, 'grade = "小学"\n')
    monkeypatch.setenv("ZUOYE_MODE", "批改")
    s = Settings(home=home)
    assert (s.grade, s.mode) == ("初中", "讲解")
    lowered = dataclasses.replace(s, help_ceiling="hint")  # how `zuoye ask --help-ceiling` lowers it
    assert lowered.help_ceiling == "hint" and lowered.home == home
    with pytest.raises(ValueError, match="help_ceiling"):
        dataclasses.replace(s, help_ceiling="everything")
