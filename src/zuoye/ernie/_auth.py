"""Credentials as `httpx.Auth`. v2: a bearer API key, or IAM keys exchanged for a bearer token.
v1: API Key/Secret Key exchanged for an access token, a ready access token, and (in `_signing.py`)
bce-auth-v1 request signing. Fetched tokens live in a `TokenStore` (shared, refreshed ahead).

Wenxin puts credentials in the query string (`access_token=`, and `client_secret=` for the
exchange), and httpx logs every request URL at INFO. `install_log_redaction()` adds a filter to the
`httpx` logger that masks them; it runs when the first client is created, never at import, and
adds no handler.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import AsyncGenerator, Generator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import error_from_body, error_from_oauth, error_from_status
from zuoye.ernie._errors import APIError, ErnieError, InvalidCredentialsError, redact, register_secret
from zuoye.ernie._signing import BceSigningAuth, Clock, sign
from zuoye.ernie._token_store import SHARED_POLL_SECONDS, Flight, TokenStore, key_id, raise_outcome

log = logging.getLogger("zuoye.ernie")

# --------------------------------------------------------------------------- log redaction

_SECRET_MARKERS = ("access_token", "client_secret", "bce-auth-v1", "bce-v3/", "earer ")


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken record is the logging module's problem, not ours
            return True
        if any(marker in message for marker in _SECRET_MARKERS):
            record.msg = redact(message)
            record.args = None
        return True


_LOG_FILTER = _RedactingFilter("zuoye.ernie.redact")
_log_lock = threading.Lock()


def install_log_redaction() -> None:
    """Mask credentials in the `httpx` logger's request lines (idempotent)."""
    logger = logging.getLogger("httpx")
    with _log_lock:
        if _LOG_FILTER not in logger.filters:
            logger.addFilter(_LOG_FILTER)


def parse_token_response(response: httpx.Response) -> tuple[str, float]:
    """(access_token, expires_in) from the exchange's answer, or raise its error."""
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise error_from_status(
            response.status_code, response.content.decode("utf-8", "replace"), request_id=None
        )
    if "error" in data:
        raise error_from_oauth(data, http_status=response.status_code)
    if "error_code" in data:
        raise error_from_body(data, http_status=response.status_code, request_id=None)
    token = data.get("access_token")
    if not isinstance(token, str) or not token:
        raise APIError(
            "the token exchange answered without an access_token", http_status=response.status_code
        )
    try:
        expires_in = float(data.get("expires_in") or C.TOKEN_LIFETIME)
    except (TypeError, ValueError):
        expires_in = C.TOKEN_LIFETIME
    return token, expires_in


class _QueryToken:
    """Puts an access token into the query string (v1)."""

    def __init__(self) -> None:
        # URL + token -> URL with the token. Parsing and re-encoding a URL is the largest cost this
        # client adds to a call, and a client only ever asks for a handful of endpoint URLs.
        self._with_token: dict[httpx.URL, tuple[str, httpx.URL]] = {}

    def apply(self, request: httpx.Request, token: str) -> None:
        url = request.url
        hit = self._with_token.get(url)
        if hit is not None and hit[0] == token:
            request.url = hit[1]
            return
        if len(self._with_token) >= 64:
            self._with_token.clear()
        merged = url.copy_merge_params({"access_token": token})
        self._with_token[url] = (token, merged)
        request.url = merged

    @staticmethod
    def token_of(request: httpx.Request) -> str | None:
        token: str | None = request.url.params.get("access_token")
        return token


class StaticTokenAuth(httpx.Auth):
    """A ready access token (QIANFAN_ACCESS_TOKEN): used as given, never refreshed (v1)."""

    refreshable = False

    def __init__(self, token: str) -> None:
        register_secret(token)
        self._token = token
        self._query = _QueryToken()

    def __repr__(self) -> str:
        return "StaticTokenAuth(token='***')"

    def invalidate(self, request: httpx.Request) -> None:
        """Nothing to refresh: the caller is told to set a new token."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self._query.apply(request, self._token)
        yield request


class BearerAuth(httpx.Auth):
    """A v2 API key (QIANFAN_BEARER_TOKEN, `bce-v3/ALTAK-…/…`) or any OpenAI-compatible server's
    key, sent as `Authorization: Bearer …`; with an app id also the `appid` header (v2)."""

    refreshable = False

    def __init__(self, token: str, *, app_id: str | None = None) -> None:
        register_secret(token)
        self._value = f"Bearer {token}"
        self._app_id = app_id

    def __repr__(self) -> str:
        return "BearerAuth(token='***')"

    def invalidate(self, request: httpx.Request) -> None:
        """Nothing to refresh: a rejected key is reported as it is."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._value
        if self._app_id:
            request.headers["appid"] = self._app_id
        yield request


