"""The events of answers being written, kept so that a page can reconnect and carry on.

A streamed answer's events (started, delta, notice, …, done) are appended to a per-turn log as
the answer is written; the response that asked reads the log, and so does any later reader —
after a refresh, a dropped connection, or the balancer choosing another process — from the last
event it saw (`Last-Event-ID`). Event ids are `<turn id>-<n>`, n counting from 1.

One process: the log lives in memory (`LocalEvents`). Several (ZUOYE_REDIS_URL): a Redis stream
per turn (`RedisEvents`), readable from every process; it expires a few minutes after the answer
ends, when the stored turn says everything. Losing it loses nothing saved: a reader that finds
no log gets the stored turn.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Protocol

# How long a finished answer's events stay readable.
KEEP_SECONDS = 300
_PIPELINE = 1000  # events sent to Redis in one pipeline, at most
_WRITING_SECONDS = 3600  # how long the stream of an answer being written is kept unless renewed
_RENEW_EVERY = 500  # events between two renewals
LAST = "done"  # the last event of every answer

Event = tuple[int, str, dict[str, Any]]


class EventLog(Protocol):
    async def append(self, turn_id: int, name: str, data: dict[str, Any]) -> int: ...

    def follow(self, turn_id: int, after: int, *, wait: float) -> AsyncIterator[Event | None]:
        """The events after `after`, as they come, until the last; None when nothing came for
        `wait` seconds (the caller decides whether to keep waiting)."""
        ...

    async def exists(self, turn_id: int) -> bool: ...

    async def aclose(self) -> None: ...


@dataclass
class _Log:
    events: list[Event] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)


class LocalEvents:
    def __init__(self) -> None:
        self._logs: dict[int, _Log] = {}

    async def append(self, turn_id: int, name: str, data: dict[str, Any]) -> int:
        log = self._logs.get(turn_id)
        if log is None or (log.events and log.events[-1][1] == LAST):
            # A new answer. A log that ended is of a deleted turn whose id SQLite gave again
            # (it reuses the highest rowid): its events are not this answer's.
            log = self._logs[turn_id] = _Log()
        n = len(log.events) + 1
        log.events.append((n, name, data))
        log.changed.set()
        log.changed = asyncio.Event()  # the next change wakes the next waiters
        if name == LAST:
            asyncio.get_running_loop().call_later(KEEP_SECONDS, self._expire, turn_id, log)
        return n

    def _expire(self, turn_id: int, log: _Log) -> None:
        if self._logs.get(turn_id) is log:  # not a later answer's under the same id
            del self._logs[turn_id]

    async def follow(self, turn_id: int, after: int, *, wait: float) -> AsyncIterator[Event | None]:
        while True:
            log = self._logs.get(turn_id)
            if log is None:
                return
            for event in log.events[after:]:
                yield event
                after = event[0]
                if event[1] == LAST:
                    return
            changed = log.changed
            try:
                await asyncio.wait_for(changed.wait(), wait)
            except TimeoutError:
                yield None

    async def exists(self, turn_id: int) -> bool:
        return turn_id in self._logs

    def drop(self, turn_id: int) -> None:
        """Forget a turn's log (its readers stop, as when it expires)."""
        log = self._logs.pop(turn_id, None)
        if log is not None:
            log.changed.set()

    async def aclose(self) -> None:
        self._logs.clear()


