"""v2's per-minute budgets: requests, input tokens, output tokens (and, with --tpm, all tokens).

v2 budgets input and output tokens apart and reports all three on every reply as
`X-Ratelimit-{Limit,Remaining}-{Requests,Input-Tokens,Output-Tokens}`; a spent budget is a 429
with the matching code. Windows are wall-clock minutes, as v1's (`_ratelimit.py`), kept apart
from v1's counters: the two interfaces are separate services. A request is refused when its
prompt does not fit the input tokens left, or when no output tokens are left at all (the answer's
length is not known in advance); the answer's tokens are charged once it is written. Unset
budgets are a nominal 1,000,000,000 so the headers are always there and nothing reaches them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from zuoye.emulator._ratelimit import NOMINAL_LIMIT
from zuoye.emulator._v2errors import V2Error

Headers = list[tuple[bytes, bytes]]


class Budgets:
    def __init__(
        self,
        *,
        rpm: int | None = None,
        tpm: int | None = None,
        input_tpm: int | None = None,
        output_tpm: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.rpm = rpm if rpm is not None else NOMINAL_LIMIT
        self.tpm = tpm  # a combined budget only when asked for: v2 reports input and output apart
        self.input_tpm = input_tpm if input_tpm is not None else NOMINAL_LIMIT
        self.output_tpm = output_tpm if output_tpm is not None else NOMINAL_LIMIT
        self._clock = clock
        self._minute = -1
        self._requests = self._input = self._output = 0
        # The limits never change: their header lines are built once.
        self._limits: Headers = [
            (b"X-Ratelimit-Limit-Requests", str(self.rpm).encode()),
            (b"X-Ratelimit-Limit-Input-Tokens", str(self.input_tpm).encode()),
            (b"X-Ratelimit-Limit-Output-Tokens", str(self.output_tpm).encode()),
        ]
        if tpm is not None:
            self._limits.append((b"X-Ratelimit-Limit-Tokens", str(tpm).encode()))

    def _roll(self) -> None:
        minute = int(self._clock() // 60)
        if minute != self._minute:
            self._minute, self._requests, self._input, self._output = minute, 0, 0, 0

    def admit(self, prompt_tokens: int) -> None:
        """Count one request, or refuse it with the 429 of the first budget it does not fit."""
        self._roll()
        if self._requests >= self.rpm:
            raise V2Error("rpm_rate_limit_exceeded")
        if self.tpm is not None and self._input + self._output + prompt_tokens > self.tpm:
            raise V2Error("tpm_rate_limit_exceeded")
        if self._input + prompt_tokens > self.input_tpm:
            raise V2Error("input_tpm_rate_limit_exceeded")
        if self._output >= self.output_tpm:
            raise V2Error("output_tpm_rate_limit_exceeded")
        self._requests += 1
        self._input += prompt_tokens

    def spend(self, completion_tokens: int) -> None:
        self._roll()
        self._output += completion_tokens

    def headers(self) -> Headers:
        self._roll()
        out = [
            *self._limits,
            (b"X-Ratelimit-Remaining-Requests", b"%d" % max(self.rpm - self._requests, 0)),
            (b"X-Ratelimit-Remaining-Input-Tokens", b"%d" % max(self.input_tpm - self._input, 0)),
            (b"X-Ratelimit-Remaining-Output-Tokens", b"%d" % max(self.output_tpm - self._output, 0)),
        ]
        if self.tpm is not None:
            left = self.tpm - self._input - self._output
            out.append((b"X-Ratelimit-Remaining-Tokens", b"%d" % max(left, 0)))
        return out

    def reset(self) -> None:
        self._minute, self._requests, self._input, self._output = -1, 0, 0, 0