class _RefreshingAuth(httpx.Auth):
    """A token fetched with credentials, kept in a `TokenStore` (shared, refreshed ahead of its
    expiry, one fetch in flight) and put on each request. Subclasses say how to ask for the token,
    how to read the answer and where the token goes."""

    refreshable = True
    store: TokenStore

    def _token_request(self) -> httpx.Request:
        raise NotImplementedError

    def _parse_token(self, response: httpx.Response) -> tuple[str, float]:
        """(token, seconds it lives) from the answer, or raise its error."""
        raise NotImplementedError

    def _apply(self, request: httpx.Request, token: str) -> None:
        raise NotImplementedError

    def _token_of(self, request: httpx.Request) -> str | None:
        raise NotImplementedError

    def invalidate(self, request: httpx.Request) -> None:
        """The service rejected the token `request` carried: forget it (unless already replaced)."""
        self.store.invalidate(self._token_of(request))

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        while True:
            claim = self.store.claim()
            if claim.token is not None:
                token = claim.token
                break
            assert claim.flight is not None
            if claim.owner:
                token = yield from self._fetch_sync(claim.flight)
                break
            claim.flight.done.wait()
            raise_outcome(claim.flight)
        self._apply(request, token)
        yield request

    def _fetch_sync(self, flight: Flight) -> Generator[httpx.Request, httpx.Response, str]:
        try:
            while (step := self.store.coordinate(flight))[0] == "wait":
                time.sleep(SHARED_POLL_SECONDS)  # another process is fetching it for the fleet
        except BaseException:
            self.store.finish(flight)  # interrupted while waiting: let the others try
            raise
        if step[1] is not None:
            return step[1]
        log.debug("fetching a token for key %s", self.store.key_id[:8])
        outcome = _FetchOutcome()
        try:
            response = yield self._token_request()
            response.read()
            token, outcome.expires_in = self._parse_token(response)
            outcome.token = token
        except ErnieError as exc:
            outcome.error = exc
            raise
        finally:
            # Also on GeneratorExit (the exchange's connection failed): waiters then try themselves.
            self.store.finish(flight, token=outcome.token, expires_in=outcome.expires_in, error=outcome.error)
        return token

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        import asyncio

        loop = asyncio.get_running_loop()
        while True:
            claim = self.store.claim(loop=loop)
            if claim.token is not None:
                token = claim.token
                break
            assert claim.flight is not None
            if claim.owner:
                try:
                    # Polling: the fetch happens in another process, no event can tell this one.
                    while (step := self.store.coordinate(claim.flight))[0] == "wait":  # noqa: ASYNC110
                        await asyncio.sleep(SHARED_POLL_SECONDS)  # another process fetches it for the fleet
                except BaseException:
                    self.store.finish(claim.flight)  # cancelled while waiting: let the others try
                    raise
                if step[1] is not None:
                    token = step[1]
                    break
                log.debug("fetching a token for key %s", self.store.key_id[:8])
                outcome = _FetchOutcome()
                try:
                    response = yield self._token_request()
                    await response.aread()
                    token, outcome.expires_in = self._parse_token(response)
                    outcome.token = token
                except ErnieError as exc:
                    outcome.error = exc
                    raise
                finally:
                    self.store.finish(
                        claim.flight, token=outcome.token, expires_in=outcome.expires_in, error=outcome.error
                    )
                break
            assert claim.waiter is not None
            await claim.waiter
            raise_outcome(claim.flight)
        self._apply(request, token)
        yield request


class AccessTokenAuth(_RefreshingAuth):
    """API Key + Secret Key, exchanged for an access token at `{base_url}/oauth/2.0/token` (v1)."""

    def __init__(
        self, api_key: str, secret_key: str, *, base_url: str, store: TokenStore | None = None
    ) -> None:
        register_secret(api_key)
        register_secret(secret_key)
        self._api_key = api_key
        self._secret_key = secret_key
        self._token_url = base_url.rstrip("/") + C.TOKEN_PATH
        self._query = _QueryToken()
        self.store = store or TokenStore.shared(key_id(base_url, api_key, secret_key))

    def __repr__(self) -> str:
        return f"AccessTokenAuth(key_id={self.store.key_id[:8]!r}, api_key='***', secret_key='***')"

    def _apply(self, request: httpx.Request, token: str) -> None:
        self._query.apply(request, token)

    def _token_of(self, request: httpx.Request) -> str | None:
        return self._query.token_of(request)

    def _parse_token(self, response: httpx.Response) -> tuple[str, float]:
        return parse_token_response(response)

    def _token_request(self) -> httpx.Request:
        return httpx.Request(
            "POST",
            self._token_url,
            params={
                "grant_type": "client_credentials",
                "client_id": self._api_key,
                "client_secret": self._secret_key,
            },
            headers={"Accept": "application/json", "Content-Type": "application/json"},
            extensions={"timeout": httpx.Timeout(C.TOKEN_TIMEOUT).as_dict()},
        )