class RedisEvents:
    """A Redis stream per turn, `zuoye:<database>:events:<turn id>`, with entry ids `0-<n>` (so a reader's
    last id is where XREAD carries on).

    The answers this process writes are also kept in memory (`LocalEvents`), and their readers
    here — nearly all of them: the response that asked — follow that copy. A blocking XREAD holds
    a Redis connection for as long as it waits, and redis-py's pool has 100: with one per stream,
    a process writing more than ~100 answers at once had its writers refused ("Too many
    connections") and its students got no words until the end. Only a reader on another process
    (a reconnect the balancer sent elsewhere) blocks on Redis.

    Writes go to Redis together: `append` queues the event and one task sends everything queued
    in one pipeline, while the next events queue behind it. With one pipeline per event, 250
    answers streaming from one process spent an eighth of its CPU on Redis round trips; a reader
    on another process now sees an event at most one pipeline later."""

    def __init__(self, redis_url: str, *, namespace: str) -> None:
        """`namespace`: the database's identity (Store.identity): turn ids are only unique in one."""
        import redis.asyncio

        self._prefix = f"zuoye:{namespace}:events:"

        # Writes wait their turn for one of the pool's connections (every answer writes at once
        # when a class asks together); a reader blocks on a connection of its own pool, and when
        # that pool is spent it goes on from the stored turn instead.
        self._redis: Any = redis.asyncio.Redis(
            connection_pool=redis.asyncio.BlockingConnectionPool.from_url(
                redis_url, max_connections=100, timeout=10, socket_connect_timeout=2, health_check_interval=30
            )
        )
        self._reads: Any = redis.asyncio.Redis.from_url(
            redis_url, socket_timeout=None, socket_connect_timeout=2, health_check_interval=30
        )
        self._next: dict[int, int] = {}
        self._local = LocalEvents()
        self._queued: list[tuple[int, int, str, str]] = []  # (turn, n, name, data as JSON)
        self._broken: dict[int, BaseException] = {}  # turns whose events Redis did not take
        self._writing: asyncio.Task[None] | None = None

    def _key(self, turn_id: int) -> str:
        return f"{self._prefix}{turn_id}"

    async def append(self, turn_id: int, name: str, data: dict[str, Any]) -> int:
        if turn_id in self._broken:
            # The writer stops logging this answer (its readers here and elsewhere go on from
            # the stored turn): said once, by the first append after the failure.
            raise self._broken.pop(turn_id)
        n = self._next.get(turn_id, 0) + 1
        self._next[turn_id] = n
        self._queued.append((turn_id, n, name, json.dumps(data, ensure_ascii=False)))
        await self._local.append(turn_id, name, data)
        if name == LAST:
            self._next.pop(turn_id, None)
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write(), name="answers' events to Redis")
        return n

    async def _write(self) -> None:
        while self._queued:
            queued, self._queued = self._queued[:_PIPELINE], self._queued[_PIPELINE:]
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for turn_id, n, name, data in queued:
                        key = self._key(turn_id)
                        if n == 1:  # a new answer: a stream left under its id (see LocalEvents) goes
                            pipe.delete(key)
                        pipe.xadd(key, {"e": name, "d": data}, id=f"0-{n}")
                        # A stream expires: an hour after it began or was last renewed (longer
                        # than any answer is written), KEEP_SECONDS after it ended. Renewed now
                        # and then, not with every event: an EXPIRE per event was half the
                        # commands sent.
                        if name == LAST:
                            pipe.expire(key, KEEP_SECONDS)
                        elif n % _RENEW_EVERY == 1:
                            pipe.expire(key, _WRITING_SECONDS)
                    await pipe.execute()
            except Exception as exc:
                # The local copies of these answers must not say more than Redis does: they
                # end, and their readers go on from the stored turns.
                finished = {q[0] for q in queued if q[2] == LAST}
                for turn_id in {q[0] for q in queued}:
                    self._next.pop(turn_id, None)
                    self._local.drop(turn_id)
                    if turn_id not in finished:  # its writer still appends: tell it once
                        self._broken[turn_id] = exc
                self._queued = [q for q in self._queued if q[0] not in self._broken]

    async def follow(self, turn_id: int, after: int, *, wait: float) -> AsyncIterator[Event | None]:
        import redis  # the optional 'scale' extra, like redis.asyncio in __init__

        if await self._local.exists(turn_id):  # written here: no Redis connection held
            async for event in self._local.follow(turn_id, after, wait=wait):
                yield event
            return
        key = self._key(turn_id)
        last = f"0-{after}"
        while True:
            started = time.monotonic()
            try:
                reply = await self._reads.xread({key: last}, block=int(wait * 1000), count=500)
                if not reply and not await self._redis.exists(key):
                    return
            except (redis.RedisError, OSError) as exc:
                # Redis went away (restarted, unreachable): the log has nothing more to say, and
                # the reader carries on from the stored turn instead of losing its stream.
                logging.getLogger("zuoye.web").warning("cannot read the answer's events: %r", exc)
                return
            if not reply:
                if time.monotonic() - started >= wait * 0.9:
                    yield None
                continue
            for entry_id, fields in reply[0][1]:
                last = entry_id.decode() if isinstance(entry_id, bytes) else entry_id
                name = fields[b"e"].decode()
                yield int(last.split("-")[1]), name, json.loads(fields[b"d"])
                if name == LAST:
                    return

    async def exists(self, turn_id: int) -> bool:
        return bool(await self._redis.exists(self._key(turn_id)))

    async def aclose(self) -> None:
        if self._writing is not None:
            await asyncio.wait([self._writing], timeout=5)  # the last events of answers that ended
        await self._local.aclose()
        await self._reads.aclose()
        await self._redis.aclose()
        await self._redis.connection_pool.disconnect()  # a pool given to Redis() is not closed by it


def event_id(turn_id: int, n: int) -> str:
    return f"{turn_id}-{n}"


def parse_event_id(value: str | None) -> tuple[int, int] | None:
    """(turn id, n) of a `Last-Event-ID`, or None when it is missing or not one of ours."""
    if not value:
        return None
    turn, _, n = value.strip().partition("-")
    if not (turn.isdigit() and n.isdigit()) or len(value) > 40:
        return None
    return int(turn), int(n)
