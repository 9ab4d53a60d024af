"""AsyncErnie: the asyncio send loops, line for line the ones of `Ernie` (`_client.py`) with
`await`; everything that does no I/O is shared through `_core.py`, `_base.py` and `_streaming.py`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from types import TracebackType
from typing import Any, Literal, Unpack, overload

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import PreparedChat, error_from_transport, is_event_stream
from zuoye.ernie._client import Messages
from zuoye.ernie._config import Credentials, TimeoutLike, TokenCacheLike
from zuoye.ernie._core import Attempt, ClientCore
from zuoye.ernie._errors import ErnieError, ValidationError
from zuoye.ernie._protocols import parse, stream_state
from zuoye.ernie._ratelimit import Limiter
from zuoye.ernie._streaming import AsyncChatStream
from zuoye.ernie.types import ChatChunk, ChatParams, ChatResponse


async def _sleep(seconds: float) -> None:
    import asyncio  # here, not at the top: only async callers should pay for importing asyncio

    await asyncio.sleep(seconds)


class AsyncErnie(ClientCore):
    """The asyncio client: the same arguments and behaviour as Ernie; `chat()` is awaited, and with
    stream=True returns an AsyncChatStream for `async for`. `http_client` is an httpx.AsyncClient."""

    def __init__(
        self,
        *,
        bearer_token: str | None = None,
        api_key: str | None = None,
        secret_key: str | None = None,
        access_token: str | None = None,
        access_key: str | None = None,
        secret_access_key: str | None = None,
        app_id: str | None = None,
        protocol: Literal["v1", "v2", "openai"] | None = None,
        base_url: str | None = None,
        iam_base_url: str | None = None,
        timeout: TimeoutLike = None,
        max_retries: int = C.DEFAULT_MAX_RETRIES,
        retry_delay: float = C.INITIAL_RETRY_DELAY,
        rpm: int | None = None,
        tpm: int | None = None,
        input_tpm: int | None = None,
        output_tpm: int | None = None,
        rate_limiter: Limiter | None = None,
        token_cache: TokenCacheLike = None,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            credentials=Credentials(
                bearer_token, api_key, secret_key, access_token, access_key, secret_access_key, app_id
            ),
            protocol=protocol,
            base_url=base_url,
            iam_base_url=iam_base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_delay=retry_delay,
            rpm=rpm,
            tpm=tpm,
            input_tpm=input_tpm,
            output_tpm=output_tpm,
            rate_limiter=rate_limiter,
            token_cache=token_cache,
        )
        if http_client is not None and transport is not None:
            raise ValidationError("give transport= or http_client=, not both", field="transport")
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(
            transport=transport,
            timeout=self._config.timeout,
            headers={"User-Agent": C.USER_AGENT},
            follow_redirects=False,
        )

    async def close(self) -> None:
        """Close the connection pool (not a pool passed in as http_client)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncErnie:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    @overload
    async def chat(
        self,
        *,
        messages: Messages,
        model: str | None = None,
        endpoint: str | None = None,
        stream: Literal[False] = False,
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutLike = None,  # noqa: ASYNC109 (the HTTP timeout, as in httpx)
        **params: Unpack[ChatParams],
    ) -> ChatResponse: ...

    @overload
    async def chat(
        self,
        *,
        messages: Messages,
        model: str | None = None,
        endpoint: str | None = None,
        stream: Literal[True],
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutLike = None,  # noqa: ASYNC109 (the HTTP timeout, as in httpx)
        **params: Unpack[ChatParams],
    ) -> AsyncChatStream: ...

    async def chat(
        self,
        *,
        messages: Messages,
        model: str | None = None,
        endpoint: str | None = None,
        stream: bool = False,
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutLike = None,  # noqa: ASYNC109 (the HTTP timeout, as in httpx)
        **params: Unpack[ChatParams],
    ) -> ChatResponse | AsyncChatStream:
        """See Ernie.chat."""
        prepared, attempt = self._prepare(
            model=model,
            endpoint=endpoint,
            messages=messages,
            stream=stream,
            extra_body=extra_body,
            params=dict(params),
        )
        if prepared.stream:
            return await self._open_stream(prepared, attempt, timeout)
        return await self._complete(prepared, attempt, timeout)

    async def models(self) -> list[str]:
        """See Ernie.models."""
        request = self._models_request(self._http)
        if request is None:
            return self._table_models()
        attempt = Attempt()
        while True:
            error: ErnieError
            try:
                response = await self._http.send(request, auth=self._auth)
                return self._parse_models(response)
            except httpx.HTTPError as exc:
                error = error_from_transport(exc)
            except ErnieError as exc:
                error = exc
            delay = self._after_failure(error, request, attempt)
            if delay > 0:
                await _sleep(delay)
            request = self._models_request(self._http)
            assert request is not None

    async def _complete(
        self, prepared: PreparedChat, attempt: Attempt, request_timeout: TimeoutLike
    ) -> ChatResponse:
        while True:
            while (wait := self._limit_wait(attempt)) < 0:
                await _sleep(-wait)  # a low-priority call: nothing reserved yet
            if wait > 0:
                await _sleep(wait)
            request = self._request(self._http, prepared, request_timeout)
            error: ErnieError
            try:
                response = await self._http.send(request, auth=self._auth)
            except httpx.HTTPError as exc:
                error = error_from_transport(exc)
            except ErnieError as exc:
                error = exc
            else:
                try:
                    result = parse(prepared, response, response.content)
                except ErnieError as exc:
                    error = exc
                else:
                    self._succeeded(result, attempt)
                    return result
            delay = self._after_failure(error, request, attempt, prepared)
            if delay > 0:
                await _sleep(delay)

    async def _open_stream(
        self, prepared: PreparedChat, attempt: Attempt, request_timeout: TimeoutLike
    ) -> AsyncChatStream:
        while True:
            while (wait := self._limit_wait(attempt)) < 0:
                await _sleep(-wait)  # a low-priority call: nothing reserved yet
            if wait > 0:
                await _sleep(wait)
            request = self._request(self._http, prepared, request_timeout)
            error: ErnieError
            try:
                response = await self._http.send(request, auth=self._auth, stream=True)
            except httpx.HTTPError as exc:
                error = error_from_transport(exc)
            except ErnieError as exc:
                error = exc
            else:
                try:
                    return await self._first_chunk(response, prepared, attempt)
                except httpx.HTTPError as exc:
                    await response.aclose()
                    error = error_from_transport(exc)
                except ErnieError as exc:
                    await response.aclose()
                    error = exc
            delay = self._after_failure(error, request, attempt, prepared)
            if delay > 0:
                await _sleep(delay)

    async def _first_chunk(
        self, response: httpx.Response, prepared: PreparedChat, attempt: Attempt
    ) -> AsyncChatStream:
        state = stream_state(prepared, response)
        self._observe(state.ratelimit, attempt)

        def on_complete(result: ChatResponse) -> None:
            self._succeeded(result, attempt, observed=True)

        if not is_event_stream(response):
            await response.aread()
            await response.aclose()
            return AsyncChatStream(
                response, _no_bytes(), state, state.add_json_response(response), on_complete
            )
        chunks = response.aiter_bytes()
        first: list[ChatChunk] = []
        async for data in chunks:
            first = state.feed(data)
            if first:
                break
        else:
            first = state.end()
        return AsyncChatStream(response, chunks, state, first, on_complete)


async def _no_bytes() -> AsyncIterator[bytes]:
    """An empty async iterator of bytes: the JSON reply was read in full already."""
    nothing: tuple[bytes, ...] = ()
    for item in nothing:
        yield item
