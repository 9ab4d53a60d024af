"""One Baidu quota for every process: the rate limiter's buckets kept in Redis.

The arithmetic is `zuoye.ernie.RateLimiter`'s (token buckets refilling evenly over the minute;
reserve the estimate, settle with the real usage, learn limits from X-Ratelimit-* headers, empty a
bucket on a rate-limit refusal), done by one Lua script so that every process's step is atomic
and uses Redis's clock (the machines' clocks may differ). Each `<credential>/<model>` has its own
budgets, as Baidu counts them.

Priority: calls made inside `background_calls()` (worksheets) only take a reservation that
leaves `BACKGROUND_FLOOR` of every budget for interactive answers; otherwise they are told to
ask again later and take nothing, so students never queue behind a worksheet.

When Redis cannot be reached, each process falls back to a local limiter holding its share of
the budgets (1 / the number of processes seen using the limiter in the last minute): slower, never
over the quota, never failing open. `degraded` says so, for the health endpoint; Redis is tried
again every few seconds.
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

from zuoye.ernie import RateLimiter, RateLimitInfo

log = logging.getLogger("zuoye.fleet")

# The share of each budget a background (worksheet) call must leave untouched.
BACKGROUND_FLOOR = 0.2
# How long after a Redis failure the next operation tries Redis again.
RETRY_REDIS_AFTER = 5.0
_WINDOW_MS = 60_000
_PREFIX = "zuoye:limit:"
_PROCESSES = "zuoye:limit-processes"

_background: contextvars.ContextVar[bool] = contextvars.ContextVar("zuoye_background_calls", default=False)


@contextlib.contextmanager
def background_calls() -> Iterator[None]:
    """Model calls made inside (and in tasks started inside) leave the last share to students."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


# Buckets: r(equests), t(okens, v1's total), i(nput tokens), o(utput tokens). Fields of the hash:
# l<b> a limit learned from headers, v<b> the level, ts the time of the last update (ms).
# ARGV: op, window ms, process id, 4 configured capacities ('' = none), then per op:
#   reserve  4 amounts, floor fraction        -> {wait ms (negative: not taken), processes, 4 caps}
#   settle   4 amounts spent beyond the estimate
#   observe  4 limits, 4 remaining ('' = not said)
#   penalize 4 flags (1 = empty this bucket)
_SCRIPT = """
local key = KEYS[1]
local op = ARGV[1]
local window = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local names = {'r', 't', 'i', 'o'}
local raw = redis.call('HGETALL', key)
local state = {}
for n = 1, #raw, 2 do state[raw[n]] = raw[n + 1] end
local ts = tonumber(state['ts'] or now)
local caps, lvls, learned = {}, {}, {}
for n = 1, 4 do
  local b = names[n]
  local cap = tonumber(ARGV[3 + n])
  learned[n] = tonumber(state['l' .. b])
  if learned[n] and (cap == nil or learned[n] < cap) then cap = learned[n] end
  caps[n] = cap
  if cap then
    local lvl = tonumber(state['v' .. b]) or cap
    lvls[n] = math.min(cap, lvl + math.max(now - ts, 0) * cap / window)
  end
end
local result = {0}
if op == 'reserve' then
  local floor = tonumber(ARGV[12])
  local wait = 0
  if floor > 0 then
    for n = 1, 4 do
      if caps[n] and caps[n] > 0 then
        -- (a call larger than what the floor leaves would otherwise never fit)
        local take = math.min(tonumber(ARGV[7 + n]), caps[n] * (1 - floor))
        local short = floor * caps[n] + take - lvls[n]
        if short > 0 then wait = math.max(wait, short * window / caps[n]) end
      end
    end
  end
  if wait > 0 then
    result = {-math.max(math.ceil(wait), 1)}
  else
    for n = 1, 4 do
      if caps[n] and caps[n] > 0 then
        lvls[n] = lvls[n] - math.min(tonumber(ARGV[7 + n]), caps[n])
        if lvls[n] < 0 then wait = math.max(wait, -lvls[n] * window / caps[n]) end
      end
    end
    result = {math.ceil(wait)}
  end
  redis.call('ZADD', KEYS[2], now, ARGV[3])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
  redis.call('PEXPIRE', KEYS[2], window * 2)
  result[2] = redis.call('ZCARD', KEYS[2])
  for n = 1, 4 do result[2 + n] = caps[n] and tostring(caps[n]) or '' end
elseif op == 'settle' then
  for n = 1, 4 do
    if caps[n] then lvls[n] = lvls[n] - tonumber(ARGV[7 + n]) end
  end
elseif op == 'observe' then
  for n = 1, 4 do
    local limit = tonumber(ARGV[7 + n])
    if limit and limit > 0 then
      local cfg = tonumber(ARGV[3 + n])
      local new = limit
      if cfg and cfg < new then new = cfg end
      if caps[n] == nil then lvls[n] = new end
      learned[n] = limit
      caps[n] = new
      lvls[n] = math.min(lvls[n], new)
    end
    local remaining = tonumber(ARGV[11 + n])
    if remaining and caps[n] then lvls[n] = math.min(lvls[n], remaining) end
  end
elseif op == 'penalize' then
  for n = 1, 4 do
    if ARGV[7 + n] == '1' and caps[n] then lvls[n] = math.min(lvls[n], 0) end
  end
end
local fields = {'ts', now}
for n = 1, 4 do
  if lvls[n] then table.insert(fields, 'v' .. names[n]); table.insert(fields, tostring(lvls[n])) end
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
        floor = BACKGROUND_FLOOR if _background.get() else 0.0
        reply = self._run(name, "reserve", [1, tokens, tokens, output_tokens], [floor])
        if reply is None:
            wait = self._fallback(name).reserve(tokens, output_tokens)
            # The local share has no room to set apart for students: background calls go slower.
            return wait * (1 + floor) if floor else wait
        wait_ms, processes, *caps = reply
        with self._lock:
            self._processes = max(int(processes), 1)
            self._known_caps[name] = tuple(float(c) if c not in (b"", "") else None for c in caps)
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
