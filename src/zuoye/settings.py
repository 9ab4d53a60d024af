"""The one settings object of the application.

Precedence, highest first: explicit arguments (CLI options, `Settings.load` keywords), then the
environment (`ZUOYE_*`), then the config file `$ZUOYE_HOME/config.toml`, then the defaults below.
pydantic-settings gathers those sources in that order (`_Sources`); `Settings`, a pydantic
dataclass, validates the result, with messages that say what is wrong and what is allowed. A
`Settings(...)` made in code is validated the same way and reads no environment and no file.
ERNIE credentials are not here: `zuoye.ernie` reads the names users already know (`QIANFAN_*`).

Other model services (OpenAI-compatible servers) are `providers`: one from the environment
(`ZUOYE_OPENAI_BASE_URL`, `ZUOYE_OPENAI_API_KEY`, `ZUOYE_OPENAI_MODELS`, `ZUOYE_OPENAI_TOOLS`) and
any number from config.toml tables (see `ProviderSettings`). A key never lives in the file: a table
names the environment variable that holds it.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import field
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ConfigDict, ValidationError, ValidationInfo, create_model, field_validator
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    InitSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from zuoye.errors import ZuoyeError
from zuoye.vocabulary import CEILINGS, GRADES, MODES, Ceiling, Grade, Mode

# The provider configured by the environment, and the names a config.toml table may not take.
ENV_PROVIDER = "openai"
RESERVED_PROVIDERS = frozenset({"qianfan", "ernie"})
_PROVIDER_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")
ENV_PREFIX = "ZUOYE_"
CONFIG_FILE = "config.toml"


class SettingsError(ZuoyeError, ValueError):
    """A configuration value is wrong; the message says which and what is allowed."""

    kind = "config"
    code = "settings"


def default_home() -> Path:
    env = os.environ.get("ZUOYE_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs  # only when no home is given: most runs name one

    return Path(platformdirs.user_data_dir("zuoye", appauthor=False))


@dataclasses.dataclass(frozen=True)
class ProviderSettings:
    """An OpenAI-compatible model service, from a config.toml table::

        [providers.deepseek]
        base_url = "https://api.deepseek.com/v1"
        api_key_env = "DEEPSEEK_API_KEY"   # the NAME of the variable holding the key
        models = ["deepseek-chat"]
        tools = true                       # its models call tools (default false)
        max_input_tokens = 60000           # optional: the input limit, estimated tokens

    or from the environment (`ZUOYE_OPENAI_*`, named "openai"). Its models are addressed
    `NAME/model`. No `api_key_env`: the server needs no key (a school's own vLLM or Ollama).
    """

    name: str
    base_url: str
    api_key_env: str | None = None
    models: tuple[str, ...] = ()
    tools: bool = False
    max_input_tokens: int | None = None
    source: str = ""  # where it was configured, for messages


# validate_default: the defaults go through the same checks (the token default meets its maximum).
@pydantic_dataclass(frozen=True, config=ConfigDict(extra="forbid", validate_default=True))
class Settings:
    home: Path = field(default_factory=default_home)
    database_url: str = ""  # empty: SQLite file in `home`
    # Several processes (zuoye serve --workers, several servers, their worksheets and CLIs) share
    # the model quota and the ERNIE token through this Redis (see zuoye.fleet). Empty: no Redis.
    redis_url: str = ""
    # Empty: ERNIE-4.0-8K when ERNIE is configured, else the first model of the first other
    # provider (see zuoye.providers.Registry.default_model).
    model: str = ""
    # A vision model that reads photos (PROVIDER/model, or a bare name for Qianfan's ERNIE VL
    # models, e.g. ernie-4.5-vl-28b-a3b): the photo goes to it for a LaTeX transcription, and the
    # local OCR stays the fallback. Empty: photos are read locally (zuoye.ocr).
    vision_model: str = ""
    grade: Grade = "初中"
    mode: Mode = "讲解"
    # The most help a student may get (hint < step < full); set by an adult, not by the student.
    help_ceiling: Ceiling = "full"
    max_tool_rounds: int = 4
    # Extra samples asked for when ERNIE's answer disagrees with the solver.
    resample_on_disagreement: int = 2
    # Logins (multi-user): wrong passwords allowed in 15 minutes per account, from any address,
    # and per client address, on any accounts. The address limit is the higher one: a school behind
    # one NAT is one address, and one child's typos must not lock the school out.
    login_failures_per_account: int = 10
    login_failures_per_address: int = 100
    # API tokens: the longest lifetime allowed, and that of a new token when none is asked for
    # (days). The maximum comes first: the default is never longer than it (validated in order).
    api_token_max_days: int = 365
    api_token_days: int = 90
    # `zuoye serve`: accounts and logins instead of the one local user (see zuoye.web).
    multi_user: bool = False
    # Questions per user per day in multi-user mode (0: no limit); a user's own quota wins.
    daily_quota: int = 50
    # Seconds a process writing an answer may go silent before its turn is taken as abandoned
    # (the process died) and closed as interrupted; it renews the lease three times as often.
    turn_lease_seconds: int = 30
    providers: tuple[ProviderSettings, ...] = ()

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'zuoye.db'}"

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Defaults < config file < environment < `overrides` (None values are ignored)."""
        given = {k: v for k, v in overrides.items() if v is not None}
        try:
            # Only what a source set: the defaults are this class's own.
            values = _Sources(**given).model_dump(exclude_unset=True)
        except ValidationError as exc:
            raise SettingsError(_message(exc)) from None
        home = Path(values.pop("home", None) or default_home())
        if "providers" not in given:
            table = values.pop("providers", None)
            providers = {} if table is None else _file_providers(table, home / CONFIG_FILE)
            env_provider = _env_provider(os.environ)
            if env_provider is not None:  # the environment wins over a table of the same name
                providers[env_provider.name] = env_provider
            values["providers"] = tuple(providers.values())
        return _made(cls, home=home, **values)

    def _validated(self) -> Settings:
        """Kept for callers that build `Settings(...)` in code: it is validated when made."""
        return self

    # -- validation: each value in the words a parent or teacher reads (Chinese first) ----------
    @field_validator("grade", mode="before")
    @classmethod
    def _grade(cls, value: Any) -> Any:
        return _one_of("grade", "年级", value, GRADES)

    @field_validator("mode", mode="before")
    @classmethod
    def _mode(cls, value: Any) -> Any:
        return _one_of("mode", "模式", value, MODES)

    @field_validator("help_ceiling", mode="before")
    @classmethod
    def _ceiling(cls, value: Any) -> Any:
        return _one_of("help_ceiling", "帮助上限", value, CEILINGS)

    _RANGES: ClassVar[dict[str, tuple[int, int]]] = {
        "max_tool_rounds": (1, 10),
        "resample_on_disagreement": (0, 5),
        "login_failures_per_account": (1, 10_000),
        "login_failures_per_address": (1, 1_000_000),
        "api_token_max_days": (1, 3650),
        "api_token_days": (1, 3650),
        "daily_quota": (0, 1_000_000),
        "turn_lease_seconds": (3, 3600),
    }

    @field_validator(*_RANGES, mode="before")
    @classmethod
    def _whole_number(cls, value: Any, info: ValidationInfo) -> int:
        name = str(info.field_name)
        number = _whole(name, value, *cls._RANGES[name])
        if name == "api_token_days" and "api_token_max_days" in info.data:
            # a maximum set below the default lowers the default with it
            number = min(number, info.data["api_token_max_days"])
        return number

    @field_validator("multi_user", mode="before")
    @classmethod
    def _multi_user(cls, value: Any) -> bool:
        return _flag("multi_user", value)

    @field_validator("home", mode="before")
    @classmethod
    def _home(cls, value: Any) -> Path:
        return Path(value).expanduser()


def _made(cls: type[Settings], **values: Any) -> Settings:
    try:
        return cls(**values)
    except ValidationError as exc:
        raise SettingsError(_message(exc)) from None


def _message(exc: ValidationError) -> str:
    """Our own message where a validator raised one, else pydantic's, naming the setting."""
    first = exc.errors()[0]
    error = (first.get("ctx") or {}).get("error")
    if isinstance(error, SettingsError):
        return str(error)
    name = ".".join(str(part) for part in first["loc"]) or "settings"
    if first["type"] in ("unexpected_keyword_argument", "extra_forbidden"):
        return f"没有名为 {name} 的设置。 / there is no setting {name}"
    return f"设置 {name} 的值不对：{first['msg']}。 / {name}: {first['msg']}"


def _one_of(name: str, word: str, value: Any, allowed: tuple[str, ...]) -> Any:
    if value not in allowed:
        raise SettingsError(
            f"{word} {value!r} 不是可选的值（{'、'.join(allowed)}）。 / {name} {value!r} is not one of "
            f"{', '.join(allowed)}"
        )
    return value


def _whole(name: str, value: object, low: int, high: int) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else low - 1
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise SettingsError(
            f"{name} 必须是 {low}–{high} 之间的整数，而不是 {value!r}。 / {name} must be a whole number "
            f"{low}–{high}, not {value!r}"
        )
    return number


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(
        f"{name} 是开关设置，只能是 1/0 或 true/false，而不是 {value!r}。 / {name} is a yes/no setting "
        f"(1/0, true/false), not {value!r}"
    )


# -- the sources, in pydantic-settings ----------------------------------------------------------
_SETTING_NAMES = frozenset(f.name for f in dataclasses.fields(Settings))


class _Environment(EnvSettingsSource):
    """`ZUOYE_<NAME>` for each setting; providers come from `ZUOYE_OPENAI_*` (`_env_provider`)."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        if field_name == "providers":
            return None, field_name, False
        return super().get_field_value(field, field_name)


class _ConfigFile(TomlConfigSettingsSource):
    """`$ZUOYE_HOME/config.toml`: a file that is not TOML, or names a setting that does not
    exist, is refused naming the file (a typo must not be silently ignored)."""

    def _read_file(self, file_path: Any) -> dict[str, Any]:
        try:
            data = super()._read_file(file_path)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise SettingsError(
                f"{file_path} 不是有效的 TOML 文件（{exc}）：请改正或删除它。 / {file_path} is not valid "
                f"TOML ({exc}); fix or delete it"
            ) from None
        known = _SETTING_NAMES - {"home"}
        unknown = set(data) - known
        if unknown:
            raise SettingsError(
                f"{file_path}：不认识的设置 {', '.join(sorted(unknown))}；可用的有 {', '.join(sorted(known))}。 / "
                f"{file_path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}"
            )
        return data


class _SourcesBase(BaseSettings):
    # Empty variables count as unset, as before (ZUOYE_MODEL= means the default model).
    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, env_ignore_empty=True, extra="forbid")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # The file lives in the home being loaded: the one given, else $ZUOYE_HOME, else the default.
        given = (
            init_settings.init_kwargs.get("home") if isinstance(init_settings, InitSettingsSource) else None
        )
        home = Path(given).expanduser() if given else default_home()
        return (
            init_settings,
            _Environment(settings_cls),
            _ConfigFile(settings_cls, toml_file=home / CONFIG_FILE),
        )


# Every setting as it came from a source, unvalidated: `Settings` checks the values, so each is
# described once, there. Built from Settings' fields, so a new setting needs no second entry.
_Sources = create_model(  # type: ignore[call-overload]
    "_Sources", __base__=_SourcesBase, **{name: (Any, None) for name in sorted(_SETTING_NAMES)}
)


# -- providers ----------------------------------------------------------------------------------
_PROVIDER_KEYS = ("base_url", "api_key_env", "models", "tools", "max_input_tokens")


def _file_providers(table: object, config: Path) -> dict[str, ProviderSettings]:
    if not isinstance(table, Mapping):
        raise SettingsError(
            f"{config}：providers 必须是表，例如 [providers.deepseek]。 / {config}: `providers` must be "
            "tables such as [providers.deepseek]"
        )
    out: dict[str, ProviderSettings] = {}
    for name, entry in table.items():
        where = f"{config} [providers.{name}]"
        if not _PROVIDER_NAME.match(str(name)):
            raise SettingsError(
                f"{where}：名称只能用小写字母、数字、- 和 _（模型按 名称/模型 调用）。 / the name may only "
                "hold lower-case letters, digits, - and _ (models are addressed NAME/model)"
            )
        if name in RESERVED_PROVIDERS:
            raise SettingsError(
                f"{where}：{name} 是文心一言（ERNIE）的名字，它由 QIANFAN_* 环境变量配置。 / ERNIE is "
                "configured by the QIANFAN_* variables (QIANFAN_BEARER_TOKEN), not by a table"
            )
        if not isinstance(entry, Mapping):
            raise SettingsError(
                f"{where} 必须是表（base_url = …）。 / {where} must be a table (base_url = …)"
            )
        out[name] = _provider_entry(name, entry, where)
    return out


def _provider_entry(name: str, entry: Mapping[str, Any], where: str) -> ProviderSettings:
    if "api_key" in entry or "key" in entry:
        raise SettingsError(
            f"{where}：密钥不能写在配置文件里。请把它放进环境变量，再用 api_key_env 写出变量名。 / keys never "
            'live in config.toml: put the key in an environment variable and name it, api_key_env = "MY_KEY"'
        )
    unknown = sorted(set(entry) - set(_PROVIDER_KEYS))
    if unknown:
        raise SettingsError(
            f"{where}：不认识的设置 {', '.join(unknown)}；可用的有 {', '.join(_PROVIDER_KEYS)}。 / unknown "
            f"key(s) {', '.join(unknown)}; known: {', '.join(_PROVIDER_KEYS)}"
        )
    base_url = entry.get("base_url")
    if not isinstance(base_url, str) or not base_url.strip().startswith(("http://", "https://")):
        raise SettingsError(
            f'{where}：base_url 必须是 http:// 或 https:// 开头的地址，例如 "http://127.0.0.1:11434/v1"。 / '
            f"base_url must be the server's http(s) address, got {base_url!r}"
        )
    key_env = entry.get("api_key_env")
    if key_env is not None and (not isinstance(key_env, str) or not _ENV_NAME.match(key_env)):
        shown = "…" if isinstance(key_env, str) and len(key_env) > 12 else repr(key_env)
        raise SettingsError(
            f"{where}：api_key_env 是存放密钥的环境变量的名字（如 DEEPSEEK_API_KEY），不是密钥本身。 / "
            f"api_key_env is the NAME of the environment variable that holds the key, not the key ({shown})"
        )
    models = entry.get("models", [])
    if not isinstance(models, list) or not all(isinstance(m, str) and m.strip() for m in models):
        raise SettingsError(
            f'{where}：models 必须是模型名的列表，例如 ["deepseek-chat"]。 / models must be a list of model '
            'names, e.g. ["deepseek-chat"]'
        )
    tools = entry.get("tools", False)
    if not isinstance(tools, bool):
        raise SettingsError(f"{where}：tools 只能是 true 或 false。 / tools is true or false, not {tools!r}")
    limit = entry.get("max_input_tokens")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 256):
        raise SettingsError(
            f"{where}：max_input_tokens 必须是不小于 256 的整数。 / max_input_tokens must be a whole number ≥ 256"
        )
    return ProviderSettings(
        name=name,
        base_url=base_url.strip().rstrip("/"),
        api_key_env=key_env,
        models=tuple(dict.fromkeys(m.strip() for m in models)),
        tools=tools,
        max_input_tokens=limit,
        source=where,
    )


def _env_provider(environ: Mapping[str, str]) -> ProviderSettings | None:
    url = (environ.get("ZUOYE_OPENAI_BASE_URL") or "").strip()
    others = [n for n in ("ZUOYE_OPENAI_API_KEY", "ZUOYE_OPENAI_MODELS") if (environ.get(n) or "").strip()]
    if not url:
        if others:
            raise SettingsError(
                f"设置了 {others[0]}，但没有设置 ZUOYE_OPENAI_BASE_URL（服务器地址，如 https://api.deepseek.com/v1）。 "
                f"/ {others[0]} is set but ZUOYE_OPENAI_BASE_URL (the server's address) is not"
            )
        return None
    if not url.startswith(("http://", "https://")):
        raise SettingsError(
            f"ZUOYE_OPENAI_BASE_URL 必须以 http:// 或 https:// 开头。 / ZUOYE_OPENAI_BASE_URL must start with "
            f"http:// or https://, got {url!r}"
        )
    models = [m.strip() for m in (environ.get("ZUOYE_OPENAI_MODELS") or "").split(",") if m.strip()]
    return ProviderSettings(
        name=ENV_PROVIDER,
        base_url=url.rstrip("/"),
        api_key_env="ZUOYE_OPENAI_API_KEY" if "ZUOYE_OPENAI_API_KEY" in others else None,
        models=tuple(dict.fromkeys(models)),
        tools=_flag("ZUOYE_OPENAI_TOOLS", environ.get("ZUOYE_OPENAI_TOOLS", "")),
        source="ZUOYE_OPENAI_BASE_URL",
    )
