"""v2 credentials: API keys (`bce-v3/ALTAK-<id>/<secret>`) and IAM-issued bearer tokens.

A v2 call carries `Authorization: Bearer <credential>`. The credential is either an API key made
in the console or a bearer token that `GET /v1/BCE-BEARER/token` issued for IAM keys; both have
the same `bce-v3/ALTAK-…/…` shape, so the emulator tells them apart by remembering what it
issued. An issued token is good until its `expireTime` (or until the admin hooks expire or revoke
it); after that the call gets 401 `invalid_iam_token`, the same answer as a wrong key, because
v2 does not say which (the qianfan SDK has a TODO about exactly that). Tokens live in memory: a
restarted emulator no longer knows them, and with no `--bearer-token` configured it then takes
them as any well-formed key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
import time
from collections.abc import Callable

from zuoye.emulator._auth import IssuedTokens, _Token
from zuoye.emulator._v2errors import V2Error

API_KEY_SHAPE = re.compile(r"bce-v3/ALTAK-[A-Za-z0-9]+/[A-Za-z0-9]+")
MAX_BEARER_TTL = 30 * 86400  # IAM caps a bearer token's life at 30 days
# IAM's page does not say what an absent expireInSeconds gives; a day is the emulator's choice.
DEFAULT_BEARER_TTL = 86400
_ALNUM = string.ascii_letters + string.digits


def iso_utc(epoch: float) -> str:
    """IAM's timestamp form, e.g. 2024-11-28T06:09:57Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


class BearerTokens(IssuedTokens):
    """Issues IAM bearer tokens and decides whether a v2 `Authorization` header is good."""

    def __init__(self, *, api_key: str | None = None, clock: Callable[[], float] = time.time) -> None:
        super().__init__(clock)
        self._api_key = api_key

    def issue(self, access_key: str, ttl: int) -> dict[str, str]:
        now = int(self._clock())
        token = f"bce-v3/ALTAK-{''.join(secrets.choice(_ALNUM) for _ in range(21))}/{secrets.token_hex(20)}"
        self._tokens[token] = _Token(expires_at=now + ttl)
        return {
            # A stable id per access key, as IAM names the account the key belongs to.
            "userId": hashlib.sha256(access_key.encode()).hexdigest()[:32],
            "token": token,
            "status": "enable",
            "createTime": iso_utc(now),
            "expireTime": iso_utc(now + ttl),
        }

    def check(self, authorization: str | None) -> None:
        """Raise the v2 401 for a missing, unknown, wrong, expired or revoked credential."""
        if not authorization or authorization[:7].lower() != "bearer ":
            raise V2Error("access_denied")
        credential = authorization[7:].strip()
        entry = self._tokens.get(credential)
        if entry is not None:
            if entry.revoked or self._clock() >= entry.expires_at:
                raise V2Error("invalid_iam_token")
            return
        if self._api_key is not None:
            if not hmac.compare_digest(credential.encode(), self._api_key.encode()):
                raise V2Error("invalid_iam_token")
        elif not API_KEY_SHAPE.fullmatch(credential):
            raise V2Error("invalid_iam_token")
