"""No key, secret or token in any message, repr, log record or exception chain."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import httpx
import pytest

from tests.ernie._fake import FakeWenxin, chat, close, consume, err, event, make_client, stream
from zuoye.ernie import (
    AccessTokenAuth,
    AccessTokenError,
    APIConnectionError,
    AsyncErnie,
    BceSigningAuth,
    Ernie,
    ErnieError,
    StaticTokenAuth,
    TokenStore,
)

pytestmark = pytest.mark.anyio

AK, SK = "ak-never-shown", "sk-never-shown"


def secrets(fake: FakeWenxin) -> list[str]:
    return [AK, SK, *(f"tok-{i}" for i in range(1, fake.issued + 1))]


def chain(exc: BaseException | None) -> Iterator[BaseException]:
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def assert_clean(exc: BaseException, words: list[str]) -> None:
    for e in chain(exc):
        for text in (str(e), repr(e), *(str(a) for a in e.args)):
            for word in words:
                assert word not in text, f"{word!r} leaked in {type(e).__name__}: {text}"


async def test_transport_error_whose_url_holds_the_token(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake, api_key=AK, secret_key=SK, max_retries=0)
    await chat(client)  # tok-1 is issued and cached

    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot connect to {request.url}", request=request)

    fake.replies.append(fail)
    with pytest.raises(APIConnectionError) as info:
        await chat(client)
    assert "access_token=***" in str(info.value)  # still says what failed
    assert info.value.__cause__ is None and info.value.__context__ is None  # no httpx exception behind it
    assert_clean(info.value, secrets(fake))
    await close(client)


async def test_token_exchange_failure_whose_url_holds_the_secret_key(sync: bool, fake: FakeWenxin) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot connect to {request.url}", request=request)

    fake.token_replies.append(fail)
    client = make_client(sync, fake, api_key=AK, secret_key=SK, max_retries=0)
    with pytest.raises(APIConnectionError) as info:
        await chat(client)
    assert_clean(info.value, [AK, SK])
    await close(client)


async def test_service_echoing_a_credential_in_its_message(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake, api_key=None, secret_key=None, access_token="ready-token-123")
    fake.valid.add("ready-token-123")
    fake.replies.append(err(110, "Access token invalid: ready-token-123"))
    with pytest.raises(AccessTokenError) as info:
        await chat(client)
    assert_clean(info.value, ["ready-token-123"])
    assert info.value.error_msg == "Access token invalid: ***"
    fake.token_replies.append(
        lambda request: httpx.Response(
            401, json={"error": "invalid_client", "error_description": f"bad id {AK}"}
        )
    )
    other = make_client(sync, fake, api_key=AK, secret_key=SK)
    with pytest.raises(ErnieError) as rejected:
        await chat(other)
    assert_clean(rejected.value, [AK, SK])
    await close(client)
    await close(other)


async def test_stream_errors_carry_no_token(sync: bool, fake: FakeWenxin) -> None:
    client = make_client(sync, fake, api_key=AK, secret_key=SK)
    await chat(client)
    reply, _ = stream([event("一"), "data: {broken access_token=tok-1\n\n"])
    fake.replies.append(reply)
    s = await chat(client, stream=True)
    with pytest.raises(ErnieError) as info:
        await consume(s)
    assert_clean(info.value, secrets(fake))
    await close(client)


async def test_log_records_at_debug(sync: bool, fake: FakeWenxin, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(sync, fake, api_key=AK, secret_key=SK, max_retries=2)
    fake.replies.append(err(336100, "busy"))
    await chat(client)  # token exchange, a retry
    fake.revoke_all()
    await chat(client)  # 110, refresh, retry
    assert fake.token_requests == 2
    messages = [r.getMessage() for r in caplog.records]
    assert any(r.name == "httpx" for r in caplog.records)  # httpx did log every request line...
    assert any("access_token=***" in m for m in messages)  # ...with the token masked
    assert any("client_secret=***" in m for m in messages)
    for m in messages:
        for word in secrets(fake):
            assert word not in m, f"{word!r} leaked in a log record: {m}"
    await close(client)


def test_reprs_are_masked(fake: FakeWenxin) -> None:
    objects: list[object] = [
        Ernie(api_key=AK, secret_key=SK, transport=fake.transport()),
        AsyncErnie(api_key=AK, secret_key=SK),
        AccessTokenAuth(AK, SK, base_url="https://aip.baidubce.com"),
        StaticTokenAuth("tok-secret-1"),
        BceSigningAuth(AK, SK),
        TokenStore("k"),
    ]
    for obj in objects:
        text = repr(obj) + str(obj)
        for word in (AK, SK, "tok-secret-1"):
            assert word not in text, text
    assert "API Key/Secret Key" in repr(objects[0])
