"""The access token of one API Key/Secret Key pair: cached, shared, refreshed once at a time.

- One token per key pair and base URL, shared by every client in the process (`TokenStore.shared`).
- Refreshed ahead of its `expires_in` (the SDKs before us ignored it and waited for a 110).
- Exactly one refresh in flight, across threads and asyncio tasks: the first caller to need a token
  fetches it, the others wait for that fetch (or, if the old token is still valid, keep using it).
- Optionally kept in a 0600 JSON file, so a CLI run does not exchange keys every time.
- Invalidated on 110/111 by the client, which then retries once.
- Or kept in a cache several processes share (`SharedTokenCache`, e.g. zuoye.fleet's Redis one):
  then one process fetches under the cache's lock and the others adopt its token, so a fleet
  makes one exchange, and one refresh after a rejection, not one per process.

No network I/O here: `AccessTokenAuth` (in `_auth.py`) does the exchange and reports back.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol, runtime_checkable

from zuoye.ernie import _constants as C
from zuoye.ernie._errors import ErnieError, register_secret

if TYPE_CHECKING:  # asyncio costs ~50 ms to import; only async callers pay for it
    import asyncio

log = logging.getLogger("zuoye.ernie")

Clock = Callable[[], float]


def key_id(base_url: str, api_key: str, secret_key: str) -> str:
    """A stable, non-reversible name for a key pair (for the disk cache and for reprs)."""
    return hashlib.sha256(f"{base_url}\0{api_key}\0{secret_key}".encode()).hexdigest()[:32]


def default_cache_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "zuoye" / "ernie-tokens.json"


class TokenCache(Protocol):
    """Where tokens are kept beyond one process's memory. `name` tells caches apart."""

    @property
    def name(self) -> str: ...

    def load(self, key_id: str) -> tuple[str, float] | None:
        """(token, expires_at as time.time()) or None."""
        ...

    def store(self, key_id: str, token: str | None, expires_at: float = 0.0) -> None: ...


@runtime_checkable
class SharedTokenCache(Protocol):
    """A `TokenCache` several processes use at once, with a lock for the fetch. Its methods never
    raise: when the cache is unreachable, `load` finds nothing and `try_lock` succeeds, so each
    process fetches its own token as if there were no cache."""

    @property
    def name(self) -> str: ...

    def load(self, key_id: str) -> tuple[str, float] | None: ...

    def store(self, key_id: str, token: str | None, expires_at: float = 0.0) -> None: ...

    def try_lock(self, key_id: str) -> bool:
        """Become the one process fetching this key's token (the lock expires on its own)."""
        ...

    def unlock(self, key_id: str) -> None: ...

    def forget(self, key_id: str, token: str) -> None:
        """Drop `token` (rejected by the service), unless another process already replaced it."""
        ...


# How often a process waiting for another process's fetch looks in the shared cache.
SHARED_POLL_SECONDS = 0.05


class DiskTokenCache:
    """Tokens by key id in one JSON file, written atomically with mode 0600."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)

    @property
    def name(self) -> str:
        return str(self.path)

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


class Flight:
    """One token fetch in progress, and who is waiting for it."""

    __slots__ = ("done", "error", "waiters")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: ErnieError | None = None
        self.waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []


@dataclass(slots=True)
class _Claim:
    token: str | None
    flight: Flight | None = None
    owner: bool = False
    waiter: asyncio.Future[None] | None = None


def raise_outcome(flight: Flight) -> None:
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

    _stores: ClassVar[dict[tuple[str, str], TokenStore]] = {}
    _shared_lock = threading.Lock()

    def __init__(self, key_id: str, *, clock: Clock = time.time, cache: TokenCache | None = None) -> None:
        self.key_id = key_id
        self._clock = clock
        self._cache = cache
        self._shared = cache if isinstance(cache, SharedTokenCache) else None
        self._holds_shared_lock = False
        self._lock = threading.Lock()
        self._token: str | None = None
        self._rejected: str | None = None
        self._expires_at = 0.0
        self._refresh_at = 0.0
        self._flight: Flight | None = None
        self._loaded = cache is None
        self.fetches = 0  # how many exchanges were started: observability and tests

    @classmethod
    def shared(cls, key_id: str, *, cache: TokenCache | None = None) -> TokenStore:
        """The process-wide store for a key pair: every client with the same keys shares one token."""
        with cls._shared_lock:
            store = cls._stores.get((key_id, cache.name if cache else ""))
            if store is None:
                store = cls(key_id, cache=cache)
                cls._stores[(key_id, cache.name if cache else "")] = store
            return store

    def __repr__(self) -> str:
        return f"TokenStore(key_id={self.key_id[:8]!r}, has_token={self._token is not None})"

    @property
    def clock(self) -> Clock:
        return self._clock

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
                    # A token from the cache: its fetch time is unknown, so its margin is a share
                    # of what is left (not of a standard lifetime: IAM bearer tokens live a day,
                    # v1 tokens 30, and a one-day token would otherwise be due at once).
                    self._set(*cached, now)
            token = self._token if self._token is not None and now < self._expires_at else None
            if token is not None and now < self._refresh_at:
                return _Claim(token)
            if self._flight is None:
                self._flight = Flight()
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
        flight: Flight,
        *,
        token: str | None = None,
        expires_in: float = 0.0,
        error: ErnieError | None = None,
        adopted: bool = False,
    ) -> None:
        """Report the outcome of a fetch; wakes every waiter. No token and no error = aborted.
        `adopted`: the token came from the shared cache (another process fetched it)."""
        with self._lock:
            now = self._clock()
            if token is not None:
                self._set(token, now + expires_in, now)
            if self._flight is flight:
                self._flight = None
            flight.error = error
            waiters, flight.waiters = flight.waiters, []
        if token is not None and self._cache is not None and not adopted:
            self._cache.store(self.key_id, token, now + expires_in)
        if self._shared is not None and self._holds_shared_lock:
            self._holds_shared_lock = False
            self._shared.unlock(self.key_id)
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
            self._rejected = token
        if self._shared is not None:
            self._shared.forget(self.key_id, token)
        elif self._cache is not None:
            self._cache.store(self.key_id, None)

    def coordinate(self, flight: Flight) -> tuple[Literal["use", "fetch", "wait"], str | None]:
        """For the owner of `flight`, before it fetches: with a shared cache, ("use", token) when
        another process has fetched a usable token (the flight is finished with it), ("fetch",
        None) when this process took the fleet's lock, ("wait", None) while another process holds
        it (look again after SHARED_POLL_SECONDS). Without one, always ("fetch", None)."""
        shared = self._shared
        if shared is None:
            return "fetch", None
        if self._adopt(flight, shared):
            return "use", self._token
        if not shared.try_lock(self.key_id):
            return "wait", None
        self._holds_shared_lock = True
        # Looked again under the lock: the last holder may have stored its token and let go
        # between this process's first look and its taking the lock.
        if self._adopt(flight, shared):  # (finish lets the lock go)
            return "use", self._token
        return "fetch", None

    def _adopt(self, flight: Flight, shared: SharedTokenCache) -> bool:
        """Finish `flight` with the shared cache's token if another process fetched a usable one."""
        cached = shared.load(self.key_id)
        now = self._clock()
        if cached is None:
            return False
        token, expires_at = cached
        # Not the token this process is replacing (rejected, or due for refresh).
        if expires_at <= now or token in (self._rejected, self._token):
            return False
        self.finish(flight, token=token, expires_in=expires_at - now, adopted=True)
        return True
