"""Streams through the fake server, sync and async from one body: chunks and the aggregate, errors
before and during the stream, truncation, retries only before the first chunk, and closing."""

from __future__ import annotations

import httpx
import pytest

from tests.ernie._fake import FakeWenxin, chat, close, consume, err, event, make_client, stream
from zuoye.ernie import (
    APIConnectionError,
    AsyncChatStream,
    ChatChunk,
    ChatStream,
    Ernie,
    IncompleteStreamError,
    ServerBusyError,
    StreamError,
)

pytestmark = pytest.mark.anyio

SENTENCES = ["以下是解题步骤：", "第一步，因式分解。", "所以 x = 2 或 x = 3。"]


def answer(n: int = 3, **last: object) -> list[dict[str, object]]:
    events = [event(SENTENCES[i % 3], sentence_id=i, is_end=i == n - 1) for i in range(n)]
    events[-1].update(last)
    return events


async def test_chunks_then_the_aggregated_reply(sync: bool, fake: FakeWenxin) -> None:
    reply, _ = stream(answer(finish_reason="normal"), headers={"X-Ratelimit-Remaining-Requests": "9"})
    fake.replies.append(reply)
    client = make_client(sync, fake)
    s = await chat(client, stream=True)
    assert isinstance(s, ChatStream if sync else AsyncChatStream)
    chunks = await consume(s)
    assert [c.result for c in chunks] == SENTENCES
    assert [c.sentence_id for c in chunks] == [0, 1, 2]
    assert [c.is_end for c in chunks] == [False, False, True]
    assert chunks[1].usage.total_tokens == 5  # cumulative per event
    r = s.response
    assert r.result == "".join(SENTENCES)
    assert r.usage.total_tokens == 6 and r.usage.completion_tokens == 3  # the last event's
    assert (r.id, r.finish_reason, r.request_id) == ("as-test", "normal", "req-stream")
    assert r.ratelimit is not None and r.ratelimit.remaining_requests == 9
    assert s.completed and s.text == r.result
    assert fake.chat_bodies()[0]["stream"] is True
    await close(client)


@pytest.mark.parametrize("pieces", [1, 7, 400])
async def test_events_split_across_many_reads(sync: bool, fake: FakeWenxin, pieces: int) -> None:
    reply, _ = stream(answer(), pieces=pieces)
    fake.replies.append(reply)
    client = make_client(sync, fake)
    s = await chat(client, stream=True)
    assert [c.result for c in await consume(s)] == SENTENCES
    await close(client)


async def test_function_call_in_a_stream(sync: bool, fake: FakeWenxin) -> None:
    call = {"name": "solve", "thoughts": "要解方程", "arguments": '{"eq":"x^2-5x+6=0"}'}
    reply, _ = stream([event("", is_end=True, function_call=call)])
    fake.replies.append(reply)
    client = make_client(sync, fake)
    fns = [{"name": "solve", "description": "解方程", "parameters": {"type": "object", "properties": {}}}]
    s = await chat(client, model="ERNIE-3.5-8K", functions=fns, stream=True)
    chunks = await consume(s)
    assert chunks[0].function_call is not None and chunks[0].function_call.name == "solve"
    assert s.response.function_call is not None
    assert s.response.function_call.parsed_arguments() == {"eq": "x^2-5x+6=0"}
    assert s.response.finish_reason == "function_call"
    await close(client)


async def test_error_before_the_stream_arrives_as_json(sync: bool, fake: FakeWenxin) -> None:
    good, _ = stream(answer())
    fake.replies.extend([err(336100, "与我互动的人过多"), good])
    client = make_client(sync, fake)
    s = await chat(client, stream=True)  # retried: nothing had been streamed yet
    assert [c.result for c in await consume(s)] == SENTENCES
    assert fake.chat_requests == 2
    fake.replies.append(err(17, "Open api daily request limit reached"))
    from zuoye.ernie import QuotaExceededError

    with pytest.raises(QuotaExceededError, match="billing"):
        await chat(client, stream=True)
    await close(client)


