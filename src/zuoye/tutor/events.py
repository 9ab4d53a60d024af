"""What `Tutor.ask` yields: one stream of events every interface (CLI, web, batch) renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Started:
    conversation_id: str
    turn_id: int
    mode: str
    help_level: str
    model: str
    offline: bool = False


@dataclass(frozen=True)
class Delta:
    """Answer text as it is written."""

    text: str


@dataclass(frozen=True)
class Reasoning:
    """A thinking model's reasoning as it is written: shown apart from the answer (folded away),
    never part of it, and only where the help ceiling allows the full answer."""

    text: str


@dataclass(frozen=True)
class Thought:
    """The model's stated reason for calling a tool (shown in verbose mode)."""

    text: str


@dataclass(frozen=True)
class ToolUsed:
    name: str
    arguments: str
    result: str


@dataclass(frozen=True)
class Notice:
    """Something the student should be told besides the answer (offline, history cleared, checks…).
    `kind` "progress" is a passing state ("正在重新作答……") that its outcome replaces; a "check"
    notice carries the check's `status` (agree, disagree, unknown), so a disagreement can be shown
    as the warning it is."""

    kind: str
    text: str
    status: str = ""


@dataclass(frozen=True)
class Revised:
    """The answer shown so far is replaced by this one (a re-asked answer that passed the check)."""

    text: str


@dataclass
class TurnResult:
    conversation_id: str
    turn_id: int
    question: str
    answer: str
    status: str  # complete | incomplete | failed
    model: str
    mode: str
    usage: dict[str, int] = field(default_factory=dict)
    checks: list[dict[str, Any]] = field(default_factory=list)
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
    reasoning: str = ""  # what a thinking model showed of its reasoning (not stored)
    # What a teacher or parent reads of the turn (zuoye.store.tables.Turn): the solver's kind of
    # problem ("" when it read none), the kind of a 批改's first wrong line, whether an adult's
    # help ceiling held the answer below what the student asked for.
    problem_kind: str = ""
    mistake_kind: str | None = None
    ceiling_reached: bool = False

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["complete"] = self.complete
        return data


@dataclass(frozen=True)
class Finished:
    result: TurnResult


TutorEvent = Started | Delta | Reasoning | Thought | ToolUsed | Notice | Revised | Finished
