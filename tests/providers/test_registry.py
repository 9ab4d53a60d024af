"""The registry as a user configures it: QIANFAN_* for ERNIE, ZUOYE_OPENAI_* for one
OpenAI-compatible server, `[providers.NAME]` tables in $ZUOYE_HOME/config.toml for more. Nothing
here sends a request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from zuoye.messages import use_language
from zuoye.providers import ProviderError, Registry, no_provider, retired_v1_hint
from zuoye.settings import Settings, SettingsError

pytestmark = pytest.mark.anyio

_VARIABLES = (
    "QIANFAN_AK",
    "QIANFAN_SK",
    "QIANFAN_ACCESS_TOKEN",
    "QIANFAN_ACCESS_KEY",
    "QIANFAN_SECRET_KEY",
    "QIANFAN_BEARER_TOKEN",
    "QIANFAN_API_KEY",
    "QIANFAN_BASE_URL",
    "QIANFAN_CONSOLE_API_BASE_URL",
    "ZUOYE_OPENAI_BASE_URL",
    "ZUOYE_OPENAI_API_KEY",
    "ZUOYE_OPENAI_MODELS",
    "ZUOYE_OPENAI_TOOLS",
    "ZUOYE_MODEL",
    "DEEPSEEK_KEY",
)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in _VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ZUOYE_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def registry(home: Path) -> Callable[[str], Registry]:
    def make(config: str = "") -> Registry:
        if config:
            (home / "config.toml").write_text(config, encoding="utf-8")
        return Registry.from_settings(Settings.load())

    return make


def v2_key() -> str:
    return "bce-v3/ALTAK-" + "k" * 20 + "/" + "s" * 40


async def test_nothing_configured_is_offline_and_says_how_to_go_online(
    registry: Callable[..., Registry],
) -> None:
    reg = registry()
    assert reg.offline and reg.providers == [] and reg.default_model == "ERNIE-4.0-8K"
    assert reg.get_or_offline(None) is None
    assert reg.get_or_offline("ernie-bot-4") is None  # an ERNIE alias is still a known name
    with pytest.raises(ProviderError) as unknown:
        reg.get_or_offline("ERNIE-9")
    assert unknown.value.kind == "input" and "ERNIE-4.0-8K" in str(unknown.value)
    with pytest.raises(ProviderError) as none:
        reg.get()
    assert none.value.kind == "config" and str(none.value) == no_provider()
    assert str(none.value).startswith("没有配置任何模型服务") and "QIANFAN_BEARER_TOKEN" in str(none.value)
    with use_language("en"):
        assert no_provider().startswith("No model service is configured")
    [listing] = await reg.listings()
    assert listing.source == "table" and listing.error == no_provider()
    assert "ERNIE-4.0-8K" in [m.model for m in listing.models]
    await reg.aclose()


async def test_ernie_from_a_v2_key(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QIANFAN_BEARER_TOKEN", v2_key())
    reg = registry()
    [status] = reg.providers
    assert (status.name, status.protocol, status.problem) == ("qianfan", "v2", None)
    assert "s" * 40 not in status.credentials  # described, never shown
    model = reg.get("ernie-bot-4")
    assert (model.name, model.supports_tools) == ("ERNIE-4.0-8K", True)
    newer = reg.get("ernie-4.5-turbo-128k")  # v2 ids the table does not know pass through
    assert (newer.name, newer.supports_tools) == ("ernie-4.5-turbo-128k", True)
    assert not reg.get("ernie-lite-8k").supports_tools
    assert reg.get("qianfan/ERNIE-Speed-8K").name == "ERNIE-Speed-8K"
    await reg.aclose()


async def test_ernie_on_retired_v1_keys_warns_what_to_do(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QIANFAN_AK", "old-ak-" + "a" * 10)
    monkeypatch.setenv("QIANFAN_SK", "old-sk-" + "b" * 10)
    reg = registry()
    [status] = reg.providers
    assert (status.protocol, status.problem) == ("v1", retired_v1_hint())
    assert "千帆控制台 → API Key" in retired_v1_hint() and "QIANFAN_BEARER_TOKEN" in retired_v1_hint()
    assert reg.get("ERNIE-4.0-8K").name == "ERNIE-4.0-8K"  # still asked: Baidu says if it is gone
    with pytest.raises(ProviderError) as info:
        reg.get("ernie-4.5-turbo-128k")  # v1 reaches only the models it has endpoints for
    assert info.value.kind == "input"
    await reg.aclose()


async def test_half_a_key_pair_is_reported_not_dropped(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QIANFAN_AK", "only-the-ak")
    reg = registry()
    assert not reg.offline
    [status] = reg.providers
    assert status.problem is not None and "QIANFAN_SK" in status.problem
    with pytest.raises(ProviderError) as info:
        reg.get()
    assert info.value.kind == "config" and "QIANFAN_SK" in str(info.value)


async def test_one_openai_compatible_server_from_the_environment(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1/")
    monkeypatch.setenv("ZUOYE_OPENAI_MODELS", "qwen2.5:7b, llama3.1:8b,qwen2.5:7b")
    reg = registry()
    [status] = reg.providers
    assert (status.name, status.protocol, status.base_url, status.problem) == (
        "openai",
        "openai",
        "http://127.0.0.1:9/v1",
        None,
    )
    assert "no key" in status.credentials
    # the only service there is: its first model is the default
    assert reg.default_model == "openai/qwen2.5:7b"
    model = reg.get()
    assert (model.name, model.supports_tools) == ("openai/qwen2.5:7b", False)
    assert [m.model for m in (await reg.listings())[0].models] == ["openai/qwen2.5:7b", "openai/llama3.1:8b"]
    with pytest.raises(ProviderError) as bare:
        reg.get("ERNIE-4.0-8K")  # bare names are ERNIE's, which is not configured
    assert bare.value.kind == "config" and "QIANFAN_BEARER_TOKEN" in str(bare.value)
    with pytest.raises(ProviderError) as other:
        reg.get("deepseek/deepseek-chat")
    assert other.value.kind == "input" and "deepseek" in str(other.value) and "openai" in str(other.value)
    await reg.aclose()


async def test_a_chosen_model_wins_over_the_automatic_default(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QIANFAN_BEARER_TOKEN", v2_key())
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert registry().default_model == "ERNIE-4.0-8K"  # ERNIE first when it is configured
    monkeypatch.setenv("ZUOYE_MODEL", "openai/qwen2.5:7b")
    assert registry().get().name == "openai/qwen2.5:7b"


async def test_more_servers_from_config_toml(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = registry(
        """
