"""Credentials as `httpx.Auth`: the access-token cache (API Key/Secret Key), a ready token, and
bce-auth-v1 request signing (IAM Access Key/Secret Key).

The token cache:
- one token per key pair and base URL, shared by every client in the process (`TokenStore.shared`);
- refreshed ahead of its `expires_in` (the SDKs before us ignored it and waited for a 110);
- exactly one refresh in flight, across threads and asyncio tasks: the first caller to need a token
  fetches it, the others wait for that fetch (or, if the old token is still valid, keep using it);
- optionally kept in a 0600 JSON file, so a CLI run does not exchange keys every time;
- invalidated on 110/111 by the client, which then retries once.

Wenxin puts credentials in the query string (`access_token=`, and `client_secret=` for the
exchange), and httpx logs every request URL at INFO. `install_log_redaction()` adds a filter to the
`httpx` logger that masks them; it runs when the first client is created, never at import, and
adds no handler.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._base import error_from_body, error_from_oauth, error_from_status
from zuoye.ernie._errors import APIError, ErnieError, redact, register_secret

if TYPE_CHECKING:  # asyncio costs ~50 ms to import; only async callers pay for it
    import asyncio

log = logging.getLogger("zuoye.ernie")

Clock = Callable[[], float]

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


# --------------------------------------------------------------------------- the token cache


def key_id(base_url: str, api_key: str, secret_key: str) -> str:
    """A stable, non-reversible name for a key pair (for the disk cache and for reprs)."""
    return hashlib.sha256(f"{base_url}\0{api_key}\0{secret_key}".encode()).hexdigest()[:32]


def default_cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zuoye" / "ernie-tokens.json"


class DiskTokenCache:
    """Tokens by key id in one JSON file, written atomically with mode 0600."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    def load(self, key_id: str) -> tuple[str, float] | None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            entry = data[key_id]
            return str(entry["access_token"]), float(entry["expires_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def store(self, key_id: str, token: str | None, expires_at: float = 0.0) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
            if not isinstance(data, dict):
                data = {}
        except (OSError, ValueError):
            data = {}
        if token is None:
            data.pop(key_id, None)
        else:
            data[key_id] = {"access_token": token, "expires_at": expires_at}
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            import tempfile

            # mkstemp creates the file 0600; os.replace makes the update atomic for readers.
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".ernie-tokens-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(data, f)
                os.chmod(tmp, 0o600)
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            # The cache is an optimisation: failing to write it must not fail the request.
            log.warning("could not write the token cache %s: %s", self.path, exc.strerror)


class _Flight:
    """One token fetch in progress, and who is waiting for it."""

    __slots__ = ("done", "error", "waiters")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: ErnieError | None = None
        self.waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []


@dataclass(slots=True)
class _Claim:
    token: str | None
    flight: _Flight | None = None
    owner: bool = False
    waiter: asyncio.Future[None] | None = None


def _outcome(flight: _Flight) -> None:
    """After waiting for another caller's fetch: its error is ours too (a copy, so concurrent
    raisers do not share one traceback); an aborted fetch means claiming again."""
    if flight.error is not None:
        raise copy.copy(flight.error)


def _wake(fut: asyncio.Future[None]) -> None:
    if not fut.done():
        fut.set_result(None)


class TokenStore:
    """The access token of one key pair. Thread-safe; never does I/O while holding its lock
    except reading the small disk cache once."""

    _shared: ClassVar[dict[tuple[str, str], TokenStore]] = {}
    _shared_lock = threading.Lock()

    def __init__(self, key_id: str, *, clock: Clock = time.time, cache: DiskTokenCache | None = None) -> None:
        self.key_id = key_id
        self._clock = clock
        self._cache = cache
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0
        self._refresh_at = 0.0
        self._flight: _Flight | None = None
        self._loaded = cache is None
        self.fetches = 0  # how many exchanges were started: observability and tests

    @classmethod
    def shared(cls, key_id: str, *, cache: DiskTokenCache | None = None) -> TokenStore:
        """The process-wide store for a key pair: every client with the same keys shares one token."""
        with cls._shared_lock:
            store = cls._shared.get((key_id, str(cache.path) if cache else ""))
            if store is None:
                store = cls(key_id, cache=cache)
                cls._shared[(key_id, str(cache.path) if cache else "")] = store
            return store

    def __repr__(self) -> str:
        return f"TokenStore(key_id={self.key_id[:8]!r}, has_token={self._token is not None})"

    def _set(self, token: str, expires_at: float, now: float) -> None:
        register_secret(token)
        lifetime = max(expires_at - now, 0.0)
        margin = min(lifetime * C.TOKEN_REFRESH_FRACTION, C.TOKEN_REFRESH_MAX_MARGIN)
        self._token, self._expires_at, self._refresh_at = token, expires_at, expires_at - margin

    def claim(self, *, loop: asyncio.AbstractEventLoop | None = None) -> _Claim:
        """What the caller should do now: use `token`; or, being the `owner` of `flight`, fetch one
        and report to `finish`; or wait for another caller's `flight` (on `waiter` when `loop` is
        given, registered here under the lock so no wake-up is missed) and claim again."""
        with self._lock:
            now = self._clock()
            if not self._loaded:
                self._loaded = True
                cached = self._cache.load(self.key_id) if self._cache else None
                if cached and cached[1] > now:
                    # A token from disk: its fetch time is unknown, so refresh it when 10% of a
                    # standard lifetime remains.
                    self._token, self._expires_at = cached
                    register_secret(cached[0])
                    self._refresh_at = cached[1] - min(
                        C.TOKEN_REFRESH_MAX_MARGIN, 2_592_000 * C.TOKEN_REFRESH_FRACTION
                    )
            token = self._token if self._token is not None and now < self._expires_at else None
            if token is not None and now < self._refresh_at:
                return _Claim(token)
            if self._flight is None:
                self._flight = _Flight()
                self.fetches += 1
                return _Claim(None, self._flight, owner=True)
            if token is not None:
                return _Claim(token)  # still valid while another caller refreshes it
            waiter: asyncio.Future[None] | None = None
            if loop is not None:
                waiter = loop.create_future()
                self._flight.waiters.append((loop, waiter))
            return _Claim(None, self._flight, waiter=waiter)

    def finish(
        self,
        flight: _Flight,
        *,
        token: str | None = None,
        expires_in: float = 0.0,
        error: ErnieError | None = None,
    ) -> None:
        """Report the outcome of a fetch; wakes every waiter. No token and no error = aborted."""
        with self._lock:
            now = self._clock()
            if token is not None:
                self._set(token, now + expires_in, now)
            if self._flight is flight:
                self._flight = None
            flight.error = error
            waiters, flight.waiters = flight.waiters, []
        if token is not None and self._cache is not None:
            self._cache.store(self.key_id, token, now + expires_in)
        flight.done.set()
        for loop, fut in waiters:
            # A closed loop raises RuntimeError: nobody there is waiting any more.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_wake, fut)

    def invalidate(self, token: str | None) -> None:
        """The service rejected `token` (110/111): forget it unless it was already replaced."""
        with self._lock:
            if token is None or self._token != token:
                return
            self._token, self._expires_at, self._refresh_at = None, 0.0, 0.0
        if self._cache is not None:
            self._cache.store(self.key_id, None)


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
        expires_in = float(data.get("expires_in") or 2_592_000)
    except (TypeError, ValueError):
        expires_in = 2_592_000.0  # the documented lifetime
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
            _outcome(claim.flight)
        self.apply(request, token)
        yield request

    def _fetch_sync(self, flight: _Flight) -> Generator[httpx.Request, httpx.Response, str]:
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
            _outcome(claim.flight)
        self.apply(request, token)
        yield request


@dataclass(slots=True)
class _FetchOutcome:
    token: str | None = None
    expires_in: float = 0.0
    error: ErnieError | None = None


# --------------------------------------------------------------------------- bce-auth-v1 signing

_UNRESERVED = "-_.~"


def _enc(text: str, *, keep_slash: bool = False) -> str:
    # RFC 3986 percent-encoding per UTF-8 byte; only A-Za-z0-9-_.~ (and '/' in paths) stay literal.
    return quote(text, safe=_UNRESERVED + ("/" if keep_slash else ""))


def _utc(ts: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))


def sign_request(
    *,
    method: str,
    path: str,
    query: list[tuple[str, str]],
    headers: dict[str, str],
    access_key: str,
    secret_key: str,
    timestamp: str,
    expiration: int = C.SIGNATURE_EXPIRATION_SECONDS,
    signed_headers: tuple[str, ...] = ("content-type", "host", "x-bce-date"),
) -> str:
    """The `Authorization` value of bce-auth-v1 (PROTOCOL-NOTES.md, steps 1-9)."""
    auth_prefix = f"bce-auth-v1/{access_key}/{timestamp}/{expiration}"
    signing_key = hmac.new(secret_key.encode(), auth_prefix.encode(), hashlib.sha256).hexdigest()
    canonical_uri = _enc(path, keep_slash=True)
    canonical_query = "&".join(
        sorted(f"{_enc(k)}={_enc(v)}" for k, v in query if k.lower() != "authorization")
    )
    lowered = {k.lower(): v.strip() for k, v in headers.items()}
    names = sorted(h for h in signed_headers if lowered.get(h))
    canonical_headers = "\n".join(sorted(f"{_enc(h)}:{_enc(lowered[h])}" for h in names))
    canonical_request = f"{method.upper()}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}"
    signature = hmac.new(signing_key.encode(), canonical_request.encode(), hashlib.sha256).hexdigest()
    return f"{auth_prefix}/{';'.join(names)}/{signature}"


class BceSigningAuth(httpx.Auth):
    """IAM Access Key / Secret Key: each request signed with bce-auth-v1, no token, no I/O."""

    refreshable = False

    def __init__(self, access_key: str, secret_key: str, *, clock: Clock = time.time) -> None:
        register_secret(access_key)
        register_secret(secret_key)
        self._access_key = access_key
        self._secret_key = secret_key
        self._clock = clock

    def __repr__(self) -> str:
        return "BceSigningAuth(access_key='***', secret_key='***')"

    def invalidate(self, request: httpx.Request) -> None:
        """Nothing to refresh: a rejected signature is reported as it is."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        timestamp = _utc(self._clock())
        request.headers["x-bce-date"] = timestamp
        headers: dict[str, str] = {
            "content-type": request.headers.get("content-type", ""),
            "host": request.headers.get("host") or request.url.netloc.decode("ascii"),
            "x-bce-date": timestamp,
        }
        request.headers["Authorization"] = sign_request(
            method=request.method,
            path=request.url.path,
            query=list(request.url.params.multi_items()),
            headers=headers,
            access_key=self._access_key,
            secret_key=self._secret_key,
            timestamp=timestamp,
        )
        yield request


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
