"""Baidu's three request limits, kept the way the service reports them.

QPS (error 18) is counted per wall-clock second; RPM (336501) and TPM (336502) per wall-clock
minute, which is what "the quota refreshes within 0–60 s" in the model pages amounts to. With no
`--rpm`/`--tpm` the limits are a nominal 1,000,000,000 so the `X-Ratelimit-*` headers are always
present and consistent, and nothing a benchmark can do reaches them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from zuoye.emulator._errors import ApiError

NOMINAL_LIMIT = 1_000_000_000


class RateLimiter:
    def __init__(
        self,
        *,
        qps: float | None = None,
        rpm: int | None = None,
        tpm: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.qps = qps
        self.rpm = rpm if rpm is not None else NOMINAL_LIMIT
        self.tpm = tpm if tpm is not None else NOMINAL_LIMIT
        self._clock = clock
        self._second = -1
        self._second_count = 0
        self._minute = -1
        self._requests = 0
        self._tokens = 0

    def _roll(self) -> float:
        now = self._clock()
        minute = int(now // 60)
        if minute != self._minute:
            self._minute, self._requests, self._tokens = minute, 0, 0
        return now

    def check_qps(self) -> None:
        """Count one request against the per-second limit (the gateway's check, before the body)."""
        if self.qps is None:
            return
        second = int(self._clock())
        if second != self._second:
            self._second, self._second_count = second, 0
        if self._second_count >= self.qps:
            raise ApiError(18)
        self._second_count += 1

    def admit(self, prompt_tokens: int) -> None:
        """Count one request against RPM, and refuse it if its prompt does not fit the TPM left."""
        self._roll()
        if self._requests >= self.rpm:
            raise ApiError(336501)
        if self._tokens + prompt_tokens > self.tpm:
            raise ApiError(336502)
        self._requests += 1
        self._tokens += prompt_tokens

    def spend(self, tokens: int) -> None:
        """Charge the completion's tokens once the reply is known."""
        self._roll()
        self._tokens += tokens

    def headers(self) -> list[tuple[bytes, bytes]]:
        self._roll()
        return [
            (b"X-Ratelimit-Limit-Requests", str(self.rpm).encode()),
            (b"X-Ratelimit-Limit-Tokens", str(self.tpm).encode()),
            (b"X-Ratelimit-Remaining-Requests", str(max(self.rpm - self._requests, 0)).encode()),
            (b"X-Ratelimit-Remaining-Tokens", str(max(self.tpm - self._tokens, 0)).encode()),
        ]

    def reset(self) -> None:
        self._second, self._second_count = -1, 0
        self._minute, self._requests, self._tokens = -1, 0, 0
