"""The emulator's settings, one frozen object shared by the CLI, the test helpers and the app."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zuoye.emulator._auth import DEFAULT_TOKEN_TTL
from zuoye.emulator._bearer import API_KEY_SHAPE
from zuoye.emulator._retired import RETIRED_MODES
from zuoye.emulator._scenario import Scenario

# Faults `--fault-rate` draws from: Baidu's transient errors, a slow reply, a dropped connection.
FAULT_KINDS = ("2", "336100", "18", "slow", "disconnect")
ALL_FAULT_KINDS = (*FAULT_KINDS, "stream_error")
TOOL_CALL_STREAMS = ("fragments", "whole")


@dataclass(frozen=True, slots=True)
class EmulatorConfig:
    """Everything `zuoye emulator` can be told; the defaults accept any credentials."""

    api_key: str | None = None  # None: any non-empty API Key / Secret Key pair gets a token
    secret_key: str | None = None
    iam_access_key: str | None = None  # None: bce-auth-v1 checked for form and time window only
    iam_secret_key: str | None = None
    bearer_token: str | None = None  # v2: None → any well-formed bce-v3/ALTAK-…/… key is accepted
    openai_api_key: str | None = None  # the OpenAI face: None → any key, or none
    scenario: Scenario | None = None
    qps: float | None = None  # v1 only (error 18)
    rpm: int | None = None  # v1 (336501) and v2 (429), counted apart
    tpm: int | None = None  # v1 (336502); on v2 an extra combined budget (429 tpm_rate_limit_exceeded)
    input_tpm: int | None = None  # v2 only
    output_tpm: int | None = None  # v2 only
    latency_ms: int = 0  # before every chat reply's first byte
    stream_interval_ms: int = 0  # between streamed events
    fault_rate: float = 0.0
    fault_kinds: tuple[str, ...] = FAULT_KINDS
    fault_latency_ms: int = 1000  # what a "slow" fault adds
    token_ttl: int = DEFAULT_TOKEN_TTL
    app_id: str = "10000001"
    endpoints: tuple[str, ...] = field(default=())  # served in addition to the model table
    models: tuple[str, ...] = field(default=())  # v2 model ids served in addition to the v2 table
    v1_retired: str | None = None  # answer every v1 chat call as retired: "3", "6", "404" or "html"
    tool_call_stream: str = "fragments"  # how a v2 stream sends a tool call: "fragments" or "whole"
    flag_pattern: str | None = "敏感词"  # user input matching this gets need_clear_history
    solver: bool = True
    solver_timeout: float = 20.0
    seed: int | None = None

    def __post_init__(self) -> None:
        problems = []
        if (self.api_key is None) != (self.secret_key is None):
            problems.append("give both --api-key and --secret-key, or neither")
        if (self.iam_access_key is None) != (self.iam_secret_key is None):
            problems.append("give both --iam-access-key and --iam-secret-key, or neither")
        for name in ("rpm", "tpm", "input_tpm", "output_tpm"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                problems.append(f"--{name.replace('_', '-')} must be a positive number, got {value}")
        if self.bearer_token is not None and not API_KEY_SHAPE.fullmatch(self.bearer_token):
            problems.append("--bearer-token must look like a v2 API key: bce-v3/ALTAK-<id>/<secret>")
        if self.tool_call_stream not in TOOL_CALL_STREAMS:
            problems.append(f"--tool-call-stream: choose fragments or whole, got {self.tool_call_stream!r}")
        if self.v1_retired is not None and self.v1_retired not in RETIRED_MODES:
            problems.append(f"--v1-retired: choose {', '.join(RETIRED_MODES)}, got {self.v1_retired!r}")
        if self.qps is not None and self.qps <= 0:
            problems.append(f"--qps must be positive, got {self.qps}")
        if not 0.0 <= self.fault_rate <= 1.0:
            problems.append(f"--fault-rate is a probability between 0 and 1, got {self.fault_rate}")
        unknown = set(self.fault_kinds) - set(ALL_FAULT_KINDS)
        if unknown or not self.fault_kinds:
            problems.append(
                f"--fault-kinds: unknown {sorted(unknown)}; choose from {', '.join(ALL_FAULT_KINDS)}"
            )
        for name in ("latency_ms", "stream_interval_ms", "fault_latency_ms"):
            if getattr(self, name) < 0:
                problems.append(f"--{name.replace('_', '-')} cannot be negative")
        if self.token_ttl <= 0:
            problems.append(f"--token-ttl must be positive, got {self.token_ttl}")
        if self.flag_pattern:
            try:
                re.compile(self.flag_pattern)
            except re.error as exc:
                problems.append(f"--flag-pattern is not a valid regular expression: {exc}")
        if problems:
            raise ValueError("; ".join(problems))
