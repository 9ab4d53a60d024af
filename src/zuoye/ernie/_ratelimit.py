"""A client-side requests-per-minute / tokens-per-minute limiter.

Token buckets, each refilling its per-minute capacity evenly over the minute: requests, tokens
(v1 budgets input and output together), and input and output tokens apart (v2's budgets).
A caller *reserves* before sending: the reservation is taken at once, under the lock, and the
caller is told how long to wait; it then sleeps outside the lock. So the lock is never held while
sleeping, sync and async callers share one limiter, and callers are served in arrival order
(later reservations queue behind earlier ones).

It learns from the service: `X-Ratelimit-Limit-*` sets the capacity when none was configured
(or lowers a configured one), `X-Ratelimit-Remaining-*` lowers the level to what the service says
is left, and a rate-limit error (18, 336501, 336502, v2's 429 codes) empties the bucket concerned,
so the next requests wait for the window to refill instead of being refused again.

`Limiter` is what a client needs of a limiter; `RateLimiter` is the one for one process. Every
method takes the budget's `key` (`<credential id>/<model>`, passed by the client): a RateLimiter
has one set of budgets and ignores it, a limiter shared by many processes (`zuoye.fleet`) keeps
one per key, since Baidu budgets each model of each account apart.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from zuoye.ernie import _constants as C
from zuoye.ernie._errors import ValidationError
from zuoye.ernie.types import RateLimitInfo


class _Bucket:
    __slots__ = ("capacity", "configured", "level", "stamp")

    def __init__(self, capacity: float | None, now: float) -> None:
        self.configured = capacity
        self.capacity = capacity
        self.level = capacity or 0.0
        self.stamp = now

    def refill(self, now: float, window: float) -> None:
        if self.capacity is not None:
            self.level = min(self.capacity, self.level + (now - self.stamp) * self.capacity / window)
        self.stamp = now

    def take(self, amount: float, window: float) -> float:
        """Reserve `amount`; return the seconds until the reservation is covered."""
        if self.capacity is None or self.capacity <= 0:
            return 0.0
        # A single request larger than the whole minute's budget waits one full window, not forever.
        self.level -= min(amount, self.capacity)
        return 0.0 if self.level >= 0 else -self.level * window / self.capacity

    def learn_limit(self, limit: int | None) -> None:
        if limit is None or limit <= 0:
            return
        new = float(limit) if self.configured is None else min(self.configured, float(limit))
        if self.capacity is None:
            self.level = new
        self.capacity = new
        self.level = min(self.level, new)

    def learn_remaining(self, remaining: int | None) -> None:
        if remaining is not None and self.capacity is not None:
            self.level = min(self.level, float(remaining))


class Limiter(Protocol):
    """What a client asks of its limiter (see `RateLimiter` for the meaning of each method)."""

    def reserve(self, tokens: int, output_tokens: int = 0, *, key: str | None = None) -> float:
        """Seconds to wait before sending, the reservation taken. A negative number means nothing
        was taken (a low-priority caller must leave the rest to others): wait that long, then ask
        again."""
        ...

    def settle(
        self,
        estimated: int,
        actual: int,
        *,
        output_estimated: int = 0,
        input_actual: int | None = None,
        output_actual: int | None = None,
        key: str | None = None,
    ) -> None: ...

    def observe(self, info: RateLimitInfo | None, *, key: str | None = None) -> None: ...

    def penalize(self, kind: str, *, key: str | None = None) -> None: ...


class RateLimiter:
    """Keeps a client (or several sharing it) under `rpm` requests and `tpm` tokens per minute.

    `rpm`/`tpm` may be None: that dimension is then limited only once the service's headers say
    what the limit is.
    """

    def __init__(
        self,
        rpm: int | None = None,
        tpm: int | None = None,
        *,
        input_tpm: int | None = None,
        output_tpm: int | None = None,
        clock: Callable[[], float] = time.monotonic,
        window: float = C.RATE_LIMIT_WINDOW,
    ) -> None:
        for name, value in (("rpm", rpm), ("tpm", tpm), ("input_tpm", input_tpm), ("output_tpm", output_tpm)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
                raise ValidationError(
                    f"{name} must be a positive integer, got {value!r}", field=name, value=value
                )
        self._clock = clock
        self._window = window
        self._lock = threading.Lock()
        now = clock()
        self._requests = _Bucket(None if rpm is None else float(rpm), now)
        self._tokens = _Bucket(None if tpm is None else float(tpm), now)
        self._input = _Bucket(None if input_tpm is None else float(input_tpm), now)
        self._output = _Bucket(None if output_tpm is None else float(output_tpm), now)
        self._buckets = (self._requests, self._tokens, self._input, self._output)

    def __repr__(self) -> str:
        return (
            f"RateLimiter(rpm={self._requests.capacity}, tpm={self._tokens.capacity}, "
            f"input_tpm={self._input.capacity}, output_tpm={self._output.capacity})"
        )

    @property
    def rpm(self) -> float | None:
        return self._requests.capacity

    @property
    def tpm(self) -> float | None:
        return self._tokens.capacity

    @property
    def input_tpm(self) -> float | None:
        return self._input.capacity

    @property
    def output_tpm(self) -> float | None:
        return self._output.capacity

    def reserve(self, tokens: int, output_tokens: int = 0, *, key: str | None = None) -> float:
        """Take one request, `tokens` of input and `output_tokens` of output (estimates) now;
        return how long to wait before sending."""
        with self._lock:
            now = self._clock()
            for bucket in self._buckets:
                bucket.refill(now, self._window)
            return max(
                self._requests.take(1, self._window),
                self._tokens.take(tokens, self._window),
                self._input.take(tokens, self._window),
                self._output.take(output_tokens, self._window),
            )

    def settle(
        self,
        estimated: int,
        actual: int,
        *,
        output_estimated: int = 0,
        input_actual: int | None = None,
        output_actual: int | None = None,
        key: str | None = None,
    ) -> None:
        """Correct a reservation once the response's `usage` says what it really cost: `actual`
        total tokens against the `estimated` input, and (v2) input and output apart."""
        with self._lock:
            now = self._clock()
            for bucket, spent in (
                (self._tokens, actual - estimated),
                (self._input, 0 if input_actual is None else input_actual - estimated),
                (self._output, 0 if output_actual is None else output_actual - output_estimated),
            ):
                if spent and bucket.capacity is not None:
                    bucket.refill(now, self._window)
                    bucket.level -= spent

    def observe(self, info: RateLimitInfo | None, *, key: str | None = None) -> None:
        """Learn from a response's X-Ratelimit-* headers."""
        if info is None:
            return
        with self._lock:
            now = self._clock()
            for bucket, limit, remaining in (
                (self._requests, info.limit_requests, info.remaining_requests),
                (self._tokens, info.limit_tokens, info.remaining_tokens),
                (self._input, info.limit_input_tokens, info.remaining_input_tokens),
                (self._output, info.limit_output_tokens, info.remaining_output_tokens),
            ):
                bucket.refill(now, self._window)
                bucket.learn_limit(limit)
                bucket.learn_remaining(remaining)

    def penalize(self, kind: str, *, key: str | None = None) -> None:
        """The service refused for rate: empty the bucket(s) concerned. `kind` qps/cluster/rpm/http
        is the requests; tpm every token budget (v2's plain tpm code does not say which);
        input_tpm / output_tpm one of v2's."""
        concerned = {
            "tpm": (self._tokens, self._input, self._output),
            "input_tpm": (self._input,),
            "output_tpm": (self._output,),
        }.get(kind, (self._requests,))
        with self._lock:
            now = self._clock()
            for bucket in concerned:
                bucket.refill(now, self._window)
                bucket.level = min(bucket.level, 0.0)
