"""The ERNIE token of a key pair, fetched by one process and shared with the fleet through Redis.

A `zuoye.ernie.SharedTokenCache`: the token lives under `zuoye:token:<key id>` (the key id is a
hash of the keys, never the keys) until its expiry; a lock with a time limit makes one process
the fetcher; a rejected token is dropped only if no other process has replaced it yet. Redis then
holds a live credential: protect it like the database (a password, a private network).

Every method swallows Redis errors (logged once): with Redis down, each process fetches its own
token, as a single process does.
"""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

log = logging.getLogger("zuoye.fleet")

_PREFIX = "zuoye:token:"
# Long enough for one token exchange with its retries; a fetcher that dies frees it by then.
LOCK_SECONDS = 30
_UNLOCK = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
_FORGET = """
local raw = redis.call('GET', KEYS[1])
if raw and cjson.decode(raw)['token'] == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisTokenCache:
    def __init__(self, client: Any) -> None:
        self._redis = client
        self._unlock = client.register_script(_UNLOCK)
        self._forget = client.register_script(_FORGET)
        self._owner = uuid.uuid4().hex
        self._failing = False
        kwargs = client.connection_pool.connection_kwargs
        self._name = f"redis://{kwargs.get('host', '?')}:{kwargs.get('port', '?')}/{kwargs.get('db', 0)}"

    @property
    def name(self) -> str:
        return self._name

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # redis.RedisError and socket errors: the cache is an optimisation
            if not self._failing:
                log.warning("Redis unreachable (%s) while %s: this process fetches its own token", exc, what)
            self._failing = True
            return None
        self._failing = False
        return result

    def load(self, key_id: str) -> tuple[str, float] | None:
        raw = self._call("reading the shared token", self._redis.get, _PREFIX + key_id)
        if raw is None:
            return None
        try:
            entry = json.loads(raw)
            return str(entry["token"]), float(entry["expires_at"])
        except (ValueError, KeyError, TypeError):
            return None

    def store(self, key_id: str, token: str | None, expires_at: float = 0.0) -> None:
        if token is None:
            self._call("dropping the shared token", self._redis.delete, _PREFIX + key_id)
            return
        value = json.dumps({"token": token, "expires_at": expires_at})
        self._call(
            "sharing the token",
            self._redis.set,
            _PREFIX + key_id,
            value,
            pxat=int(expires_at * 1000),
        )

    def try_lock(self, key_id: str) -> bool:
        got = self._call(
            "taking the token lock",
            self._redis.set,
            _PREFIX + key_id + ":lock",
            self._owner,
            nx=True,
            ex=LOCK_SECONDS,
        )
        # Redis down: fetch as if alone (the reply is None then, as it is when the lock is taken,
        # so ask the failure flag which it was).
        return bool(got) or self._failing

    def unlock(self, key_id: str) -> None:
        self._call(
            "releasing the token lock", self._unlock, keys=[_PREFIX + key_id + ":lock"], args=[self._owner]
        )

    def forget(self, key_id: str, token: str) -> None:
        self._call("dropping a rejected token", self._forget, keys=[_PREFIX + key_id], args=[token])
