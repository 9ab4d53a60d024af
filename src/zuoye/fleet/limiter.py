"""One Baidu quota for every process: the model budgets counted in Redis.

Baidu counts requests and tokens per minute in fixed windows ("a spent quota refreshes within
0–60 s"); the emulator counts per wall-clock minute. So the fleet counts the same way, which a
refilling bucket cannot: per `<credential>/<model>` and per budget (requests, v1's total tokens,
v2's input and output tokens), what was taken in the current minute of Redis's clock. A call that
fits is counted and goes at once; one that does not is told to ask again when the next minute
starts (a negative wait: nothing taken), so callers never book minutes ahead and the fleet never
sends what the service would refuse. Every step is one Lua script (atomic for all processes, on
one clock whatever the machines' clocks say).

It learns from any process: `X-Ratelimit-Limit-*` sets a budget (lowering a configured one),
`X-Ratelimit-Remaining-*` raises the count to what the service says is spent (others' calls
included), and a rate-limit refusal (429, 18, 336501, 336502) closes the rest of the minute.
Budgets not configured and not yet learned do not limit (the first replies teach them).

Priority: calls made inside `background_calls()` (worksheets) are only counted while they leave
`BACKGROUND_FLOOR` of every budget of the minute to interactive answers.

When Redis cannot be reached, each process falls back to a local `zuoye.ernie.RateLimiter`
holding its share of the budgets (1 / the processes seen using the limiter in the last minute):
slower, never over the quota, never failing open. `degraded` says so, for the health endpoint;
Redis is tried again every few seconds.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import logging
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

from prometheus_client import Histogram

from zuoye.ernie import RateLimiter, RateLimitInfo

log = logging.getLogger("zuoye.fleet")

# The share of each budget a background (worksheet) call must leave untouched.
BACKGROUND_FLOOR = 0.2
# How long after a Redis failure the next operation tries Redis again.
RETRY_REDIS_AFTER = 5.0
_WINDOW_MS = 60_000
_PREFIX = "zuoye:limit:"
_PROCESSES = "zuoye:limit-processes"

WAITS = Histogram(
    "zuoye_limiter_wait_seconds",
    "How long model calls were told to wait for the shared quota (calls that had to wait)",
    ["priority"],
    buckets=(0.05, 0.25, 1, 5, 15, 30, 60),
)

_background: contextvars.ContextVar[bool] = contextvars.ContextVar("zuoye_background_calls", default=False)


def in_background() -> bool:
    """Whether model calls made here leave the last share to students (see background_calls)."""
    return _background.get()


@contextlib.contextmanager
def background_calls() -> Iterator[None]:
    """Model calls made inside (and in tasks started inside) leave the last share to students."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


