"""The answers' event logs in Redis, below the web app: what one process writes, another reads
in order and whole; the writes of many answers go to Redis together; and when Redis goes away
the writer is told once and its own readers end instead of running ahead of Redis."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import redis

from tests.fleet.conftest import RedisServer
from zuoye.web._events import LAST, Event, RedisEvents

pytestmark = pytest.mark.anyio


async def _read(log: RedisEvents, turn_id: int) -> list[Event]:
    events = []
    async for event in log.follow(turn_id, 0, wait=2):
        assert event is not None, "nothing came for 2 s"
        events.append(event)
    return events


async def test_many_answers_written_at_once_reach_another_process_whole(redis_url: str) -> None:
    writer = RedisEvents(redis_url, namespace="test")
    reader = RedisEvents(redis_url, namespace="test")  # another process: no local copy
    pipelines = 0
    pipeline = writer._redis.pipeline

    def counted(**kw: Any) -> Any:
        nonlocal pipelines
        pipelines += 1
        return pipeline(**kw)

    writer._redis.pipeline = counted
    try:

        async def answer(turn_id: int) -> None:
            await writer.append(turn_id, "started", {"turn": turn_id})
            for i in range(20):
                await writer.append(turn_id, "delta", {"text": f"第{i}句。"})
                await asyncio.sleep(0)
            await writer.append(turn_id, LAST, {"turn": turn_id})

        await asyncio.gather(*(answer(t) for t in range(1, 51)))  # 50 answers, 1,100 events
        for turn_id in (1, 25, 50):
            events = await _read(reader, turn_id)
            assert [n for n, _, _ in events] == list(range(1, 23))
            assert [d.get("text") for _, name, d in events if name == "delta"] == [
                f"第{i}句。" for i in range(20)
            ]
        assert pipelines < 100  # together, not one pipeline per event
    finally:
        await writer.aclose()
        await reader.aclose()


async def test_a_stream_expires_an_hour_after_it_was_renewed_and_soon_after_it_ended(redis_url: str) -> None:
    from zuoye.web import _events

    log = RedisEvents(redis_url, namespace="test")
    plain = redis.Redis.from_url(redis_url)
    sent: list[str] = []
    pipeline = log._redis.pipeline

    def watched(**kw: Any) -> Any:
        pipe = pipeline(**kw)
        command = pipe.execute_command

        def note(*args: Any, **options: Any) -> Any:
            sent.append(str(args[0]))
            return command(*args, **options)

        pipe.execute_command = note
        return pipe

    log._redis.pipeline = watched
    try:
        await log.append(3, "started", {})
        for i in range(2 * _events._RENEW_EVERY):
            await log.append(3, "delta", {"text": str(i)})
        for _ in range(100):
            if plain.xlen(log._key(3)) == 1 + 2 * _events._RENEW_EVERY:
                break
            await asyncio.sleep(0.02)
        assert 3000 < plain.ttl(log._key(3)) <= _events._WRITING_SECONDS
        assert sent.count("EXPIRE") == 3  # events 1, 501 and 1,001 of 1,001
        await log.append(3, LAST, {})
        for _ in range(100):
            if plain.ttl(log._key(3)) <= _events.KEEP_SECONDS:
                break
            await asyncio.sleep(0.02)
        assert 0 < plain.ttl(log._key(3)) <= _events.KEEP_SECONDS
    finally:
        await log.aclose()
        plain.close()


async def test_when_redis_goes_away_the_writer_is_told_once(
    redis_server: RedisServer, redis_url: str
) -> None:
    log = RedisEvents(redis_url, namespace="test")
    try:
        await log.append(7, "started", {})
        local = [e async for e in _until_quiet(log, 7)]
        assert [n for n, _, _ in local] == [1]
        redis_server.stop()
        await log.append(7, "delta", {"text": "没写进去"})  # queued; Redis refuses it
        for _ in range(100):
            if not await log._local.exists(7):
                break
            await asyncio.sleep(0.05)
        assert not await log._local.exists(7)  # its readers here end: they go on from the stored turn
        with pytest.raises((redis.RedisError, OSError)):
            await log.append(7, "delta", {"text": "再写"})
        redis_server.start()
        await log.append(7, "delta", {"text": "重新开始"})  # told once: the writer has stopped by now
    finally:
        if redis_server.process is None:
            redis_server.start()
        await log.aclose()


async def _until_quiet(log: RedisEvents, turn_id: int) -> Any:
    async for event in log.follow(turn_id, 0, wait=0.2):
        if event is None:
            return
        yield event


async def test_a_turn_id_given_again_starts_a_log_of_its_own(redis_url: str) -> None:
    # SQLite gives a deleted turn's id to the next turn: its readers, here and on another
    # process, must read the new answer, not the deleted one's ended log.
    writer = RedisEvents(redis_url, namespace="test")
    reader = RedisEvents(redis_url, namespace="test")
    try:
        for text in ("被删掉的回答", "新的回答"):
            await writer.append(9, "started", {})
            await writer.append(9, "delta", {"text": text})
            await writer.append(9, LAST, {})
            assert writer._writing is not None
            await asyncio.wait([writer._writing])  # sent to Redis
            for log in (writer, reader):
                events = await _read(log, 9)
                assert [(n, d.get("text")) for n, _, d in events] == [(1, None), (2, text), (3, None)], log
    finally:
        await writer.aclose()
        await reader.aclose()
