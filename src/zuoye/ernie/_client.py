"""Ernie: the sync send loops around the shared core (`_core.py`, `_base.py`); AsyncErnie
(`_async_client.py`) is the same loops with `await`.

Each loop: wait for the rate limiter, send, turn the response into a result or a typed error, and
ask the core whether to refresh the token, wait and retry, or raise. A stream is only retried until
its first chunk has arrived: `chat(stream=True)` returns once that chunk is in hand, so everything
before it (the token, the connection, an error answered as JSON, an error line) is retryable and
nothing after it is replayed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from types import TracebackType
from typing import Any, Literal, Unpack, overload

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import PreparedChat, error_from_transport, is_event_stream
from zuoye.ernie._config import Credentials, TimeoutLike, TokenCacheLike
from zuoye.ernie._core import Attempt, ClientCore
from zuoye.ernie._errors import ErnieError, ValidationError
from zuoye.ernie._protocols import parse, stream_state
from zuoye.ernie._ratelimit import Limiter
from zuoye.ernie._streaming import ChatStream
from zuoye.ernie.types import ChatChunk, ChatParams, ChatResponse

Messages = Sequence[Mapping[str, Any]]


class Ernie(ClientCore):
    """The Wenxin (Qianfan v1) chat client.

    Credentials (explicit arguments win; if any is given the environment's are ignored):
    `api_key`/`secret_key` (QIANFAN_AK/QIANFAN_SK) are exchanged for an access token, shared by every
    client in the process with the same keys and refreshed ahead of expiry; `access_token`
    (QIANFAN_ACCESS_TOKEN) is used as given; `access_key`/`secret_access_key` (the IAM keys,
    QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY) sign each request with bce-auth-v1. Without any, the
    constructor raises MissingCredentialsError (check first with `credentials_configured()`); half
    a key pair raises InvalidCredentialsError.

    `base_url` (QIANFAN_BASE_URL, default https://aip.baidubce.com); `timeout` seconds or an
    httpx.Timeout; `max_retries` counts retries (0 = one attempt); `retry_delay` is the first backoff
    in seconds (0 = retry at once); `rpm`/`tpm` turn on a client-side limiter (or share one with
    `rate_limiter=`); `token_cache=True` or a path keeps the access token in a 0600 file between runs
    (or pass a TokenStore to control sharing).
    `transport` replaces the HTTP transport (tests: httpx.MockTransport); `http_client` replaces the
    whole httpx.Client (then closing it is yours). One connection pool per client: `close()` or `with`.
    """

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
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
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
        self._http = http_client or httpx.Client(
            transport=transport,
            timeout=self._config.timeout,
            headers={"User-Agent": C.USER_AGENT},
            follow_redirects=False,
        )

    def close(self) -> None:
        """Close the connection pool (not a pool passed in as http_client)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Ernie:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @overload
    def chat(
        self,
        *,
        messages: Messages,
        model: str | None = None,
        endpoint: str | None = None,
        stream: Literal[False] = False,
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutLike = None,
        **params: Unpack[ChatParams],
    ) -> ChatResponse: ...

    @overload
    def chat(
        self,
        *,
        messages: Messages,
        model: str | None = None,
        endpoint: str | None = None,
        stream: Literal[True],
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutLike = None,
        **params: Unpack[ChatParams],
    ) -> ChatStream: ...

    def chat(
        self,
        *,
        messages: Messages,
        model: str | None = None,
        endpoint: str | None = None,
        stream: bool = False,
        extra_body: Mapping[str, Any] | None = None,
        timeout: TimeoutLike = None,
        **params: Unpack[ChatParams],
    ) -> ChatResponse | ChatStream:
        """Send a conversation and return the reply (or, with stream=True, a ChatStream).

        `model` is a name or alias from MODELS (default ERNIE-4.0-8K); `endpoint` reaches any other
        chat endpoint. The optional parameters (system, temperature, top_p, penalty_score, stop,
        max_output_tokens, functions, tool_choice, user_id, ...) are checked against the model's
        documented rules before sending; `extra_body` adds parameters this library does not know.
        """
        prepared, attempt = self._prepare(
            model=model,
            endpoint=endpoint,
            messages=messages,
            stream=stream,
            extra_body=extra_body,
            params=dict(params),
        )
        if prepared.stream:
            return self._open_stream(prepared, attempt, timeout)
        return self._complete(prepared, attempt, timeout)

    def models(self) -> list[str]:
        """The ids of the models this account may call (`GET /v2/models`; an OpenAI-compatible
        server's `GET /models`); on v1, which has no such list, the built-in table's names."""
        request = self._models_request(self._http)
        if request is None:
            return self._table_models()
        attempt = Attempt()
        while True:
            error: ErnieError
            try:
                response = self._http.send(request, auth=self._auth)
                return self._parse_models(response)
            except httpx.HTTPError as exc:
                error = error_from_transport(exc)
            except ErnieError as exc:
                error = exc
            delay = self._after_failure(error, request, attempt)
            if delay > 0:
                time.sleep(delay)
            request = self._models_request(self._http)
            assert request is not None

    def _complete(self, prepared: PreparedChat, attempt: Attempt, timeout: TimeoutLike) -> ChatResponse:
        while True:
            while (wait := self._limit_wait(attempt)) < 0:
                time.sleep(-wait)  # a low-priority call: nothing reserved yet
            if wait > 0:
                time.sleep(wait)
            request = self._request(self._http, prepared, timeout)
            error: ErnieError
            try:
                response = self._http.send(request, auth=self._auth)
            except httpx.HTTPError as exc:
                error = error_from_transport(exc)
            except ErnieError as exc:  # from the token exchange inside the auth flow
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
                time.sleep(delay)

    def _open_stream(self, prepared: PreparedChat, attempt: Attempt, timeout: TimeoutLike) -> ChatStream:
        while True:
            while (wait := self._limit_wait(attempt)) < 0:
                time.sleep(-wait)  # a low-priority call: nothing reserved yet
            if wait > 0:
                time.sleep(wait)
            request = self._request(self._http, prepared, timeout)
            error: ErnieError
            try:
                response = self._http.send(request, auth=self._auth, stream=True)
            except httpx.HTTPError as exc:
                error = error_from_transport(exc)
            except ErnieError as exc:
                error = exc
            else:
                try:
                    return self._first_chunk(response, prepared, attempt)
                except httpx.HTTPError as exc:
                    response.close()
                    error = error_from_transport(exc)
                except ErnieError as exc:
                    response.close()
                    error = exc
            delay = self._after_failure(error, request, attempt, prepared)
            if delay > 0:
                time.sleep(delay)

    def _first_chunk(self, response: httpx.Response, prepared: PreparedChat, attempt: Attempt) -> ChatStream:
        state = stream_state(prepared, response)
        self._observe(state.ratelimit, attempt)

        def on_complete(result: ChatResponse) -> None:
            self._succeeded(result, attempt, observed=True)

        if not is_event_stream(response):
            response.read()
            response.close()
            return ChatStream(response, iter(()), state, state.add_json_response(response), on_complete)
        chunks = response.iter_bytes()
        first: list[ChatChunk] = []
        for data in chunks:
            first = state.feed(data)
            if first:
                break
        else:
            first = state.end()
        return ChatStream(response, chunks, state, first, on_complete)
