"""Credentials as `httpx.Auth`: API Key/Secret Key exchanged for an access token (cached in a
`TokenStore`), a ready access token, and (in `_signing.py`) bce-auth-v1 request signing.

Wenxin puts credentials in the query string (`access_token=`, and `client_secret=` for the
exchange), and httpx logs every request URL at INFO. `install_log_redaction()` adds a filter to the
`httpx` logger that masks them; it runs when the first client is created, never at import, and
adds no handler.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncGenerator, Generator
from dataclasses import dataclass
from typing import Any

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import error_from_body, error_from_oauth, error_from_status
from zuoye.ernie._errors import APIError, ErnieError, redact, register_secret
from zuoye.ernie._signing import BceSigningAuth
from zuoye.ernie._token_store import Flight, TokenStore, key_id, raise_outcome

log = logging.getLogger("zuoye.ernie")

# --------------------------------------------------------------------------- log redaction

_SECRET_MARKERS = ("access_token", "client_secret", "bce-auth-v1")


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


class _TokenQueryAuth(httpx.Auth):
    """Puts an access token into the query string."""

    refreshable = False

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

    def invalidate(self, request: httpx.Request) -> None:
        """Forget the token `request` carried (the service said 110/111)."""


class StaticTokenAuth(_TokenQueryAuth):
    """A ready access token (QIANFAN_ACCESS_TOKEN): used as given, never refreshed."""

    def __init__(self, token: str) -> None:
        super().__init__()
        register_secret(token)
        self._token = token

    def __repr__(self) -> str:
        return "StaticTokenAuth(token='***')"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.apply(request, self._token)
        yield request


class AccessTokenAuth(_TokenQueryAuth):
    """API Key + Secret Key, exchanged for an access token at `{base_url}/oauth/2.0/token`."""

    refreshable = True

    def __init__(
        self, api_key: str, secret_key: str, *, base_url: str, store: TokenStore | None = None
    ) -> None:
        super().__init__()
        register_secret(api_key)
        register_secret(secret_key)
        self._api_key = api_key
        self._secret_key = secret_key
        self._token_url = base_url.rstrip("/") + C.TOKEN_PATH
        self.store = store or TokenStore.shared(key_id(base_url, api_key, secret_key))

    def __repr__(self) -> str:
        return f"AccessTokenAuth(key_id={self.store.key_id[:8]!r}, api_key='***', secret_key='***')"

    def invalidate(self, request: httpx.Request) -> None:
        self.store.invalidate(self.token_of(request))

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
        self.apply(request, token)
        yield request

    def _fetch_sync(self, flight: Flight) -> Generator[httpx.Request, httpx.Response, str]:
        log.debug("fetching an access token for key %s", self.store.key_id[:8])
        outcome = _FetchOutcome()
        try:
            response = yield self._token_request()
            response.read()
            token, outcome.expires_in = parse_token_response(response)
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
                log.debug("fetching an access token for key %s", self.store.key_id[:8])
                outcome = _FetchOutcome()
                try:
                    response = yield self._token_request()
                    await response.aread()
                    token, outcome.expires_in = parse_token_response(response)
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
        self.apply(request, token)
        yield request


@dataclass(slots=True)
class _FetchOutcome:
    token: str | None = None
    expires_in: float = 0.0
    error: ErnieError | None = None


AuthLike = StaticTokenAuth | AccessTokenAuth | BceSigningAuth


def describe(auth: Any) -> str:
    """Which kind of credentials a client uses, for messages (never the values)."""
    if isinstance(auth, AccessTokenAuth):
        return "API Key/Secret Key (QIANFAN_AK/QIANFAN_SK)"
    if isinstance(auth, StaticTokenAuth):
        return "a ready access token (QIANFAN_ACCESS_TOKEN)"
    if isinstance(auth, BceSigningAuth):
        return "IAM Access Key/Secret Key (QIANFAN_ACCESS_KEY/QIANFAN_SECRET_KEY)"
    return "no credentials"