# Budgets: r(equests), t(okens, v1's total), i(nput tokens), o(utput tokens). Fields of the hash:
# w the minute counted, u<b> what was taken in it, l<b> a limit learned from headers.
# ARGV: op, window ms, process id, 4 configured budgets ('' = none), then per op:
#   reserve  4 amounts, floor fraction   -> {wait ms (negative: nothing taken), processes, 4 budgets}
#   settle   4 amounts spent beyond the estimate
#   observe  4 limits, 4 remaining ('' = not said)
#   penalize 4 flags (1 = this budget is spent for the rest of the minute)
_SCRIPT = """
local key = KEYS[1]
local op = ARGV[1]
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local minute = math.floor(now / window)
local names = {'r', 't', 'i', 'o'}
local raw = redis.call('HGETALL', key)
local state = {}
for n = 1, #raw, 2 do state[raw[n]] = raw[n + 1] end
local fresh = tonumber(state['w']) ~= minute
local caps, used, learned = {}, {}, {}
for n = 1, 4 do
  local b = names[n]
  local cap = tonumber(ARGV[3 + n])
  learned[n] = tonumber(state['l' .. b])
  if learned[n] and (cap == nil or learned[n] < cap) then cap = learned[n] end
  caps[n] = cap
  used[n] = fresh and 0 or (tonumber(state['u' .. b]) or 0)
end
local result = {0}
if op == 'reserve' then
  local floor = tonumber(ARGV[12])
  local fits = true
  for n = 1, 4 do
    if used[n] >= 1e18 then
      fits = false  -- refused by the service, budget not known: closed for the rest of the minute
    elseif caps[n] and caps[n] > 0 then
      local amount = tonumber(ARGV[7 + n])
      local room = caps[n] * (1 - floor)
      -- A call larger than a whole minute's budget goes into an empty minute, never waits forever.
      if used[n] + amount > room and used[n] > 0 then fits = false end
    end
  end
  if fits then
    for n = 1, 4 do used[n] = used[n] + tonumber(ARGV[7 + n]) end
  else
    -- Ask again just after the minute turns (50 ms: the service's clock may be a little behind).
    result = {-((minute + 1) * window - now + 50)}
  end
  redis.call('ZADD', KEYS[2], now, ARGV[3])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  redis.call('PEXPIRE', KEYS[2], window * 2)
  result[2] = redis.call('ZCARD', KEYS[2])
  for n = 1, 4 do result[2 + n] = caps[n] and tostring(caps[n]) or '' end
elseif op == 'settle' then
  for n = 1, 4 do used[n] = math.max(used[n] + tonumber(ARGV[7 + n]), 0) end
elseif op == 'observe' then
  for n = 1, 4 do
    local limit = tonumber(ARGV[7 + n])
    if limit and limit > 0 then
      learned[n] = limit
      local cfg = tonumber(ARGV[3 + n])
      caps[n] = (cfg and cfg < limit) and cfg or limit
    end
    local remaining = tonumber(ARGV[11 + n])
    if remaining and caps[n] then used[n] = math.max(used[n], caps[n] - remaining) end
  end
elseif op == 'penalize' then
  for n = 1, 4 do
    if ARGV[7 + n] == '1' then used[n] = math.max(used[n], caps[n] or 1e18) end
  end
end
local fields = {'w', minute}
for n = 1, 4 do
  table.insert(fields, 'u' .. names[n]); table.insert(fields, tostring(used[n]))
  if learned[n] then table.insert(fields, 'l' .. names[n]); table.insert(fields, tostring(learned[n])) end
end
redis.call('HSET', key, unpack(fields))
redis.call('PEXPIRE', key, 3600000)
return result
"""

_PENALIZED = {"tpm": "0111", "input_tpm": "0010", "output_tpm": "0001"}


def _arg(value: float | None) -> str:
    return "" if value is None else repr(float(value))


