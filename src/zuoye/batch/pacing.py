"""Pacing a batch to the quota it has: configured RPM/TPM, learned from the budgets the service
reports with each reply (`X-Ratelimit-*`: requests and tokens per minute on v1; requests, input
tokens and output tokens per minute on Qianfan v2), and learned from the service's own refusals.

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

from zuoye.providers import RateLimits, Usage

# Start this far below the observed ceiling after a refusal (room for clock skew and jitter).
BACKOFF_FACTOR = 0.97
# Probe upwards by this fraction of the rate every PROBE_INTERVAL seconds without refusals.
PROBE_STEP = 0.02
PROBE_INTERVAL = 3.0
MIN_RATE = 0.2  # requests/s: never stall completely
# Refusals this soon after a decrease were sent at the old rate: one decrease per burst, or the
# rate would collapse multiplicatively on a single burst of refusals.
DECREASE_HOLD = 1.0
WINDOW = 60.0  # every budget is per minute


class TokenBudget:
    """Tokens per minute: what was used in the last minute, and how long until there is room."""

    def __init__(self, limit: float | None = None) -> None:
        self.limit = limit
        self._used: deque[tuple[float, int]] = deque()  # (time, tokens)
        self._total = 0

    def learn(self, limit: int | None) -> None:
        """The service's budget caps a configured one, never raises it."""
        if limit:
            self.limit = min(self.limit or limit, limit)

    def spend(self, now: float, tokens: int) -> None:
        if tokens > 0:
            self._used.append((now, tokens))
            self._total += tokens

    def wait(self, now: float) -> float:
        """Seconds until the last minute's use is under the budget again."""
        while self._used and self._used[0][0] <= now - WINDOW:
            self._total -= self._used.popleft()[1]
        if self.limit is None or self._total < self.limit:
            return 0.0
        left = self._total
        for at, tokens in self._used:  # the oldest leave the window first
            left -= tokens
            if left < self.limit:
                return at + WINDOW - now
        return 0.0


class AdaptivePacer:
    """`rpm` and `tpm` as configured (None: learned). `tpm` is a total; Qianfan v2 budgets input
    and output tokens apart (`input_tpm`, `output_tpm`), and all of them are learned from replies."""

    def __init__(
        self,
        *,
        rpm: float | None = None,
        tpm: float | None = None,
        input_tpm: float | None = None,
        output_tpm: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.ceiling = rpm / 60 if rpm else None  # hard cap from configuration or headers
        self.rate: float | None = self.ceiling
        self.tokens = TokenBudget(tpm)
        self.input_tokens = TokenBudget(input_tpm)
        self.output_tokens = TokenBudget(output_tpm)
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._ok: deque[float] = deque()  # start times of recent accepted requests
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
        for budget in (self.tokens, self.input_tokens, self.output_tokens):
            wait = max(wait, budget.wait(now))
        if wait > 0:
            await self._sleep(wait)

    def on_success(self, usage: Usage | None = None, limits: RateLimits | None = None) -> None:
        """A reply came: what it used, and the budgets the service reported with it."""
        now = self._clock()
        self._ok.append(now)
        while self._ok and self._ok[0] < now - 1.0:
            self._ok.popleft()
        if usage is not None:
            self.tokens.spend(now, usage.total_tokens)
            self.input_tokens.spend(now, usage.prompt_tokens)
            self.output_tokens.spend(now, usage.completion_tokens)
        if limits is None:
            return
        if limits.requests:  # learned RPM: never exceed what the service says we have
            cap = limits.requests / 60
            self.ceiling = min(self.ceiling or cap, cap)
            self.rate = min(self.rate or cap, cap)
        self.tokens.learn(limits.tokens)
        self.input_tokens.learn(limits.input_tokens)
        self.output_tokens.learn(limits.output_tokens)

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