@pytest.mark.parametrize("bare", [True, False], ids=["bare-line", "data-event"])
async def test_error_mid_stream_raises_and_is_not_retried(sync: bool, fake: FakeWenxin, bare: bool) -> None:
    error = '{"error_code":336100,"error_msg":"busy"}'
    reply, bodies = stream([event("第一句。"), (error + "\n") if bare else f"data: {error}\n\n"])
    fake.replies.append(reply)
    client = make_client(sync, fake, max_retries=3)
    s = await chat(client, stream=True)
    seen: list[ChatChunk] = []
    with pytest.raises(ServerBusyError, match="busy"):
        await consume(s, into=seen)
    assert [c.result for c in seen] == ["第一句。"]
    assert fake.chat_requests == 1  # the first chunk was out: never replayed
    assert s.snapshot().result == "第一句。" and not s.completed
    with pytest.raises(StreamError, match="not finished"):
        _ = s.response
    assert bodies[0].closed
    await close(client)


async def test_malformed_event_fails_clearly(sync: bool, fake: FakeWenxin) -> None:
    # The seed document's own example event: `,is_truncated":false` lacks a quote.
    bad = 'data: {"id":"as-1","sentence_id":1,"is_end":false,is_truncated":false,"result":"x"}\n\n'
    reply, bodies = stream([event("好的，"), bad])
    fake.replies.append(reply)
    client = make_client(sync, fake)
    s = await chat(client, stream=True)
    with pytest.raises(StreamError, match="malformed event") as info:
        await consume(s)
    assert info.value.partial_result == "好的，"
    assert bodies[0].closed
    await close(client)


async def test_stream_that_ends_without_is_end(sync: bool, fake: FakeWenxin) -> None:
    reply, _ = stream([event("一。", sentence_id=0), event("二。", sentence_id=1)])
    fake.replies.append(reply)
    client = make_client(sync, fake)
    s = await chat(client, stream=True)
    with pytest.raises(IncompleteStreamError, match="without the final is_end") as info:
        await consume(s)
    assert info.value.partial_result == "一。二。"
    assert s.snapshot().result == "一。二。"
    await close(client)


async def test_connection_lost_after_the_first_chunk_is_not_retried(sync: bool, fake: FakeWenxin) -> None:
    reply, _ = stream([event("一。")], error=httpx.ReadError("connection reset by peer"))
    fake.replies.append(reply)
    client = make_client(sync, fake, max_retries=3)
    s = await chat(client, stream=True)
    with pytest.raises(APIConnectionError, match="connection reset"):
        await consume(s)
    assert fake.chat_requests == 1
    await close(client)


async def test_connection_lost_before_the_first_chunk_is_retried(sync: bool, fake: FakeWenxin) -> None:
    broken, _ = stream([": keep-alive\n"], error=httpx.ReadError("connection reset by peer"))
    good, _ = stream(answer())
    fake.replies.extend([broken, good])
    client = make_client(sync, fake, max_retries=1)
    s = await chat(client, stream=True)
    assert [c.result for c in await consume(s)] == SENTENCES
    assert fake.chat_requests == 2
    await close(client)


async def test_breaking_out_closes_the_connection(sync: bool, fake: FakeWenxin) -> None:
    reply, bodies = stream(answer(3), pieces=3)
    fake.replies.append(reply)
    client = make_client(sync, fake)
    s = await chat(client, stream=True)
    if isinstance(s, ChatStream):
        with s:
            for _ in s:
                break
    else:
        async with s:
            async for _ in s:
                break
    assert bodies[0].closed
    assert bodies[0].delivered < 3  # the rest was never read
    await close(client)


def test_breaking_out_of_a_plain_for_loop_closes_it(fake: FakeWenxin) -> None:
    reply, bodies = stream(answer(3), pieces=3)
    fake.replies.append(reply)
    client = Ernie(api_key="test-ak", secret_key="test-sk", transport=fake.transport())
    s = client.chat(messages=[{"role": "user", "content": "你好"}], stream=True)
    for _ in s:
        break  # no `with`: the iterator's cleanup still closes the response
    assert bodies[0].closed
    client.close()


async def test_final_response_reads_the_rest(sync: bool, fake: FakeWenxin) -> None:
    reply, bodies = stream(answer(3), pieces=3)
    fake.replies.append(reply)
    client = make_client(sync, fake)
    s = await chat(client, stream=True)
    r = s.get_final_response() if isinstance(s, ChatStream) else await s.get_final_response()
    assert r.result == "".join(SENTENCES)
    assert bodies[0].closed
    await close(client)


async def test_a_plain_json_answer_to_a_stream_request(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake)  # the fake's default reply is JSON
    s = await chat(client, stream=True)
    chunks = await consume(s)
    assert len(chunks) == 1 and chunks[0].is_end and chunks[0].result == "你好"
    assert s.response.result == "你好"
    await close(client)
