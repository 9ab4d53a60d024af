"""Stopping an answer on whichever process writes it (several processes share ZUOYE_REDIS_URL).

A stop that lands on the process writing the answer cancels it there (`state.running`). One that
lands elsewhere finds the answer's pending turn in the database, sets a flag for that turn in
Redis (with a time limit) and publishes the turn id; every process listens and cancels the turn
if it is writing it. Each process also looks for flags on its own running turns every second,
so a listener that missed the message (Redis restarted, say) delays a stop but never loses it.
The stopper then waits until the turn is no longer pending: the writer saved what it had.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from typing import Any

from zuoye.web._state import AppState, Principal

log = logging.getLogger("zuoye.web")

FLAG_SECONDS = 120  # longer than any writer takes to notice; a flag outlives no answer by much
SWEEP_SECONDS = 1.0
STOP_WAIT_SECONDS = 10.0


class StopSignals:
    def __init__(self, redis_url: str, state: AppState) -> None:
        import redis.asyncio

        self._redis: Any = redis.asyncio.Redis.from_url(
            redis_url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30
        )
        self._state = state
        # Per database: turn ids are only unique in one, and deployments may share a Redis.
        self.channel = f"zuoye:{state.store.identity()}:stop"
        self._flag = f"{self.channel}:"
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._listen(), name="stop-listener"),
            asyncio.create_task(self._sweep(), name="stop-sweep"),
        ]

    async def aclose(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._redis.aclose()

    async def request(self, turn_id: int) -> None:
        """Ask whichever process writes `turn_id` to stop it."""
        await self._redis.set(f"{self._flag}{turn_id}", "1", ex=FLAG_SECONDS)
        await self._redis.publish(self.channel, str(turn_id))

    def _cancel(self, turn_id: int) -> None:
        for running in list(self._state.running.values()):
            if running.turn_id == turn_id and not running.task.done():
                log.info("stopping turn %s on request of another process", turn_id)
                running.task.cancel()

    async def _listen(self) -> None:
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            with contextlib.suppress(ValueError):
                                self._cancel(int(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis away: the sweep still finds the flags once it is back
                log.warning("stop listener: %s; listening again shortly", type(exc).__name__)
                await asyncio.sleep(1.0)

    async def _sweep(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            ids = [r.turn_id for r in self._state.running.values() if r.turn_id]
            if not ids:
                continue
            try:
                flags = await self._redis.mget([f"{self._flag}{i}" for i in ids])
            except Exception as exc:  # Redis away: try again next second
                log.debug("stop sweep: %s", type(exc).__name__)
                continue
            for turn_id, flag in zip(ids, flags, strict=True):
                if flag is not None:
                    self._cancel(turn_id)


async def stop_answer(state: AppState, principal: Principal, conversation_id: str) -> int | None:
    """Stop the answer being written in the principal's conversation, wherever it is written;
    its turn id once it has stopped (None: nothing was running)."""
    running = state.running.get(conversation_id)
    if running is not None and running.user_id == principal.id:
        running.task.cancel()
        # The tutor saves the partial answer on cancellation; wait so the reply reflects it.
        await asyncio.wait([running.task], timeout=STOP_WAIT_SECONDS)
        return running.turn_id
    stops: StopSignals | None = state.stops
    if stops is None:
        return None
    store = state.store
    conv = await store.call(store.get_conversation, conversation_id=conversation_id)
    if conv is None or conv.user_id != principal.id:
        return None
    pending = [t.id for t in conv.turns if t.status == "pending"]
    if not pending:
        return None
    turn_id = pending[-1]
    await stops.request(turn_id)
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    while time.monotonic() < deadline:
        turn = await store.call(store.get_turn, turn_id=turn_id)
        if turn is None or turn.status != "pending":
            break
        await asyncio.sleep(0.05)
    return turn_id
