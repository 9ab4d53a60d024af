"""The part of Ernie and AsyncErnie that does no I/O: configuration, preparing a call, and what to do
after a failure (refresh the token, wait and retry, or give up). `_client.py` adds the send loops."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from zuoye.ernie._auth import AccessTokenAuth, describe, install_log_redaction
from zuoye.ernie._base import PreparedChat, prepare_chat
from zuoye.ernie._config import TimeoutLike, TokenCacheLike, resolve
from zuoye.ernie._errors import AccessTokenError, ErnieError, RateLimitError
from zuoye.ernie._ratelimit import RateLimiter
from zuoye.ernie._tokens import input_size
from zuoye.ernie.types import ChatResponse

log = logging.getLogger("zuoye.ernie")

# The model the seed application is bound to; used when neither model= nor endpoint= is given.
DEFAULT_MODEL = "ERNIE-4.0-8K"

_HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}


@dataclass(slots=True)
class Attempt:
    """Bookkeeping of one call across its attempts."""

    retries: int = 0
    auth_retried: bool = False
    estimate: int = 0


class ClientCore:
    """Shared by Ernie and AsyncErnie; see Ernie for the arguments."""

    def __init__(
        self,
        *,
        api_key: str | None,
        secret_key: str | None,
        access_token: str | None,
        access_key: str | None,
        secret_access_key: str | None,
        base_url: str | None,
        timeout: TimeoutLike,
        max_retries: int,
        retry_delay: float,
        rpm: int | None,
        tpm: int | None,
        rate_limiter: RateLimiter | None,
        token_cache: TokenCacheLike,
    ) -> None:
        self._config = resolve(
            api_key=api_key,
            secret_key=secret_key,
            access_token=access_token,
            access_key=access_key,
            secret_access_key=secret_access_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            retry_delay=retry_delay,
            rpm=rpm,
            tpm=tpm,
            rate_limiter=rate_limiter,
            token_cache=token_cache,
        )
        self._auth = self._config.auth
        self._limiter = self._config.limiter
        self._retry = self._config.retry
        self._urls: dict[str, httpx.URL] = {}
        install_log_redaction()

    # ------------------------------------------------------------------ public, no I/O

    @property
    def base_url(self) -> str:
        return self._config.base_url

    @property
    def credentials(self) -> str:
        """Which kind of credentials are in use, e.g. 'API Key/Secret Key (QIANFAN_AK/QIANFAN_SK)'."""
        return describe(self._auth)

    @property
    def rate_limiter(self) -> RateLimiter | None:
        return self._limiter

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, credentials={self.credentials!r})"

    # ------------------------------------------------------------------ per call

    def _prepare(
        self,
        *,
        model: str | None,
        endpoint: str | None,
        messages: Sequence[Mapping[str, Any]],
        stream: bool,
        extra_body: Mapping[str, Any] | None,
        params: dict[str, Any],
    ) -> tuple[PreparedChat, Attempt]:
        if model is None and endpoint is None:
            model = DEFAULT_MODEL
        given = {k: v for k, v in params.items() if v is not None}
        prepared = prepare_chat(
            model=model,
            endpoint=endpoint,
            messages=messages,
            params=given,
            stream=stream,
            extra_body=extra_body,
        )
        attempt = Attempt()
        if self._limiter is not None:
            attempt.estimate = input_size(prepared.messages, system=prepared.system)[1]
        return prepared, attempt

    def _request(
        self, http: httpx.Client | httpx.AsyncClient, prepared: PreparedChat, timeout: TimeoutLike
    ) -> httpx.Request:
        url = self._urls.get(prepared.path)
        if url is None:  # one parsed URL per endpoint, reused: parsing costs more than the rest
            url = self._urls[prepared.path] = httpx.URL(self._config.base_url + prepared.path)
        return http.build_request(
            "POST",
            url,
            content=prepared.body,
            headers=_HEADERS,
            timeout=httpx.USE_CLIENT_DEFAULT if timeout is None else timeout,
        )

    def _limit_wait(self, attempt: Attempt) -> float:
        return 0.0 if self._limiter is None else self._limiter.reserve(attempt.estimate)

    def _succeeded(self, result: ChatResponse, attempt: Attempt) -> None:
        if self._limiter is not None:
            self._limiter.observe(result.ratelimit)
            self._limiter.settle(attempt.estimate, result.usage.total_tokens)

    def _after_failure(self, error: ErnieError, request: httpx.Request | None, attempt: Attempt) -> float:
        """Seconds to wait before the next attempt; raises `error` when there is none to make.

        Call it outside any `except` block: the error is raised from here, and raising inside a
        handler would chain the handled (httpx) exception, whose request URL holds the token.
        """
        if isinstance(error, AccessTokenError):
            if isinstance(self._auth, AccessTokenAuth) and not attempt.auth_retried and request is not None:
                # 110/111: the token died before its expiry (revoked, or replaced elsewhere). Fetch a
                # new one and retry once; this does not count against max_retries.
                attempt.auth_retried = True
                self._auth.invalidate(request)
                log.info("access token rejected (error_code %s); fetching a new one", error.error_code)
                return 0.0
            if not isinstance(self._auth, AccessTokenAuth):
                error = AccessTokenError(
                    f"{error.message}; this client was given a ready access token, which it cannot refresh: "
                    "set a new QIANFAN_ACCESS_TOKEN, or QIANFAN_AK/QIANFAN_SK so tokens are fetched and "
                    "refreshed automatically",
                    error_code=error.error_code,
                    error_msg=error.error_msg,
                    request_id=error.request_id,
                    http_status=error.http_status,
                )
        if isinstance(error, RateLimitError) and error.retryable and self._limiter is not None:
            self._limiter.penalize(error.kind)
        if not self._retry.should_retry(error, attempt.retries):
            raise error
        delay = self._retry.delay(error, attempt.retries)
        attempt.retries += 1
        log.info(
            "retrying in %.2fs (retry %d of %d) after %s: %s",
            delay,
            attempt.retries,
            self._retry.max_retries,
            type(error).__name__,
            error.message,
        )
        return delay
