"""Pacing a batch to the quota it has: configured RPM/TPM, learned from `X-Ratelimit-*` headers,
and learned from the service's own refusals (18 QPS, 336501 RPM, 336502 TPM).

Request starts are spaced evenly at the current rate (bursts are what trip per-second limits).
Before any limit is known the batch runs unpaced; the first refusal sets the rate to what actually
got through in the last second, a little under it, and the rate then creeps up (additive increase)
until the next refusal (multiplicative decrease): AIMD, as TCP does, so the batch stays close to
the quota without living on the edge of it.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

# Start this far below the observed ceiling after a refusal (room for clock skew and jitter).
BACKOFF_FACTOR = 0.97
# Probe upwards by this fraction of the rate every PROBE_INTERVAL seconds without refusals.
PROBE_STEP = 0.02
PROBE_INTERVAL = 3.0
MIN_RATE = 0.2  # requests/s: never stall completely
# Refusals this soon after a decrease were sent at the old rate: one decrease per burst, or the
# rate would collapse multiplicatively on a single burst of refusals.
DECREASE_HOLD = 1.0


class AdaptivePacer:
    def __init__(
        self,
        *,
        rpm: float | None = None,
        tpm: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.ceiling = rpm / 60 if rpm else None  # hard cap from configuration or headers
        self.rate: float | None = self.ceiling
        self.tpm = tpm
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._ok: deque[float] = deque()  # start times of recent accepted requests
        self._tokens: deque[tuple[float, int]] = deque()  # (time, tokens) over the last minute
        self._last_change = clock()
        self.refusals = 0

    async def acquire(self) -> None:
        now = self._clock()
        self._maybe_probe(now)
        wait = 0.0
        if self.rate:
            slot = max(now, self._next)
            self._next = slot + 1 / self.rate
            wait = slot - now
        if self.tpm:
            wait = max(wait, self._token_wait(now))
        if wait > 0:
            await self._sleep(wait)

    def on_success(
        self, *, tokens: int = 0, limit_requests: int | None = None, limit_tokens: int | None = None
    ) -> None:
        now = self._clock()
        self._ok.append(now)
        while self._ok and self._ok[0] < now - 1.0:
            self._ok.popleft()
        if tokens:
            self._tokens.append((now, tokens))
        if limit_requests:  # learned RPM: never exceed what the service says we have
            cap = limit_requests / 60
            self.ceiling = min(self.ceiling or cap, cap)
            self.rate = min(self.rate or cap, cap)
        if limit_tokens:
            self.tpm = min(self.tpm or limit_tokens, limit_tokens)

    def on_rate_limited(self) -> None:
        now = self._clock()
        self.refusals += 1
        if self.refusals > 1 and now - self._last_change < DECREASE_HOLD:
            self._next = max(self._next, now + 1 / (self.rate or 1))
            return
        observed = sum(1 for t in self._ok if t >= now - 1.0)
        current = self.rate or float(max(observed, 1))
        target = max(MIN_RATE, min(current, max(observed, 1)) * BACKOFF_FACTOR)
        self.rate = min(target, self.ceiling) if self.ceiling else target
        # Let the service's window drain before the next start.
        self._next = max(self._next, now + 1 / self.rate)
        self._last_change = now

    def _maybe_probe(self, now: float) -> None:
        if self.rate is None or now - self._last_change < PROBE_INTERVAL:
            return
        self._last_change = now
        if self.refusals:
            raised = self.rate * (1 + PROBE_STEP)
            self.rate = min(raised, self.ceiling) if self.ceiling else raised

    def _token_wait(self, now: float) -> float:
        while self._tokens and self._tokens[0][0] < now - 60:
            self._tokens.popleft()
        used = sum(n for _, n in self._tokens)
        if self.tpm is None or used < self.tpm or not self._tokens:
            return 0.0
        return self._tokens[0][0] + 60 - now