class IamBearerAuth(_RefreshingAuth):
    """IAM Access Key + Secret Key, exchanged for a v2 bearer token at
    `{iam_base_url}/v1/BCE-BEARER/token` (the request signed with bce-auth-v1)."""

    def __init__(
        self,
        access_key: str,
        secret_key: str,
        *,
        iam_base_url: str,
        store: TokenStore | None = None,
        app_id: str | None = None,
        lifetime: int = C.IAM_BEARER_LIFETIME,
        clock: Clock | None = None,
    ) -> None:
        register_secret(access_key)
        register_secret(secret_key)
        self._access_key = access_key
        self._secret_key = secret_key
        self._url = f"{iam_base_url.rstrip('/')}{C.IAM_BEARER_PATH}?expireInSeconds={lifetime}"
        self._lifetime = lifetime
        self._app_id = app_id
        self.store = store or TokenStore.shared(key_id(iam_base_url, access_key, secret_key))
        # The store's clock, so that a token's expiry and the store's refresh agree on the time.
        self._clock = clock or self.store.clock

    def __repr__(self) -> str:
        return f"IamBearerAuth(key_id={self.store.key_id[:8]!r}, access_key='***', secret_key='***')"

    def _apply(self, request: httpx.Request, token: str) -> None:
        request.headers["Authorization"] = f"Bearer {token}"
        if self._app_id:
            request.headers["appid"] = self._app_id

    def _token_of(self, request: httpx.Request) -> str | None:
        value: str = request.headers.get("Authorization", "")
        return value[7:] if value.startswith("Bearer ") else None

    def _token_request(self) -> httpx.Request:
        request = httpx.Request(
            "GET",
            self._url,
            headers={"Accept": "application/json"},
            extensions={"timeout": httpx.Timeout(C.TOKEN_TIMEOUT).as_dict()},
        )
        sign(request, self._access_key, self._secret_key, self._clock(), signed=("host", "x-bce-date"))
        return request

    def _parse_token(self, response: httpx.Response) -> tuple[str, float]:
        return parse_bearer_response(response, now=self._clock(), asked=self._lifetime)


def parse_bearer_response(response: httpx.Response, *, now: float, asked: float) -> tuple[str, float]:
    """(bearer token, seconds it lives) from the IAM exchange's answer, or raise its error."""
    try:
        data = json.loads(response.content)
    except ValueError:
        data = None
    if response.status_code >= 400 or not isinstance(data, dict):
        text = response.content.decode("utf-8", "replace")
        if isinstance(data, dict) and response.status_code in (400, 401, 403):
            # BCE's own error shape: {"requestId", "code", "message"}.
            code = str(data.get("code") or "")
            raise InvalidCredentialsError(
                f"the IAM keys were refused when asking for a v2 bearer token ({code}: "
                f"{redact(str(data.get('message') or ''))}): check that QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY "
                "are the IAM Access Key/Secret Key of your Baidu AI Cloud account (not a v1 application's "
                "API Key) and that this machine's clock is right",
                error_msg=redact(text[: C.MAX_QUOTED_PAYLOAD]),
                http_status=response.status_code,
                code=code or None,
            )
        raise error_from_status(response.status_code, text, request_id=None)
    token = data.get("token")
    if not isinstance(token, str) or not token:
        raise APIError(
            "the IAM bearer-token exchange answered without a token", http_status=response.status_code
        )
    return token, _lifetime(data.get("expireTime"), now=now, asked=asked)


def _lifetime(expire_time: object, *, now: float, asked: float) -> float:
    """Seconds until `expireTime` (ISO 8601, UTC); what was asked for when it cannot be read."""
    if isinstance(expire_time, str):
        try:
            at = datetime.fromisoformat(expire_time.strip())
        except ValueError:
            return asked
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        left = at.timestamp() - now
        if left > 0:
            return min(left, asked * 2)  # a server clock far ahead must not make a token eternal
    return asked


@dataclass(slots=True)
class _FetchOutcome:
    token: str | None = None
    expires_in: float = 0.0
    error: ErnieError | None = None


AuthLike = StaticTokenAuth | AccessTokenAuth | BceSigningAuth | BearerAuth | IamBearerAuth


def describe(auth: Any) -> str:
    """Which kind of credentials a client uses, for messages (never the values)."""
    if isinstance(auth, BearerAuth):
        return "a v2 API key (QIANFAN_BEARER_TOKEN)"
    if isinstance(auth, IamBearerAuth):
        return "IAM Access Key/Secret Key → v2 bearer token (QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY)"
    if isinstance(auth, AccessTokenAuth):
        return "v1 API Key/Secret Key (QIANFAN_AK/QIANFAN_SK)"
    if isinstance(auth, StaticTokenAuth):
        return "a ready v1 access token (QIANFAN_ACCESS_TOKEN)"
    if isinstance(auth, BceSigningAuth):
        return "IAM Access Key/Secret Key signing v1 requests (QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY)"
    return "no credentials"
