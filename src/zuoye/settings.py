"""The one settings object of the application.

Precedence, highest first: explicit arguments (CLI options, constructor keywords), then the
environment (`ZUOYE_*`), then the config file `$ZUOYE_HOME/config.toml`, then the defaults below.
ERNIE credentials are not here: `zuoye.ernie` reads the names users already know (`QIANFAN_*`).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

GRADES = ("小学", "初中", "高中", "大学")
DEFAULT_MODEL = "ERNIE-4.0-8K"


class SettingsError(ValueError):
    """A configuration value is wrong; the message says which and what is allowed."""


def default_home() -> Path:
    env = os.environ.get("ZUOYE_HOME")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("zuoye", appauthor=False))


@dataclass(frozen=True)
class Settings:
    home: Path = field(default_factory=default_home)
    database_url: str = ""  # empty: SQLite file in `home`
    model: str = DEFAULT_MODEL
    grade: str = "初中"
    mode: str = "讲解"
    # The most help a student may get (hint < step < full); set by an adult, not by the student.
    help_ceiling: str = "full"
    max_tool_rounds: int = 4
    # Extra samples asked for when ERNIE's answer disagrees with the solver.
    resample_on_disagreement: int = 2
    # `zuoye serve`: accounts and logins instead of the one local user (see zuoye.web).
    multi_user: bool = False
    # Questions per user per day in multi-user mode (0: no limit); a user's own quota wins.
    daily_quota: int = 50

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'zuoye.db'}"

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Defaults < config file < environment < `overrides` (None values are ignored)."""
        home = Path(overrides["home"]) if overrides.get("home") else default_home()
        values: dict[str, Any] = {"home": home}
        names = {f.name for f in fields(cls)} - {"home"}
        config = home / "config.toml"
        if config.is_file():
            try:
                data = tomllib.loads(config.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise SettingsError(f"{config} is not valid TOML ({exc}); fix or delete it") from None
            unknown = set(data) - names
            if unknown:
                raise SettingsError(
                    f"{config}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(names))}"
                )
            values.update(data)
        for name in names:
            env = os.environ.get(f"ZUOYE_{name.upper()}")
            if env:
                values[name] = env
        values.update({k: v for k, v in overrides.items() if v is not None and k != "home"})
        return cls(**values)._validated()

    def _validated(self) -> Settings:
        from zuoye.tutor.modes import CEILINGS, MODES

        if self.grade not in GRADES:
            raise SettingsError(f"grade {self.grade!r} is not one of {', '.join(GRADES)}")
        if self.mode not in MODES:
            raise SettingsError(f"mode {self.mode!r} is not one of {', '.join(MODES)}")
        if self.help_ceiling not in CEILINGS:
            raise SettingsError(f"help_ceiling {self.help_ceiling!r} is not one of {', '.join(CEILINGS)}")
        try:
            rounds = int(self.max_tool_rounds)
            samples = int(self.resample_on_disagreement)
        except (TypeError, ValueError):
            raise SettingsError(
                "max_tool_rounds and resample_on_disagreement must be whole numbers"
            ) from None
        if not 1 <= rounds <= 10 or not 0 <= samples <= 5:
            raise SettingsError("max_tool_rounds must be 1–10 and resample_on_disagreement 0–5")
        multi_user = _flag("multi_user", self.multi_user)
        try:
            quota = int(self.daily_quota)
        except (TypeError, ValueError):
            raise SettingsError(f"daily_quota must be a whole number, not {self.daily_quota!r}") from None
        if quota < 0:
            raise SettingsError("daily_quota must be 0 (no limit) or more")
        return replace(
            self,
            home=Path(self.home),
            max_tool_rounds=rounds,
            resample_on_disagreement=samples,
            multi_user=multi_user,
            daily_quota=quota,
        )


def _flag(name: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise SettingsError(f"{name} is a yes/no setting (1/0, true/false), not {value!r}")
