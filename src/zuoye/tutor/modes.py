"""Tutoring modes and the help ceiling an adult sets."""

from __future__ import annotations

from typing import Final

EXPLAIN: Final = "讲解"  # full step-by-step solution
HINT: Final = "提示"  # Socratic: one hint and a question back
CHECK: Final = "批改"  # find the first mistake in the student's working
PRACTICE: Final = "练习"  # similar practice problems with solver-computed answers
MODES: Final = (EXPLAIN, HINT, CHECK, PRACTICE)

# English aliases accepted on the command line and in the API.
MODE_ALIASES: Final = {"explain": EXPLAIN, "hint": HINT, "check": CHECK, "practice": PRACTICE}

# How much help a student may get, least first. The ceiling is enforced in code (the mode is
# lowered before the model is asked, and hint-level replies are screened for the answer), so no
# wording from the student can talk past it.
CEILINGS: Final = ("hint", "step", "full")
CEILING_NAMES: Final = {"hint": "只给提示", "step": "只给下一步", "full": "完整讲解"}


def parse_mode(value: str) -> str:
    mode = MODE_ALIASES.get(value.strip().lower(), value.strip())
    if mode not in MODES:
        allowed = ", ".join(f"{m} ({en})" for en, m in MODE_ALIASES.items())
        raise ValueError(f"unknown mode {value!r}; use one of {allowed}")
    return mode


def parse_ceiling(value: str) -> str:
    if value not in CEILINGS:
        raise ValueError(f"unknown help ceiling {value!r}; use one of {', '.join(CEILINGS)}")
    return value


def allowed_help(mode: str, ceiling: str) -> str:
    """The help level a reply may give: the mode's own level, capped by the ceiling."""
    wanted = {EXPLAIN: "full", CHECK: "full", PRACTICE: "full", HINT: "hint"}[mode]
    return min(wanted, ceiling, key=CEILINGS.index)
