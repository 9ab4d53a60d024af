"""Counters the emulator keeps for assertions (`GET /_emulator/stats`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Stats:
    requests: int = 0  # every HTTP request, admin ones excepted
    token_requests: int = 0
    tokens_issued: int = 0
    chat_requests: int = 0  # every request to a chat endpoint, whatever became of it
    chat_replies: int = 0  # chat requests answered with a reply (not an error)
    streams: int = 0
    streams_open: int = 0
    streams_open_max: int = 0
    cuts: int = 0  # connections dropped on purpose (scenario cut_after or a disconnect fault)
    faults: int = 0
    console_requests: int = 0
    signed_requests: int = 0  # chat requests authenticated by bce-auth-v1
    errors: Counter[int] = field(default_factory=Counter)
    oauth_errors: Counter[str] = field(default_factory=Counter)
    endpoints: Counter[str] = field(default_factory=Counter)
    function_calls: int = 0
    solver_calls: int = 0

    def stream_opened(self) -> None:
        self.streams += 1
        self.streams_open += 1
        if self.streams_open > self.streams_open_max:
            self.streams_open_max = self.streams_open

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in self.__slots__:
            value = getattr(self, name)
            out[name] = {str(k): v for k, v in value.items()} if isinstance(value, Counter) else value
        return out