model = "school/qwen2.5:7b"

[providers.deepseek]
base_url = "https://api.deepseek.com/v1"
api_key_env = "DEEPSEEK_KEY"
models = ["deepseek-chat", "deepseek-reasoner"]
tools = true

[providers.school]
base_url = "http://10.0.0.5:11434/v1"
models = ["qwen2.5:7b"]
max_input_tokens = 30000
"""
    )
    statuses = {s.name: s for s in reg.providers}
    assert set(statuses) == {"deepseek", "school"}
    # deepseek's key variable is not set: reported, never silently dropped
    problem = statuses["deepseek"].problem
    assert problem is not None and "DEEPSEEK_KEY" in problem and "config.toml" in problem
    with pytest.raises(ProviderError) as info:
        reg.get("deepseek/deepseek-chat")
    assert info.value.kind == "config" and "DEEPSEEK_KEY" in str(info.value)
    listings = {entry.provider: entry for entry in await reg.listings()}
    assert listings["deepseek"].error is not None and "DEEPSEEK_KEY" in listings["deepseek"].error
    assert [m.supports_tools for m in listings["deepseek"].models] == [True, True]

    school = reg.get()
    assert (school.name, school.supports_tools) == ("school/qwen2.5:7b", False)
    await reg.aclose()

    monkeypatch.setenv("DEEPSEEK_KEY", "sk-" + "d" * 30)
    reg = Registry.from_settings(Settings.load())
    deepseek = reg.get("deepseek/deepseek-reasoner")
    assert (deepseek.name, deepseek.supports_tools) == ("deepseek/deepseek-reasoner", True)
    assert {s.name: s.problem for s in reg.providers}["deepseek"] is None
    await reg.aclose()


def test_the_environment_wins_over_a_table_of_the_same_name(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")
    reg = registry('[providers.openai]\nbase_url = "http://10.0.0.9/v1"\n')
    assert [s.base_url for s in reg.providers] == ["http://127.0.0.1:8000/v1"]


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ('[providers.x]\nbase_url = "http://h/v1"\napi_key = "sk-abc"\n', "api_key_env"),
        ('[providers.x]\nbase_url = "http://h/v1"\napi_key_env = "sk-abcdefghijklmnop"\n', "变量的名字"),
        ('[providers.x]\napi_key_env = "X_KEY"\n', "base_url"),
        ('[providers.x]\nbase_url = "ftp://h"\n', "base_url"),
        ('[providers.x]\nbase_url = "http://h/v1"\nmodel = "m"\n', "model"),
        ('[providers.x]\nbase_url = "http://h/v1"\nmodels = "m"\n', "models"),
        ('[providers.x]\nbase_url = "http://h/v1"\ntools = "yes"\n', "tools"),
        ('[providers.x]\nbase_url = "http://h/v1"\nmax_input_tokens = 10\n', "max_input_tokens"),
        ('[providers.qianfan]\nbase_url = "http://h/v1"\n', "QIANFAN_BEARER_TOKEN"),
        ('[providers."My Server"]\nbase_url = "http://h/v1"\n', "名称"),
        ('providers = "deepseek"\n', "[providers.deepseek]"),
    ],
)
def test_a_bad_table_is_refused_naming_the_file_and_the_key(home: Path, table: str, says: str) -> None:
    (home / "config.toml").write_text(table, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        Settings.load()
    message = str(info.value)
    assert str(home / "config.toml") in message and says in message
    assert "sk-abc" not in message  # a key written by mistake is not echoed back
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message.split(" / ")[0])  # Chinese first


@pytest.mark.parametrize("variable", ["ZUOYE_OPENAI_API_KEY", "ZUOYE_OPENAI_MODELS"])
def test_a_key_or_models_without_a_server_is_refused(
    home: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "something")
    with pytest.raises(SettingsError, match="ZUOYE_OPENAI_BASE_URL"):
        Settings.load()


def test_long_or_empty_names_are_refused(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    reg = registry()
    for name in ("openai/" + "m" * 70, "openai/"):
        with pytest.raises(ProviderError) as info:
            reg.get(name)
        assert info.value.kind == "input"


async def test_a_listing_kept_for_every_reader_describes_its_models_in_each_readers_language(
    registry: Callable[..., Registry], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The registry keeps a listing for a while, for readers of both languages (the page's model
    picker, `zuoye models`): each description is said when it is read, not when it was listed."""
    monkeypatch.setenv("ZUOYE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1/")  # unreachable: its table
    monkeypatch.setenv("ZUOYE_OPENAI_MODELS", "qwen2.5:7b")
    reg = registry()
    [listing] = await reg.listings()  # listed while the reader is Chinese
    [entry] = listing.models
    assert entry.description == "127.0.0.1:9：不调用工具"
    with use_language("en"):
        assert entry.description == "127.0.0.1:9: no tools"
    await reg.aclose()
    monkeypatch.delenv("ZUOYE_OPENAI_BASE_URL")
    monkeypatch.delenv("ZUOYE_OPENAI_MODELS")
    nothing = registry()  # nothing configured: ERNIE's own table
    [table] = await nothing.listings()
    ernie4 = next(m for m in table.models if m.model == "ERNIE-4.0-8K")
    assert ernie4.description.startswith("文心 ERNIE-4.0-8K：输入上限 ") and ernie4.description.endswith(
        "可调用解题工具"
    )
    with use_language("en"):
        assert ernie4.description.startswith("ERNIE ERNIE-4.0-8K: input up to ")
        assert ernie4.description.endswith("calls the maths solver")
    await nothing.aclose()