class FleetLimiter:
    """A `zuoye.ernie.Limiter` shared through Redis by every process using the same Redis.

    `rpm`/`tpm`/`input_tpm`/`output_tpm` are the configured budgets (None: learned from replies).
    `client` is a `redis.Redis` (sync: the limiter is called from sync and async clients alike; a
    step is one round trip to Redis, well under a millisecond on a local network).
    """

    def __init__(
        self,
        client: Any,
        *,
        rpm: int | None = None,
        tpm: int | None = None,
        input_tpm: int | None = None,
        output_tpm: int | None = None,
        window: float = 60.0,
    ) -> None:
        self._redis = client
        self._script = client.register_script(_SCRIPT)
        self._configured = (rpm, tpm, input_tpm, output_tpm)
        self._window_ms = int(window * 1000)
        self._window = window
        self._process = uuid.uuid4().hex
        self._lock = threading.Lock()
        self._known_caps: dict[str, tuple[float | None, ...]] = {}
        self._processes = 1
        self._local: dict[str, RateLimiter] = {}
        self._down_since: float | None = None

    # ------------------------------------------------------------------ health

    @property
    def degraded(self) -> bool:
        """True while Redis is unreachable and this process uses its local share."""
        return self._down_since is not None

    def health(self) -> dict[str, Any]:
        return {
            "shared": not self.degraded,
            "processes": self._processes,
            **({"local_share": round(1 / self._processes, 3)} if self.degraded else {}),
        }

    # ------------------------------------------------------------------ the Limiter protocol

    def reserve(self, tokens: int, output_tokens: int = 0, *, key: str | None = None) -> float:
        name = key or "default"
        floor = BACKGROUND_FLOOR if in_background() else 0.0
        reply = self._run(name, "reserve", [1, tokens, tokens, output_tokens], [floor])
        if reply is None:
            wait = self._fallback(name).reserve(tokens, output_tokens)
            # The local share has no room to set apart for students: background calls go slower.
            return wait * (1 + floor) if floor else wait
        wait_ms, processes, *caps = reply
        with self._lock:
            self._processes = max(int(processes), 1)
            self._known_caps[name] = tuple(float(c) if c not in (b"", "") else None for c in caps)
        if wait_ms:
            WAITS.labels("background" if floor else "interactive").observe(abs(int(wait_ms)) / 1000)
        return int(wait_ms) / 1000

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
        name = key or "default"
        spent = [
            0,
            actual - estimated,
            0 if input_actual is None else input_actual - estimated,
            0 if output_actual is None else output_actual - output_estimated,
        ]
        if self._run(name, "settle", spent) is None:
            self._fallback(name).settle(
                estimated,
                actual,
                output_estimated=output_estimated,
                input_actual=input_actual,
                output_actual=output_actual,
            )

    def observe(self, info: RateLimitInfo | None, *, key: str | None = None) -> None:
        if info is None:
            return
        name = key or "default"
        limits = [info.limit_requests, info.limit_tokens, info.limit_input_tokens, info.limit_output_tokens]
        remaining = [
            info.remaining_requests,
            info.remaining_tokens,
            info.remaining_input_tokens,
            info.remaining_output_tokens,
        ]
        if all(v is None for v in limits + remaining):
            return
        if self._run(name, "observe", [_arg(v) for v in limits + remaining]) is None:
            self._fallback(name).observe(self._share_of(info))

    def penalize(self, kind: str, *, key: str | None = None) -> None:
        name = key or "default"
        flags = _PENALIZED.get(kind, "1000")
        if self._run(name, "penalize", list(flags)) is None:
            self._fallback(name).penalize(kind)

    # ------------------------------------------------------------------ Redis and the fallback

    def _run(self, name: str, op: str, values: list[Any], extra: list[Any] | None = None) -> list[Any] | None:
        """The script's reply, or None when Redis is down (then the caller uses the local share)."""
        if self._down_since is not None and time.monotonic() - self._down_since < RETRY_REDIS_AFTER:
            return None
        args = [op, self._window_ms, self._process, *(_arg(c) for c in self._configured), *values]
        args += extra or []
        try:
            reply = self._script(keys=[_PREFIX + name, _PROCESSES], args=args)
        except Exception as exc:  # redis.RedisError and socket errors alike: never fail the call
            if self._down_since is None:
                log.warning(
                    "Redis unreachable (%s): using this process's share (1/%d) of the model quota",
                    type(exc).__name__,
                    self._processes,
                )
            self._down_since = time.monotonic()
            return None
        if self._down_since is not None:
            log.warning("Redis reachable again: the model quota is shared again")
            self._down_since = None
            self._local.clear()
        return list(reply)

    def _fallback(self, name: str) -> RateLimiter:
        with self._lock:
            local = self._local.get(name)
            if local is None:
                caps = self._known_caps.get(name) or tuple(
                    None if c is None else float(c) for c in self._configured
                )
                share = [None if c is None else max(int(c / self._processes), 1) for c in caps]
                local = self._local[name] = RateLimiter(
                    share[0], share[1], input_tpm=share[2], output_tpm=share[3], window=self._window
                )
            return local

    def _share_of(self, info: RateLimitInfo) -> RateLimitInfo:
        """The headers as this process's share: the service reports the whole account's budget."""
        n = self._processes
        return RateLimitInfo(
            **{
                f.name: None if getattr(info, f.name) is None else max(getattr(info, f.name) // n, 1)
                for f in dataclasses.fields(info)
            }
        )
