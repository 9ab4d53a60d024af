"""The part of Ernie and AsyncErnie that does no I/O: configuration, preparing a call, and what to do
after a failure (refresh the token, wait and retry, or give up). `_client.py` adds the send loops."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._auth import StaticTokenAuth, describe, install_log_redaction
from zuoye.ernie._base import PreparedChat, decode_json, request_id_of
from zuoye.ernie._config import Credentials, TimeoutLike, TokenCacheLike, resolve
from zuoye.ernie._errors import AccessTokenError, APIError, AuthenticationError, ErnieError, RateLimitError
from zuoye.ernie._models import MODELS
from zuoye.ernie._protocols import prepare, retired
from zuoye.ernie._ratelimit import Limiter
from zuoye.ernie._replies_v2 import error_from_v2
from zuoye.ernie._tokens import input_size
from zuoye.ernie.types import ChatResponse, RateLimitInfo

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
    output_estimate: int = 0
    limit_key: str | None = None  # the limiter's budget: <credential id>/<model>


class ClientCore:
    """Shared by Ernie and AsyncErnie; see Ernie for the arguments."""

    def __init__(
        self,
        *,
        credentials: Credentials,
        protocol: str | None,
        base_url: str | None,
        iam_base_url: str | None,
        timeout: TimeoutLike,
        max_retries: int,
        retry_delay: float,
        rpm: int | None,
        tpm: int | None,
        input_tpm: int | None,
        output_tpm: int | None,
        rate_limiter: Limiter | None,
        token_cache: TokenCacheLike,
    ) -> None:
        self._config = resolve(
            credentials=credentials,
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
    def protocol(self) -> str:
        """ "v2" (Qianfan's OpenAI-compatible interface), "v1" (retired by Baidu on 2026-08-31) or
        "openai" (another OpenAI-compatible server)."""
        return self._config.protocol

    @property
    def credentials(self) -> str:
        """Which kind of credentials are in use, e.g. 'API Key/Secret Key (QIANFAN_AK/QIANFAN_SK)'."""
        return describe(self._auth)

    @property
    def rate_limiter(self) -> Limiter | None:
        return self._limiter

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(protocol={self.protocol!r}, base_url={self.base_url!r}, "
            f"credentials={self.credentials!r})"
        )

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
        if model is None and endpoint is None and self.protocol != "openai":
            model = DEFAULT_MODEL
        given = {k: v for k, v in params.items() if v is not None}
        prepared = prepare(
            self.protocol,
            model=model,
            endpoint=endpoint,
            messages=messages,
            params=given,
            stream=stream,
            extra_body=extra_body,
        )
        attempt = Attempt()
        if self._limiter is not None:
            attempt.limit_key = f"{self._config.credential_id}/{prepared.model.name.lower()}"
            attempt.estimate = input_size(prepared.messages, system=prepared.system)[1]
            most = given.get("max_output_tokens") or given.get("max_completion_tokens")
            attempt.output_estimate = most if isinstance(most, int) else C.OUTPUT_TOKENS_ESTIMATE
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

    def _models_request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request | None:
        """GET …/models, or None on v1 (which has no such list: the built-in table answers)."""
        if self.protocol == "v1":
            return None
        path = C.V2_MODELS_PATH if self.protocol == "v2" else C.OPENAI_MODELS_PATH
        return http.build_request("GET", self._config.base_url + path, headers={"Accept": "application/json"})

    def _parse_models(self, response: httpx.Response) -> list[str]:
        """The model ids of an OpenAI-style list `{"data": [{"id": ...}, ...]}`, or raise its error."""
        request_id = request_id_of(response.headers)
        data = decode_json(response.content, status=response.status_code, request_id=request_id)
        if "error" in data or "error_code" in data or response.status_code >= 400:
            raise error_from_v2(response.status_code, data, request_id=request_id)
        items = data.get("data")
        if not isinstance(items, list):
            raise APIError(
                "the model list is not an OpenAI-style list ({'data': [...]})",
                http_status=response.status_code,
                request_id=request_id,
            )
        return sorted({str(m["id"]) for m in items if isinstance(m, dict) and m.get("id")})

    @staticmethod
    def _table_models() -> list[str]:
        return list(MODELS)

    def _limit_wait(self, attempt: Attempt) -> float:
        """Seconds to wait before sending; negative: nothing reserved yet, wait and ask again."""
        if self._limiter is None:
            return 0.0
        return self._limiter.reserve(attempt.estimate, attempt.output_estimate, key=attempt.limit_key)

    def _observe(self, info: RateLimitInfo | None, attempt: Attempt) -> None:
        if self._limiter is not None:
            self._limiter.observe(info, key=attempt.limit_key)

    def _succeeded(self, result: ChatResponse, attempt: Attempt, *, observed: bool = False) -> None:
        """`observed`: the reply's rate-limit headers were seen already (a stream's, when it
        began); a shared limiter pays a round trip to Redis for each observation."""
        if self._limiter is not None:
            if not observed:
                self._limiter.observe(result.ratelimit, key=attempt.limit_key)
            usage = result.usage
            self._limiter.settle(
                attempt.estimate,
                usage.total_tokens,
                output_estimated=attempt.output_estimate,
                input_actual=usage.prompt_tokens,
                output_actual=usage.completion_tokens,
                key=attempt.limit_key,
            )

    def _after_failure(
        self,
        error: ErnieError,
        request: httpx.Request | None,
        attempt: Attempt,
        prepared: PreparedChat | None = None,
    ) -> float:
        """Seconds to wait before the next attempt; raises `error` when there is none to make.

        Call it outside any `except` block: the error is raised from here, and raising inside a
        handler would chain the handled (httpx) exception, whose request URL holds the token.
        """
        if prepared is not None:
            error = retired(error, prepared)
        # v1's 110/111, or a 401 on v2 with a fetched (IAM) bearer token: the token died before its
        # expiry (revoked, or replaced elsewhere; v2 cannot tell an expired token from other 401s).
        token_died = isinstance(error, AccessTokenError) or (
            isinstance(error, AuthenticationError) and error.http_status == 401 and self.protocol == "v2"
        )
        if token_died:
            refreshable = bool(getattr(self._auth, "refreshable", False))
            if refreshable and self._auth is not None and not attempt.auth_retried and request is not None:
                # Fetch a new one and retry once; this does not count against max_retries.
                attempt.auth_retried = True
                self._auth.invalidate(request)
                log.info("token rejected (%s); fetching a new one", getattr(error, "code", None))
                return 0.0
            if isinstance(error, AccessTokenError) and isinstance(self._auth, StaticTokenAuth):
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
            self._limiter.penalize(error.kind, key=attempt.limit_key)
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
