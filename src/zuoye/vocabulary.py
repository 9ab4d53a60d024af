"""The words every layer shares: grades, tutoring modes and help ceilings.

Defined once, at the bottom (it imports nothing from zuoye), so that settings, the store, the web
API's schemas and the tutor check the same values: a Literal type for each, and the tuple of its
values in their order.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Grade = Literal["小学", "初中", "高中", "大学"]
GRADES: Final[tuple[Grade, ...]] = get_args(Grade)

# 讲解: a full step-by-step solution; 提示: Socratic, one hint and a question back; 批改: find the
# first mistake in the student's working; 练习: similar problems with solver-computed answers.
Mode = Literal["讲解", "提示", "批改", "练习"]
MODES: Final[tuple[Mode, ...]] = get_args(Mode)
# The English names accepted on the command line and in the API.
ModeAlias = Literal["explain", "hint", "check", "practice"]
MODE_ALIASES: Final[dict[ModeAlias, Mode]] = dict(zip(get_args(ModeAlias), MODES, strict=True))

# How much help a student may get, least first; set by an adult (a parent or a teacher).
Ceiling = Literal["hint", "step", "full"]
CEILINGS: Final[tuple[Ceiling, ...]] = get_args(Ceiling)
CEILING_NAMES: Final[dict[Ceiling, str]] = {"hint": "只给提示", "step": "只给下一步", "full": "完整讲解"}
