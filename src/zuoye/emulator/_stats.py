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
    chat_requests: int = 0  # every request to a v1 chat endpoint, whatever became of it
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
    function_calls: int = 0  # replies that call functions, on every face
    solver_calls: int = 0
    retired_calls: int = 0  # v1 chat calls answered as retired (--v1-retired)
    # Qianfan v2 and the OpenAI face (streams, cuts, faults and function_calls are shared above).
    v2_requests: int = 0  # every request to /v2/chat/completions, whatever became of it
    v2_replies: int = 0
    openai_requests: int = 0  # the same for /v1/chat/completions
    openai_replies: int = 0
    models_requests: int = 0  # GET /v2/models and /v1/models
    v2_errors: Counter[str] = field(default_factory=Counter)  # by v2 code, e.g. rpm_rate_limit_exceeded
    openai_errors: Counter[str] = field(default_factory=Counter)
    models: Counter[str] = field(default_factory=Counter)  # chat requests by v2 model id
    # IAM: GET /v1/BCE-BEARER/token.
    bearer_token_requests: int = 0
    bearer_tokens_issued: int = 0
    iam_errors: Counter[str] = field(default_factory=Counter)  # by BCE code, e.g. SignatureDoesNotMatch

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
