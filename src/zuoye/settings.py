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
from zuoye.messages import language, say
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
        return _one_of("settings.grade", value, GRADES)

    @field_validator("mode", mode="before")
    @classmethod
    def _mode(cls, value: Any) -> Any:
        return _one_of("settings.mode", value, MODES)

    @field_validator("help_ceiling", mode="before")
    @classmethod
    def _ceiling(cls, value: Any) -> Any:
        return _one_of("settings.help_ceiling", value, CEILINGS)

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
        return say("settings.no_such", name=name)
    return say("settings.bad_value", name=name, reason=first["msg"])


def _one_of(what: str, value: Any, allowed: tuple[str, ...]) -> Any:
    """`value` if allowed; else SettingsError naming the setting (`what`: its catalogue key)."""
    if value not in allowed:
        raise SettingsError(
            say(
                "settings.not_one_of",
                what=say(what),
                value=repr(value),
                allowed="、".join(allowed) if language() == "zh" else ", ".join(allowed),
            )
        )
    return value


def _whole(name: str, value: object, low: int, high: int) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, bool) else low - 1
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise SettingsError(say("settings.whole", name=name, low=low, high=high, value=repr(value)))
    return number


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(say("settings.flag", name=name, value=repr(value)))


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
            raise SettingsError(say("settings.not_toml", path=file_path, reason=exc)) from None
        known = _SETTING_NAMES - {"home"}
        unknown = set(data) - known
        if unknown:
            raise SettingsError(
                say(
                    "settings.unknown_in_file",
                    path=file_path,
                    unknown=", ".join(sorted(unknown)),
                    known=", ".join(sorted(known)),
                )
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
        raise SettingsError(say("settings.providers_table", path=config))
    out: dict[str, ProviderSettings] = {}
    for name, entry in table.items():
        where = f"{config} [providers.{name}]"
        if not _PROVIDER_NAME.match(str(name)):
            raise SettingsError(say("settings.provider_name", where=where))
        if name in RESERVED_PROVIDERS:
            raise SettingsError(say("settings.provider_reserved", where=where, name=name))
        if not isinstance(entry, Mapping):
            raise SettingsError(say("settings.provider_not_table", where=where))
        out[name] = _provider_entry(name, entry, where)
    return out


def _provider_entry(name: str, entry: Mapping[str, Any], where: str) -> ProviderSettings:
    if "api_key" in entry or "key" in entry:
        raise SettingsError(say("settings.key_in_file", where=where))
    unknown = sorted(set(entry) - set(_PROVIDER_KEYS))
    if unknown:
        raise SettingsError(
            say(
                "settings.provider_unknown_keys",
                where=where,
                unknown=", ".join(unknown),
                known=", ".join(_PROVIDER_KEYS),
            )
        )
    base_url = entry.get("base_url")
    if not isinstance(base_url, str) or not base_url.strip().startswith(("http://", "https://")):
        raise SettingsError(say("settings.base_url", where=where, got=repr(base_url)))
    key_env = entry.get("api_key_env")
    if key_env is not None and (not isinstance(key_env, str) or not _ENV_NAME.match(key_env)):
        shown = "…" if isinstance(key_env, str) and len(key_env) > 12 else repr(key_env)
        raise SettingsError(say("settings.key_env", where=where, shown=shown))
    models = entry.get("models", [])
    if not isinstance(models, list) or not all(isinstance(m, str) and m.strip() for m in models):
        raise SettingsError(say("settings.models", where=where))
    tools = entry.get("tools", False)
    if not isinstance(tools, bool):
        raise SettingsError(say("settings.tools", where=where, got=repr(tools)))
    limit = entry.get("max_input_tokens")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 256):
        raise SettingsError(say("settings.max_input_tokens", where=where))
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
            raise SettingsError(say("settings.openai_url_missing", variable=others[0]))
        return None
    if not url.startswith(("http://", "https://")):
        raise SettingsError(say("settings.openai_url_scheme", got=repr(url)))
    models = [m.strip() for m in (environ.get("ZUOYE_OPENAI_MODELS") or "").split(",") if m.strip()]
    return ProviderSettings(
        name=ENV_PROVIDER,
        base_url=url.rstrip("/"),
        api_key_env="ZUOYE_OPENAI_API_KEY" if "ZUOYE_OPENAI_API_KEY" in others else None,
        models=tuple(dict.fromkeys(models)),
        tools=_flag("ZUOYE_OPENAI_TOOLS", environ.get("ZUOYE_OPENAI_TOOLS", "")),
        source="ZUOYE_OPENAI_BASE_URL",
    )
