"""Credentials as the emulator checks them: the OAuth token exchange and `bce-auth-v1` signatures.

Access tokens look like Baidu's (`24.<32 hex>.<lifetime>.<unix expiry>.282335-<AppID>`, see
oauth-token.md) and live in memory: a restarted emulator answers old tokens with 110, as Baidu
does for a revoked one. `expire_all()`/`revoke_all()` are the test hooks behind
`/_emulator/expire-tokens` and `/_emulator/revoke-tokens`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from zuoye.emulator._errors import ApiError, OAuthError

DEFAULT_TOKEN_TTL = 2_592_000  # 30 days, what Baidu answers in `expires_in`
# Signatures dated this far in the future still pass: clocks disagree a little.
CLOCK_SKEW_SECONDS = 300
SCOPE = "public ai_custom_yiyan_com ai_custom_yiyan_com_eb_pro brain_all_scope"


@dataclass(slots=True)
class _Token:
    expires_at: float
    revoked: bool = False


class IssuedTokens:
    """The tokens an endpoint has issued, which the admin hooks can expire or revoke at once
    (v1 access tokens here, v2 bearer tokens in `_bearer.py`)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._tokens: dict[str, _Token] = {}

    def expire_all(self) -> int:
        now = self._clock()
        for entry in self._tokens.values():
            entry.expires_at = min(entry.expires_at, now)
        return len(self._tokens)

    def revoke_all(self) -> int:
        for entry in self._tokens.values():
            entry.revoked = True
        return len(self._tokens)

    def __len__(self) -> int:
        return len(self._tokens)


class TokenStore(IssuedTokens):
    """Issues access tokens for a key pair and answers whether one is still good."""

    def __init__(
        self,
        *,
        api_key: str | None,
        secret_key: str | None,
        ttl: int = DEFAULT_TOKEN_TTL,
        app_id: str = "10000001",
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__(clock)
        self._api_key = api_key
        self._secret_key = secret_key
        self.ttl = ttl
        self.app_id = app_id

    def issue(
        self, client_id: str | None, client_secret: str | None, grant_type: str | None
    ) -> dict[str, object]:
        if grant_type != "client_credentials":
            raise OAuthError(400, "unsupported_grant_type", "The authorization grant type is not supported")
        if not client_id or (self._api_key is not None and client_id != self._api_key):
            raise OAuthError(401, "invalid_client", "unknown client id")
        if not client_secret or (self._secret_key is not None and client_secret != self._secret_key):
            raise OAuthError(401, "invalid_client", "Client authentication failed")
        now = int(self._clock())
        expiry = now + self.ttl
        suffix = f"282335-{self.app_id}"
        token = f"24.{secrets.token_hex(16)}.{self.ttl}.{expiry}.{suffix}"
        self._tokens[token] = _Token(expires_at=now + self.ttl)
        return {
            "refresh_token": f"25.{secrets.token_hex(16)}.315360000.{now + 315360000}.{suffix}",
            "expires_in": self.ttl,
            "session_key": secrets.token_urlsafe(48),
            "access_token": token,
            "scope": SCOPE,
            "session_secret": secrets.token_hex(16),
        }

    def check(self, token: str | None) -> None:
        """Raise the error Baidu gives for a missing (100), unknown (110) or expired (111) token."""
        if not token:
            raise ApiError(100)
        entry = self._tokens.get(token)
        if entry is None or entry.revoked:
            raise ApiError(110)
        if self._clock() >= entry.expires_at:
            raise ApiError(111)


# --- bce-auth-v1 -------------------------------------------------------------------------

_DEFAULT_SIGNED = ("host", "content-md5", "content-length", "content-type")


def _enc(value: str) -> str:
    return quote(value, safe="-_.~")


def _canonical_headers(headers: Mapping[str, str], names: list[str]) -> str:
    lines = []
    for name in names:
        value = headers.get(name, "").strip()
        if value:  # empty values do not take part in the signature
            lines.append(f"{_enc(name)}:{_enc(value)}")
    return "\n".join(sorted(lines))


def sign_request(
    *,
    access_key: str,
    secret_key: str,
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    signed: list[str],
    timestamp: str,
    expiration: int,
) -> str:
    """The hex signature of a request (PROTOCOL-NOTES.md, steps 1–8); `headers` keys lower-case."""
    prefix = f"bce-auth-v1/{access_key}/{timestamp}/{expiration}"
    signing_key = hmac.new(secret_key.encode(), prefix.encode(), hashlib.sha256).hexdigest()
    canonical_uri = quote(path, safe="/-_.~")
    canonical_query = "&".join(
        sorted(f"{_enc(k)}={_enc(v)}" for k, v in query.items() if k.lower() != "authorization")
    )
    canonical = "\n".join(
        [method.upper(), canonical_uri, canonical_query, _canonical_headers(headers, signed)]
    )
    return hmac.new(signing_key.encode(), canonical.encode(), hashlib.sha256).hexdigest()


class SignatureError(ApiError):
    """A `bce-auth-v1` check that failed: v1 answers it as 14; IAM names the `reason`.

    Reasons: "malformed" (not a bce-auth-v1 header), "expired" (outside its validity window),
    "unknown_key" (not the configured access key), "mismatch" (the signature does not hold).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(14)
        self.reason = reason


def _parse_timestamp(ts: str) -> float:
    import calendar

    parsed = time.strptime(ts, "%Y-%m-%dT%H:%M:%SZ")
    return float(calendar.timegm(parsed))


def verify_signature(
    authorization: str,
    *,
    method: str,
    path: str,
    query: Mapping[str, str],
    headers: Mapping[str, str],
    access_key: str | None,
    secret_key: str | None,
    now: float,
) -> None:
    """Check a `bce-auth-v1` Authorization header; raise SignatureError (an ApiError 14) if it fails.

    With no IAM key pair configured only the form and the validity window are checked (any
    signer is welcome, as any API key pair is for tokens); with one, the signature too.
    """
    parts = authorization.strip().split("/")
    if len(parts) != 6 or parts[0] != "bce-auth-v1":
        raise SignatureError("malformed")
    _, ak, ts, expiration_s, signed_s, signature = parts
    try:
        issued = _parse_timestamp(ts)
        expiration = int(expiration_s)
    except ValueError:
        raise SignatureError("malformed") from None
    if expiration <= 0 or now > issued + expiration or issued > now + CLOCK_SKEW_SECONDS:
        raise SignatureError("expired")
    if access_key is None or secret_key is None:
        return
    if not hmac.compare_digest(ak, access_key):
        raise SignatureError("unknown_key")
    signed = [n.strip().lower() for n in signed_s.split(";") if n.strip()] or list(_DEFAULT_SIGNED)
    candidates = [signed]
    # Baidu's own SDK signs every x-bce-* header whether listed or not; accept that form too.
    extra = [n for n in headers if n.startswith("x-bce-") and n not in signed]
    if extra:
        candidates.append(signed + extra)
    for names in candidates:
        expected = sign_request(
            access_key=ak,
            secret_key=secret_key,
            method=method,
            path=path,
            query=query,
            headers=headers,
            signed=names,
            timestamp=ts,
            expiration=expiration,
        )
        if hmac.compare_digest(expected, signature.lower()):
            return
    raise SignatureError("mismatch")
