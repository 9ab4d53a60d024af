"""bce-auth-v1: signing each request with IAM Access Key / Secret Key (no token, no I/O).

The steps and the test vector are in docs/protocol-v1.md ("Auth 2: bce-auth-v1 request signing"). The same signature
authorises v2's IAM bearer-token exchange (`IamBearerAuth` in `_auth.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable, Generator
from urllib.parse import quote

import httpx

from zuoye.ernie import _constants as C
from zuoye.ernie._errors import register_secret

Clock = Callable[[], float]


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
    """The `Authorization` value of bce-auth-v1 (docs/protocol-v1.md, steps 1-9)."""
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
        sign(request, self._access_key, self._secret_key, self._clock())
        yield request


def sign(
    request: httpx.Request,
    access_key: str,
    secret_key: str,
    now: float,
    *,
    signed: tuple[str, ...] = ("content-type", "host", "x-bce-date"),
) -> None:
    """Sign `request` in place: `x-bce-date` and `Authorization` headers."""
    timestamp = _utc(now)
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
        access_key=access_key,
        secret_key=secret_key,
        timestamp=timestamp,
        signed_headers=signed,
    )
