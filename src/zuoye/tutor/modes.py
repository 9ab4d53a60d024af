"""Tutoring modes and the help ceiling an adult sets."""

from __future__ import annotations

from typing import Final, cast

from zuoye.messages import say
from zuoye.vocabulary import CEILING_NAMES, CEILINGS, MODE_ALIASES, MODES, Ceiling, Mode, ModeAlias

__all__ = [
    "CEILINGS",
    "CEILING_NAMES",
    "CHECK",
    "EXPLAIN",
    "HINT",
    "MODES",
    "MODE_ALIASES",
    "PRACTICE",
    "allowed_help",
    "ceiling_name",
    "parse_ceiling",
    "parse_mode",
]

EXPLAIN: Final[Mode] = "讲解"
HINT: Final[Mode] = "提示"
CHECK: Final[Mode] = "批改"
PRACTICE: Final[Mode] = "练习"

# A ceiling's name as the reader is told it (CEILING_NAMES is the Chinese one, kept for its readers).
_CEILING_KEYS: Final[dict[Ceiling, str]] = {
    "hint": "tutor.ceiling.hint",
    "step": "tutor.ceiling.step",
    "full": "tutor.ceiling.full",
}

# The ceiling is enforced in code (the mode is lowered before the model is asked, and hint-level
# replies are screened for the answer), so no wording from the student can talk past it.


def parse_mode(value: str) -> Mode:
    mode = MODE_ALIASES.get(cast("ModeAlias", value.strip().lower()), value.strip())
    if mode not in MODES:
        allowed = ", ".join(f"{m} ({en})" for en, m in MODE_ALIASES.items())
        raise ValueError(say("options.unknown_mode", mode=value, allowed=allowed))
    return mode


def parse_ceiling(value: str) -> Ceiling:
    if value not in CEILINGS:
        raise ValueError(say("options.unknown_ceiling", ceiling=value, allowed=", ".join(CEILINGS)))
    return value


def allowed_help(mode: Mode, ceiling: Ceiling) -> Ceiling:
    """The help level a reply may give: the mode's own level, capped by the ceiling."""
    wanted: dict[Mode, Ceiling] = {EXPLAIN: "full", CHECK: "full", PRACTICE: "full", HINT: "hint"}
    return min(wanted[mode], ceiling, key=CEILINGS.index)


def ceiling_name(ceiling: Ceiling) -> str:
    """The ceiling's name in the reader's language (只给提示 / hints only)."""
    return say(_CEILING_KEYS[ceiling])
